package dev.vectorguard.opentelemetry;

import dev.vectorguard.observe.CallListener;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * OpenTelemetry for a {@link dev.vectorguard.VectorGuard}: a span per guarded call (kind
 * {@code CLIENT}) with the database client semantic conventions and the guard's decision, and the
 * {@code db.client.operation.duration} histogram.
 *
 * <pre>{@code
 * VectorGuardTelemetry telemetry = VectorGuardTelemetry.create(openTelemetry);
 * VectorGuard guard = VectorGuard.builder(policy)
 *     .workload(workload)
 *     .listener(telemetry.callListener())
 *     .build();
 * }</pre>
 *
 * <p>Each span's parent is the context current where the call was created: for OkHttp clients
 * built by {@code VectorGuardOkHttp.wrap} that is the thread calling {@code newCall} (also for
 * {@code enqueue}), for gRPC the thread creating the call. A refusal is a span event
 * {@code vectorguard.refused} with the rule ids and the reason the caller got, and the span's
 * status is {@code ERROR}; masked values, vectors and credentials never reach a span. Attribute
 * names are listed in the README ("OpenTelemetry"). Immutable and thread-safe.
 */
public final class VectorGuardTelemetry {
  /** The instrumentation scope of the spans and the histogram. */
  public static final String INSTRUMENTATION_NAME = "dev.vectorguard";

  private final TracingCallListener listener;

  private VectorGuardTelemetry(OpenTelemetry openTelemetry) {
    this.listener = new TracingCallListener(openTelemetry.getTracer(INSTRUMENTATION_NAME),
        openTelemetry.getMeter(INSTRUMENTATION_NAME));
  }

  /** Telemetry that reports to {@code openTelemetry}'s tracer and meter providers. */
  public static VectorGuardTelemetry create(OpenTelemetry openTelemetry) {
    return new VectorGuardTelemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** The listener to give {@link dev.vectorguard.VectorGuard.Builder#listener}. */
  public CallListener callListener() {
    return listener;
  }
}
