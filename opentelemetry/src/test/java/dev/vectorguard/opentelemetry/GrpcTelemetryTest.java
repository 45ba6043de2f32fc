package dev.vectorguard.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.catchThrowable;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans and durations of calls through the gRPC adapter, by the official Qdrant client against the testkit's server. */
class GrpcTelemetryTest {
  private final QdrantTestServer server = QdrantTestServer.start();
  private Telemetry telemetry;
  private QdrantClient client;

  @BeforeEach
  void start() throws Exception {
    for (String collection : List.of("docs", "people", "secret")) {
      server.createCollection(collection, Distance.Cosine);
      server.upsert(collection, List.of(point(1, "ann@acme.io", 1f, 0f), point(2, "bo@acme.io", 0.9f, 0.1f)));
    }
    telemetry = new Telemetry();
    client = client(server.newChannel());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    telemetry.close();
  }

  private QdrantClient client(ManagedChannel channel) {
    return new QdrantClient(QdrantGrpcClient.newBuilder(VectorGuardGrpc.create(telemetry.guard)
        .guardedChannel(channel), true, false).build());
  }

  private static PointStruct point(long id, String email, float... vector) {
    return PointStruct.newBuilder().setId(id(id)).setVectors(vectors(vector))
        .putAllPayload(Map.of("email", value(email), "title", value("doc " + id))).build();
  }

  private static SearchPoints search(String collection) {
    return SearchPoints.newBuilder().setCollectionName(collection).addAllVector(List.of(1f, 0f)).setLimit(10)
        .setWithPayload(io.qdrant.client.WithPayloadSelectorFactory.enable(true))
        .setWithVectors(WithVectorsSelector.newBuilder().setEnable(true)).build();
  }

  @Test
  void anAllowedSearchIsAClientSpanWithTheDatabaseConventionsAndTheDecision() throws Exception {
    client.searchAsync(search("docs")).get(10, TimeUnit.SECONDS);

    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span).hasName("search docs").hasKind(SpanKind.CLIENT).hasNoParent()
        .hasAttributesSatisfying(
            equalTo(stringKey("db.system.name"), "qdrant"),
            equalTo(stringKey("db.collection.name"), "docs"),
            equalTo(stringKey("db.operation.name"), "search"),
            equalTo(stringKey("vectorguard.decision"), "allow"),
            equalTo(stringArrayKey("vectorguard.rules"), List.of("docs-reads")),
            equalTo(longKey("vectorguard.masked_fields"), 0L),
            equalTo(stringKey("vectorguard.call_id"), telemetry.audit.last(AuditEvent.CALL_COMPLETED).callId()));
    assertThat(span.getAttributes().get(stringKey("error.type"))).isNull();
    assertThat(telemetry.durations()).singleElement().satisfies(point -> {
      assertThat(point.getCount()).isEqualTo(1);
      assertThat(point.getAttributes().get(stringKey("db.operation.name"))).isEqualTo("search");
      assertThat(point.getAttributes().get(stringKey("vectorguard.call_id"))).isNull();
    });
  }

  @Test
  void aMaskedSearchCountsWhatMaskingDid() throws Exception {
    List<ScoredPoint> hits = client.searchAsync(search("people")).get(10, TimeUnit.SECONDS);

    assertThat(hits).hasSize(2).allSatisfy(hit -> assertThat(hit.getPayloadMap().get("email").getStringValue())
        .doesNotContain("@acme.io"));
    assertThat(telemetry.onlyGuardSpan()).hasName("search people")
        .hasAttributesSatisfying(
            equalTo(stringArrayKey("vectorguard.rules"), List.of("people-masked")),
            equalTo(longKey("vectorguard.masked_fields"), 2L),
            equalTo(longKey("vectorguard.masked_fields.redact"), 2L));
  }

  @Test
  void aRefusalIsAnEventWithTheRuleAndReasonAndAnErrorStatus() {
    Throwable refused = catchThrowable(() -> client.searchAsync(search("secret")).get(10, TimeUnit.SECONDS));

    assertThat(refused).isInstanceOf(ExecutionException.class).hasMessageContaining("PERMISSION_DENIED");
    assertThat(server.calls("/qdrant.Points/Search")).isEmpty();
    SpanData span = telemetry.onlyGuardSpan();
    String reason = "Vectorguard refused qdrant search on [secret]: denied by rule 'no-secrets' (nobody reads secrets)";
    assertThat(span).hasName("search secret")
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR, reason))
        .hasAttributesSatisfying(
            equalTo(stringKey("vectorguard.decision"), "deny"),
            equalTo(stringKey("error.type"), "vectorguard.refused"));
    EventData event = span.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("vectorguard.refused");
    assertThat(event.getAttributes().get(stringArrayKey("vectorguard.rules"))).containsExactly("no-secrets");
    assertThat(event.getAttributes().get(stringKey("vectorguard.reason"))).isEqualTo(reason);
  }

  @Test
  void theCallerSpanIsTheParentOfAnAsyncCall() throws Exception {
    Span caller = telemetry.callerSpan();
    try (Scope scope = caller.makeCurrent()) {
      client.searchAsync(search("docs")).get(10, TimeUnit.SECONDS);
    } finally {
      caller.end();
    }

    assertThat(telemetry.onlyGuardSpan().getParentSpanContext()).isEqualTo(caller.getSpanContext());
  }

  @Test
  void aCallSentFromAnotherThreadIsAChildOfTheSpanCurrentWhereItWasCreated() throws Exception {
    ManagedChannel channel = VectorGuardGrpc.create(telemetry.guard).guardedChannel(server.newChannel());
    ExecutorService sender = Executors.newSingleThreadExecutor();
    Span caller = telemetry.callerSpan();
    try {
      ClientCall<SearchPoints, SearchResponse> call;
      try (Scope scope = caller.makeCurrent()) {
        call = channel.newCall(PointsGrpc.getSearchMethod(), CallOptions.DEFAULT);
      }
      // Started and sent where no span is current, as an application's own executor would.
      sender.submit(() -> ClientCalls.futureUnaryCall(call, search("docs"))).get(10, TimeUnit.SECONDS)
          .get(10, TimeUnit.SECONDS);
    } finally {
      caller.end();
      sender.shutdown();
      channel.shutdownNow();
    }

    assertThat(telemetry.onlyGuardSpan().getParentSpanContext()).isEqualTo(caller.getSpanContext());
  }

  @Test
  void aServerThatIsDownGivesAnErrorType() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    client.close();
    client = client(Grpc.newChannelBuilderForAddress("127.0.0.1", closedPort, InsecureChannelCredentials.create())
        .build());

    Throwable failed = catchThrowable(() -> client.searchAsync(search("docs")).get(10, TimeUnit.SECONDS));

    assertThat(failed).hasMessageContaining("UNAVAILABLE");
    assertThat(telemetry.onlyGuardSpan()).hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
        .hasAttributesSatisfying(
            equalTo(stringKey("error.type"), "UNAVAILABLE"),
            equalTo(stringKey("server.address"), "127.0.0.1"),
            equalTo(longKey("server.port"), (long) closedPort));
    assertThat(telemetry.durations()).singleElement()
        .satisfies(point -> assertThat(point.getAttributes().get(stringKey("error.type"))).isEqualTo("UNAVAILABLE"));
  }
}
