package dev.vectorguard.spring;

import dev.vectorguard.GuardFailureException;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.policy.PolicyError;
import dev.vectorguard.policy.PolicyListener;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the auto-configured guard has done since it started: decisions per effect, and whether
 * its token source and audit sink worked the last time they were used. Read by the actuator
 * endpoint and health indicator. Thread-safe; updated from audit events, so it needs no hook in
 * the engine.
 *
 * <p>Decisions are counted per {@code decision.effect} ({@code allow}, {@code deny},
 * {@code approve}); calls refused before a decision could be made count as {@code error}.
 */
public final class VectorGuardMonitor implements VectorGuardObserver, PolicyListener {
  private static final System.Logger LOG = System.getLogger(VectorGuardMonitor.class.getName());
  /** The effect counted for calls refused because the guard could not decide. */
  public static final String ERROR = "error";

  private final Clock clock;
  private final Map<String, LongAdder> decisions = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final AtomicReference<Status> token = new AtomicReference<>(Status.UNKNOWN);
  private final AtomicReference<Status> audit = new AtomicReference<>(Status.UNKNOWN);
  private final AtomicReference<Status> policy = new AtomicReference<>(Status.UNKNOWN);
  private final LongAdder auditFailures = new LongAdder();

  public VectorGuardMonitor(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onEvent(AuditEvent event) {
    switch (event.type()) {
      case AuditEvent.CALL_STARTED -> {
        count(decisions, effectOf(event));
        token.set(Status.up(event.timestamp()));
      }
      case AuditEvent.CALL_REFUSED -> {
        count(decisions, effectOf(event));
        Object failure = event.get(AuditFields.FAILURE);
        if (failure != null) {
          count(failures, failure.toString());
          if (GuardFailureException.Cause.TOKEN.id().equals(failure)) {
            token.set(Status.down(event.timestamp(), String.valueOf(event.get(AuditFields.REASON))));
          }
        }
      }
      default -> { }
    }
  }

  /** Records a policy (re)load; the policy's version and rule count are in the detail. */
  @Override
  public void loaded(String version, int ruleCount) {
    policy.set(new Status("up", clock.instant(), "loaded " + version + " with " + ruleCount + " rules"));
    LOG.log(System.Logger.Level.INFO, "Vectorguard policy " + version + " in force, " + ruleCount + " rules");
  }

  /** Records a rejected policy reload; the policy in force stays, so the guard is not down. */
  @Override
  public void rejected(String source, List<PolicyError> errors) {
    String detail = "rejected " + source + ": " + errors.stream().map(PolicyError::toString)
        .collect(Collectors.joining("; "));
    policy.set(new Status("rejected", clock.instant(), detail));
    LOG.log(System.Logger.Level.WARNING, "Vectorguard kept the policy in force: " + detail);
  }

  /** Records that the audit sink accepted an event, or refused it with {@code error}. */
  void auditWritten(AuditEvent event, @Nullable Exception error) {
    if (error == null) {
      audit.set(Status.up(clock.instant()));
    } else {
      auditFailures.increment();
      audit.set(Status.down(clock.instant(), "the audit sink refused " + event.type() + ": " + error));
    }
  }

  /** Decisions per effect, sorted by effect. */
  public Map<String, Long> decisions() {
    return snapshot(decisions);
  }

  /** Calls refused because the guard could not decide, per cause ({@code token}, {@code audit}, …). */
  public Map<String, Long> failures() {
    return snapshot(failures);
  }

  /** How many events the audit sink refused. */
  public long auditFailures() {
    return auditFailures.sum();
  }

  /** Whether the token source produced a credential the last time it was asked. */
  public Status tokenStatus() {
    return token.get();
  }

  /** The last policy load: {@code up} when it was loaded, {@code rejected} when a reload was refused. */
  public Status policyStatus() {
    return policy.get();
  }

  /** Whether the audit sink accepted the last event. */
  public Status auditStatus() {
    return audit.get();
  }

  /** The effect an event is counted under: its {@code decision.effect}, or {@link #ERROR}. */
  public static String effectOf(AuditEvent event) {
    Object effect = event.get(AuditFields.DECISION_EFFECT);
    return effect == null ? ERROR : effect.toString();
  }

  private static void count(Map<String, LongAdder> counters, String key) {
    counters.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((key, n) -> out.put(key, n.sum()));
    return out;
  }

  /**
   * The state of a component the last time it was used.
   *
   * @param state {@code unknown} before first use, then {@code up} or {@code down} ({@code rejected}
   *     for a policy reload that was refused)
   * @param since when it was last used, or {@code null} before first use
   * @param detail why it is down, or {@code null}
   */
  public record Status(String state, @Nullable Instant since, @Nullable String detail) {
    static final Status UNKNOWN = new Status("unknown", null, null);

    static Status up(Instant at) {
      return new Status("up", at, null);
    }

    static Status down(Instant at, String detail) {
      return new Status("down", at, detail);
    }

    public boolean isDown() {
      return "down".equals(state);
    }
  }
}
