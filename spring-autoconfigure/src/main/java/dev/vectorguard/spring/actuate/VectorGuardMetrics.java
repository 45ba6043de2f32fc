package dev.vectorguard.spring.actuate;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.spring.VectorGuardMonitor;
import dev.vectorguard.spring.VectorGuardObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the guard's decisions and call durations to Micrometer:
 * <ul>
 *   <li>{@code vectorguard.decisions} (counter), tags {@code effect} ({@code allow}, {@code deny},
 *       {@code approve}, or {@code error} when the guard could not decide), {@code backend},
 *       {@code operation};
 *   <li>{@code vectorguard.call.duration} (timer) of completed calls, tags {@code backend},
 *       {@code operation}, {@code outcome} ({@code ok}, {@code error}, {@code cancelled}).
 * </ul>
 * Tags come from the classified call only (never collection names or identities), so their
 * number stays bounded. The registry is looked up on first use, so the order of auto-configurations
 * does not matter; without a registry nothing is recorded.
 */
public final class VectorGuardMetrics implements VectorGuardObserver {
  static final String DECISIONS = "vectorguard.decisions";
  static final String DURATION = "vectorguard.call.duration";

  private final Supplier<@Nullable MeterRegistry> registries;
  private volatile @Nullable MeterRegistry registry;

  public VectorGuardMetrics(Supplier<@Nullable MeterRegistry> registries) {
    this.registries = registries;
  }

  @Override
  public void onEvent(AuditEvent event) {
    MeterRegistry meters = registry();
    if (meters == null) {
      return;
    }
    switch (event.type()) {
      case AuditEvent.CALL_STARTED, AuditEvent.CALL_REFUSED -> Counter.builder(DECISIONS)
          .description("Calls decided by Vectorguard")
          .tag("effect", VectorGuardMonitor.effectOf(event))
          .tag("backend", text(event.get(AuditFields.CALL_BACKEND)))
          .tag("operation", text(event.get(AuditFields.CALL_OPERATION)))
          .register(meters)
          .increment();
      case AuditEvent.CALL_COMPLETED -> {
        Object latency = event.get(AuditFields.OUTCOME_LATENCY_US);
        if (latency instanceof Number micros) {
          Timer.builder(DURATION)
              .description("Duration of calls guarded by Vectorguard, from decision to response")
              .tag("backend", text(event.get(AuditFields.CALL_BACKEND)))
              .tag("operation", text(event.get(AuditFields.CALL_OPERATION)))
              .tag("outcome", text(event.get(AuditFields.OUTCOME_STATUS)))
              .register(meters)
              .record(Duration.ofNanos(micros.longValue() * 1_000));
        }
      }
      default -> { }
    }
  }

  private @Nullable MeterRegistry registry() {
    MeterRegistry current = registry;
    if (current == null) {
      current = registries.get();
      registry = current;
    }
    return current;
  }

  private static String text(@Nullable Object value) {
    return value == null ? "unknown" : value.toString();
  }
}
