package dev.vectorguard.audit;

import dev.vectorguard.internal.Ids;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Factories for the events that are not about one call: policy changes and the audit trail's own
 * events. A policy reloader writes them to the guard's sink:
 *
 * <pre>{@code
 * sink.write(AuditEvents.policyLoaded("policy.yaml", policy.version(), 12, clock.instant()));
 * sink.write(AuditEvents.policyRejected("policy.yaml", List.of("rules[2].effect: unknown 'alow'"),
 *     policy.version(), clock.instant()));
 * }</pre>
 */
public final class AuditEvents {
  private AuditEvents() {}

  /** An event with a fresh id. */
  public static AuditEvent create(String type, @Nullable String callId, Instant at, Map<String, ?> data) {
    return AuditEvent.of(Ids.next("evt_"), type, callId, at, data);
  }

  /**
   * A policy was loaded and is now in force.
   *
   * @param source where it came from (a file name or URL, never its content)
   * @param version its content digest
   * @param rules how many rules it has
   */
  public static AuditEvent policyLoaded(String source, String version, int rules, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(AuditFields.SOURCE, Objects.requireNonNull(source, "source"));
    data.put(AuditFields.VERSION, Objects.requireNonNull(version, "version"));
    data.put(AuditFields.RULES, rules);
    return create(AuditEvent.POLICY_LOADED, null, at, data);
  }

  /**
   * A policy was rejected; the one in force (if any) stays.
   *
   * @param errors the validation errors, one line each
   * @param versionInForce the version still in force, or {@code null} when none is
   */
  public static AuditEvent policyRejected(String source, List<String> errors, @Nullable String versionInForce,
      Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(AuditFields.SOURCE, Objects.requireNonNull(source, "source"));
    data.put(AuditFields.ERRORS, List.copyOf(errors));
    if (versionInForce != null) {
      data.put(AuditFields.VERSION_IN_FORCE, versionInForce);
    }
    return create(AuditEvent.POLICY_REJECTED, null, at, data);
  }

  /**
   * {@code count} events a {@link HashChainFileSink} had accepted were lost because it could not
   * write them, the first failure at {@code since}.
   */
  public static AuditEvent lost(long count, Instant since, @Nullable String error, Instant at) {
    return create(AuditEvent.AUDIT_DROPPED, null, at, notInTrail(count, since, "write_failed", error));
  }

  /**
   * A guard's sink did not accept {@code count} events since {@code since}; meanwhile the guard
   * refused {@code refusedCalls} calls (required audit mode) and let {@code unauditedCalls} go
   * ahead unaudited (best effort). Written by the guard once its sink accepts events again.
   */
  public static AuditEvent notAccepted(long count, long refusedCalls, long unauditedCalls, Instant since,
      @Nullable String error, Instant at) {
    Map<String, Object> data = notInTrail(count, since, "sink_failed", error);
    data.put(AuditFields.REFUSED_CALLS, refusedCalls);
    data.put(AuditFields.UNAUDITED_CALLS, unauditedCalls);
    return create(AuditEvent.AUDIT_DROPPED, null, at, data);
  }

  private static Map<String, Object> notInTrail(long count, Instant since, String cause, @Nullable String error) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(AuditFields.COUNT, count);
    data.put(AuditFields.SINCE, since.toString());
    data.put(AuditFields.CAUSE, cause);
    if (error != null) {
      data.put(AuditFields.ERROR, error);
    }
    return data;
  }

  /** {@code count} events were dropped because a queue was full, the first at {@code since}. */
  public static AuditEvent dropped(long count, Instant since, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(AuditFields.COUNT, count);
    data.put(AuditFields.SINCE, since.toString());
    return create(AuditEvent.AUDIT_DROPPED, null, at, data);
  }
}
