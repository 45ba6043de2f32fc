package dev.vectorguard.benchmarks;

import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.opentelemetry.VectorGuardTelemetry;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracing adds to the guard's own work on one call ({@code begin} and {@code complete}, no
 * transport): no listener; {@link VectorGuardTelemetry} over the no-op API (the library present, no
 * SDK); and over the SDK, sampling every span into a batch processor and the histogram into a
 * periodic reader, both exporting to nowhere, so the cost measured is the instrumentation's and
 * the SDK's, not an exporter's.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main TelemetryBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TelemetryBenchmark {
  @Param({"none", "noop-api", "sdk"})
  public String telemetry;

  private OpenTelemetrySdk sdk;
  private VectorGuard guard;
  private final VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
      .endpoint("POST /collections/{c}/points/search").build();
  private final CallOutcome outcome = CallOutcome.ok("200").build();

  @Setup
  public void setUp() throws PolicyValidationException {
    VectorGuard.Builder builder = VectorGuard.builder(PolicyLoader.parse("""
            version: 1
            rules: [ { id: reads, collections: [docs], actions: [read], effect: allow } ]
            """, "telemetry-bench.yaml"))
        .workload(Workload.configured("spiffe://acme.io/ns/prod/sa/rag"));
    if (telemetry.equals("noop-api")) {
      builder.listener(VectorGuardTelemetry.create(OpenTelemetry.noop()).callListener());
    } else if (telemetry.equals("sdk")) {
      sdk = OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder()
              .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build()).build())
          // Aggregates every measurement; collected only when asked, which the benchmark never does.
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build())
          .build();
      builder.listener(VectorGuardTelemetry.create(sdk).callListener());
    }
    guard = builder.build();
  }

  @TearDown
  public void tearDown() {
    if (sdk != null) {
      sdk.close();
    }
  }

  @Benchmark
  public boolean guardedCall() {
    GuardedCall started = guard.begin(call, null);
    return started.complete(outcome);
  }
}
