package dev.vectorguard.opentelemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * An OpenTelemetry SDK exporting to memory, and a guard reporting to it with the tests' policy:
 * {@code docs} readable, {@code people} readable with emails redacted and vectors stripped,
 * {@code secret} denied.
 */
final class Telemetry implements AutoCloseable {
  static final String WORKLOAD = "spiffe://acme.io/ns/prod/sa/rag";
  static final String POLICY = """
      version: 1
      rules:
        - id: docs-reads
          collections: [docs]
          actions: [read]
          effect: allow
        - id: people-masked
          collections: [people]
          actions: [read]
          effect: allow
          obligations:
            vectors: strip
            mask: [ { field: email, with: redact } ]
        - id: no-secrets
          description: nobody reads secrets
          collections: [secret]
          effect: deny
        - id: health
          operations: [health]
          effect: allow
      """;

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final VectorGuard guard;

  Telemetry() throws Exception {
    guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "telemetry.yaml"))
        .workload(Workload.configured(WORKLOAD))
        .auditSink(audit)
        .listener(VectorGuardTelemetry.create(sdk).callListener())
        .build();
  }

  /** A span of the test itself, standing for the application's own work around a call. */
  Span callerSpan() {
    Tracer tracer = sdk.getTracer("test");
    return tracer.spanBuilder("caller").startSpan();
  }

  /** The one span the guard ended. */
  SpanData onlyGuardSpan() {
    List<SpanData> guarded = spans.getFinishedSpanItems().stream()
        .filter(span -> span.getInstrumentationScopeInfo().getName().equals(VectorGuardTelemetry.INSTRUMENTATION_NAME))
        .toList();
    assertThat(guarded).hasSize(1);
    return guarded.get(0);
  }

  /** The points of {@code db.client.operation.duration}. */
  List<HistogramPointData> durations() {
    return metrics.collectAllMetrics().stream()
        .filter(metric -> metric.getName().equals("db.client.operation.duration"))
        .peek(metric -> assertThat(metric.getUnit()).isEqualTo("s"))
        .map(MetricData::getHistogramData)
        .flatMap(data -> data.getPoints().stream())
        .toList();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
