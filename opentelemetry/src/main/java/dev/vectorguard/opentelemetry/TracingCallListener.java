package dev.vectorguard.opentelemetry;

import dev.vectorguard.GuardFailureException;
import dev.vectorguard.VectorCall;
import dev.vectorguard.observe.CallListener;
import dev.vectorguard.observe.CallObserver;
import dev.vectorguard.observe.CallOrigin;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Starts a {@link CallSpan} for each call, as a child of the context current where the call was
 * created. Thread-safe.
 */
final class TracingCallListener implements CallListener {
  /** The boundaries the semantic conventions recommend for {@code db.client.operation.duration}. */
  static final List<Double> DURATION_BUCKETS = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  private final Tracer tracer;
  private final DoubleHistogram duration;
  /** The origin an adapter restored on this thread, for the server it names. */
  private final ThreadLocal<@Nullable TracedOrigin> restored = new ThreadLocal<>();

  TracingCallListener(Tracer tracer, Meter meter) {
    this.tracer = tracer;
    this.duration = meter.histogramBuilder("db.client.operation.duration")
        .setUnit("s")
        .setDescription("Duration of database client operations.")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
        .build();
  }

  @Override
  public CallObserver starting(VectorCall call) {
    TracedOrigin origin = restored.get();
    AttributesBuilder common = Attributes.builder();
    DbAttributes.putCall(common, call, origin == null ? null : origin.serverAddress(),
        origin == null ? -1 : origin.serverPort());
    Attributes low = common.build();
    Span span = tracer.spanBuilder(DbAttributes.spanName(call))
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.current())
        .setAllAttributes(low)
        .setAttribute(DbAttributes.ENDPOINT, call.endpoint())
        .startSpan();
    return new CallSpan(span, low, duration, System.nanoTime());
  }

  /** A request no dialect could classify: a span of its own, already ended, refused. */
  @Override
  public void unclassified(String endpoint, GuardFailureException refusal) {
    TracedOrigin origin = restored.get();
    AttributesBuilder attributes = Attributes.builder().put(DbAttributes.ENDPOINT, endpoint);
    if (origin != null) {
      DbAttributes.putServer(attributes, origin.serverAddress(), origin.serverPort());
    }
    Span span = tracer.spanBuilder("vectorguard refused")
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.current())
        .setAllAttributes(attributes.build())
        .startSpan();
    CallSpan.refuse(span, refusal);
    span.end();
  }

  @Override
  public CallOrigin captureOrigin(@Nullable String serverAddress, int serverPort) {
    return new TracedOrigin(Context.current(), serverAddress, serverPort);
  }

  /** The caller's context and the call's server, captured where the call was created. */
  private final class TracedOrigin implements CallOrigin {
    private final Context context;
    private final @Nullable String serverAddress;
    private final int serverPort;

    TracedOrigin(Context context, @Nullable String serverAddress, int serverPort) {
      this.context = context;
      this.serverAddress = serverAddress;
      this.serverPort = serverPort;
    }

    @Nullable String serverAddress() {
      return serverAddress;
    }

    int serverPort() {
      return serverPort;
    }

    @Override
    public Restored restore() {
      TracedOrigin previous = restored.get();
      restored.set(this);
      Scope scope = context.makeCurrent();
      return () -> {
        scope.close();
        restored.set(previous);
      };
    }
  }
}
