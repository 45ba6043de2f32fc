package dev.vectorguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats audit events as timeline lines for {@code vectorguard audit show}. */
final class AuditTimeline {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditTimeline() {}

  static void print(AuditEvent event, PrintWriter out) {
    StringBuilder line = new StringBuilder();
    line.append(event.timestamp()).append("  ").append(String.format("%-15s", event.type()));
    if (event.callId() != null) {
      line.append(' ').append(event.callId());
    }
    line.append("  ").append(summary(event));
    out.println(printable(line.toString().stripTrailing()));
    if (event.get(AuditFields.QUERY) != null) {
      out.println(printable("    ? query    " + json(event.get(AuditFields.QUERY))));
    }
    if (event.get(AuditFields.REQUEST) != null) {
      out.println(printable("    > request  " + json(event.get(AuditFields.REQUEST))));
    }
    if (event.get(AuditFields.RESPONSE) != null) {
      out.println(printable("    < response " + json(event.get(AuditFields.RESPONSE))));
    }
  }

  /**
   * Escapes control characters: event values come from requests and must not move the cursor,
   * rewrite the terminal title or forge timeline lines.
   */
  static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
      if (control && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (control) {
          out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String summary(AuditEvent event) {
    return switch (event.type()) {
      case AuditEvent.CALL_STARTED -> call(event) + "  " + decision(event) + identity(event)
          + "  credential " + event.get(AuditFields.CREDENTIAL_KIND);
      case AuditEvent.CALL_COMPLETED -> call(event) + "  " + outcome(event) + masked(event)
          + ifPresent(event, AuditFields.OUTCOME_ERROR, "  error: ", "");
      case AuditEvent.CALL_REFUSED -> (event.get(AuditFields.CALL_BACKEND) == null
          ? String.valueOf(event.get(AuditFields.CALL_ENDPOINT)) : call(event))
          + "  " + ifPresent(event, AuditFields.FAILURE, "(", ") ") + event.get(AuditFields.REASON) + identity(event);
      case AuditEvent.POLICY_LOADED -> event.get(AuditFields.SOURCE) + " version " + event.get(AuditFields.VERSION)
          + " (" + event.get(AuditFields.RULES) + " rules)";
      case AuditEvent.POLICY_REJECTED -> event.get(AuditFields.SOURCE) + " rejected: " + event.get(AuditFields.ERRORS)
          + ifPresent(event, AuditFields.VERSION_IN_FORCE, "; still in force: ", "");
      case AuditEvent.AUDIT_DROPPED -> event.get(AuditFields.COUNT) + " events dropped (queue full) since "
          + event.get(AuditFields.SINCE);
      default -> json(event.data());
    };
  }

  private static String call(AuditEvent event) {
    return event.get(AuditFields.CALL_BACKEND) + " " + event.get(AuditFields.CALL_OPERATION) + " "
        + names(event.get(AuditFields.CALL_COLLECTIONS));
  }

  private static String decision(AuditEvent event) {
    Object rules = event.get(AuditFields.DECISION_RULES);
    return event.get(AuditFields.DECISION_EFFECT)
        + (rules instanceof List<?> list && !list.isEmpty() ? " by " + names(list) : "")
        + " (policy " + event.get(AuditFields.DECISION_POLICY_VERSION) + ")"
        + (Boolean.FALSE.equals(event.get(AuditFields.DECISION_ENFORCED)) ? " [monitor]" : "");
  }

  private static String outcome(AuditEvent event) {
    return event.get(AuditFields.OUTCOME_STATUS) + " " + event.get(AuditFields.OUTCOME_CODE)
        + "  " + millis(event.get(AuditFields.OUTCOME_LATENCY_US))
        + ifPresent(event, AuditFields.OUTCOME_RESULT_COUNT, "  results ", "")
        + "  out " + event.get(AuditFields.OUTCOME_BYTES_OUT) + " B, in " + event.get(AuditFields.OUTCOME_BYTES_IN)
        + " B";
  }

  /** The value at {@code path} between {@code before} and {@code after}, or nothing when there is none. */
  private static String ifPresent(AuditEvent event, String path, String before, String after) {
    Object value = event.get(path);
    return value == null ? "" : before + value + after;
  }

  private static String identity(AuditEvent event) {
    String text = "  workload " + event.get(AuditFields.WORKLOAD_ID);
    if (event.get(AuditFields.ACTOR) instanceof Map<?, ?> actor && !actor.isEmpty()) {
      text += "  actor " + actor.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(" "));
    }
    return text;
  }

  private static String masked(AuditEvent event) {
    long fields = 0;
    if (event.get(AuditFields.MASKED_FIELDS) instanceof Map<?, ?> byAction) {
      for (Object n : byAction.values()) {
        fields += n instanceof Number number ? number.longValue() : 0;
      }
    }
    Object stripped = event.get(AuditFields.MASKED_VECTORS_STRIPPED);
    return (fields == 0 ? "" : "  masked " + fields + " fields")
        + (stripped instanceof Number n && n.longValue() > 0 ? "  stripped " + n + " vectors" : "");
  }

  private static String millis(Object micros) {
    return micros instanceof Number n ? String.format(java.util.Locale.ROOT, "%.1f ms", n.longValue() / 1000.0) : "? ms";
  }

  private static String names(Object list) {
    return list instanceof List<?> items ? items.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))
        : String.valueOf(list);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
