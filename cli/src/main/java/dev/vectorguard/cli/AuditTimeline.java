package dev.vectorguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.audit.AuditEvent;
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
    if (event.get("query") != null) {
      out.println(printable("    ? query    " + json(event.get("query"))));
    }
    if (event.get("request") != null) {
      out.println(printable("    > request  " + json(event.get("request"))));
    }
    if (event.get("response") != null) {
      out.println(printable("    < response " + json(event.get("response"))));
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
          + "  credential " + event.get("credential.kind");
      case AuditEvent.CALL_COMPLETED -> call(event) + "  " + event.get("outcome.status") + ' ' + event.get("outcome.code")
          + "  " + millis(event.get("outcome.latency_us"))
          + (event.get("outcome.result_count") == null ? "" : "  results " + event.get("outcome.result_count"))
          + "  out " + event.get("outcome.bytes_out") + " B, in " + event.get("outcome.bytes_in") + " B"
          + masked(event) + (event.get("outcome.error") == null ? "" : "  error: " + event.get("outcome.error"));
      case AuditEvent.CALL_REFUSED -> (event.get("call.backend") == null ? String.valueOf(event.get("call.endpoint"))
          : call(event)) + "  " + (event.get("failure") == null ? "" : "(" + event.get("failure") + ") ")
          + event.get("reason") + identity(event);
      case AuditEvent.POLICY_LOADED -> event.get("source") + " version " + event.get("version") + " (" + event.get("rules")
          + " rules)";
      case AuditEvent.POLICY_REJECTED -> event.get("source") + " rejected: " + event.get("errors")
          + (event.get("version_in_force") == null ? "" : "; still in force: " + event.get("version_in_force"));
      case AuditEvent.AUDIT_DROPPED -> event.get("count") + " events dropped (queue full) since " + event.get("since");
      default -> json(event.data());
    };
  }

  private static String call(AuditEvent event) {
    return event.get("call.backend") + " " + event.get("call.operation") + " " + names(event.get("call.collections"));
  }

  private static String decision(AuditEvent event) {
    Object rules = event.get("decision.rules");
    return event.get("decision.effect") + (rules instanceof List<?> list && !list.isEmpty() ? " by " + names(list) : "")
        + " (policy " + event.get("decision.policy_version") + ")"
        + (Boolean.FALSE.equals(event.get("decision.enforced")) ? " [monitor]" : "");
  }

  private static String identity(AuditEvent event) {
    String text = "  workload " + event.get("workload.id");
    if (event.get("actor") instanceof Map<?, ?> actor && !actor.isEmpty()) {
      text += "  actor " + actor.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(" "));
    }
    return text;
  }

  private static String masked(AuditEvent event) {
    long fields = 0;
    if (event.get("masked.fields") instanceof Map<?, ?> byAction) {
      for (Object n : byAction.values()) {
        fields += n instanceof Number number ? number.longValue() : 0;
      }
    }
    Object stripped = event.get("masked.vectors_stripped");
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
