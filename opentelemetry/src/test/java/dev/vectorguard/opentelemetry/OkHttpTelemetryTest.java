package dev.vectorguard.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.catchThrowableOfType;

import dev.vectorguard.Backend;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.okhttp.VectorGuardOkHttp;
import dev.vectorguard.okhttp.VectorGuardRefusedIOException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans and durations of calls through the OkHttp adapter, against MockWebServer playing Qdrant REST. */
class OkHttpTelemetryTest {
  private static final String HITS = "{\"result\":[{\"id\":1,\"score\":0.9,\"payload\":{\"name\":\"Ann\","
      + "\"email\":\"ann@x.io\"},\"vector\":[0.1,0.2]},{\"id\":2,\"score\":0.8,\"payload\":{\"name\":\"Bo\","
      + "\"email\":\"bo@x.io\"},\"vector\":[0.3,0.4]}],\"status\":\"ok\"}";

  private final MockWebServer server = new MockWebServer();
  private Telemetry telemetry;
  private OkHttpClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    telemetry = new Telemetry();
    client = guarded(server.url("/"));
  }

  @AfterEach
  void stop() {
    server.close();
    telemetry.close();
  }

  private OkHttpClient guarded(HttpUrl base) {
    return VectorGuardOkHttp.builder(telemetry.guard).backend(base, Backend.QDRANT).build()
        .wrap(new OkHttpClient.Builder().connectTimeout(2, TimeUnit.SECONDS).build());
  }

  private Request search(HttpUrl base, String collection) {
    return new Request.Builder().url(base.resolve("/collections/" + collection + "/points/search"))
        .post(RequestBody.create("{\"vector\":[0.1,0.2],\"limit\":3}", MediaType.get("application/json")))
        .build();
  }

  private String execute(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }

  private void answer(String body) {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body)
        .build());
  }

  @Test
  void anAllowedSearchIsAClientSpanWithTheDatabaseConventionsAndTheDecision() throws Exception {
    answer(HITS);

    execute(search(server.url("/"), "docs"));

    SpanData span = telemetry.onlyGuardSpan();
    String callId = telemetry.audit.last(AuditEvent.CALL_COMPLETED).callId();
    assertThat(span).hasName("search docs").hasKind(SpanKind.CLIENT).hasNoParent().hasEnded()
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(stringKey("db.system.name"), "qdrant"),
            equalTo(stringKey("db.collection.name"), "docs"),
            equalTo(stringKey("db.operation.name"), "search"),
            equalTo(stringKey("server.address"), server.getHostName()),
            equalTo(longKey("server.port"), (long) server.getPort()),
            equalTo(stringKey("vectorguard.decision"), "allow"),
            equalTo(stringArrayKey("vectorguard.rules"), List.of("docs-reads")),
            equalTo(booleanKey("vectorguard.enforced"), true),
            equalTo(stringKey("vectorguard.call_id"), callId),
            equalTo(stringKey("vectorguard.endpoint"), "POST /collections/{c}/points/search"),
            equalTo(longKey("vectorguard.masked_fields"), 0L));
    assertThat(span.getAttributes().get(stringKey("error.type"))).isNull();
    assertThat(span.getEvents()).isEmpty();

    HistogramPointData point = single(telemetry.durations());
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getBoundaries()).isEqualTo(TracingCallListener.DURATION_BUCKETS);
    assertThat(point.getAttributes()).isEqualTo(Attributes.builder()
        .put("db.system.name", "qdrant").put("db.collection.name", "docs").put("db.operation.name", "search")
        .put("server.address", server.getHostName()).put("server.port", (long) server.getPort()).build());
  }

  @Test
  void aMaskedSearchCountsWhatMaskingDidAndNoValueReachesTheSpan() throws Exception {
    answer(HITS);

    String body = execute(search(server.url("/"), "people"));

    assertThat(body).doesNotContain("ann@x.io");
    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span).hasName("search people")
        .hasAttributesSatisfying(
            equalTo(stringArrayKey("vectorguard.rules"), List.of("people-masked")),
            equalTo(longKey("vectorguard.masked_fields"), 2L),
            equalTo(longKey("vectorguard.masked_fields.redact"), 2L),
            equalTo(longKey("vectorguard.vectors_stripped"), 2L));
    assertThat(span.getAttributes().asMap().values()).allSatisfy(value ->
        assertThat(String.valueOf(value)).doesNotContain("ann@x.io").doesNotContain("bo@x.io"));
  }

  @Test
  void aRefusalIsAnEventWithTheRuleAndReasonAndAnErrorStatus() throws Exception {
    VectorGuardRefusedIOException refused = catchThrowableOfType(VectorGuardRefusedIOException.class,
        () -> execute(search(server.url("/"), "secret")));

    assertThat(server.getRequestCount()).isZero();
    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span).hasName("search secret").hasKind(SpanKind.CLIENT)
        .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR, refused.getMessage()))
        .hasAttributesSatisfying(
            equalTo(stringKey("db.system.name"), "qdrant"),
            equalTo(stringKey("vectorguard.decision"), "deny"),
            equalTo(stringArrayKey("vectorguard.rules"), List.of("no-secrets")),
            equalTo(stringKey("error.type"), "vectorguard.refused"),
            equalTo(stringKey("vectorguard.call_id"), telemetry.audit.last(AuditEvent.CALL_REFUSED).callId()));
    EventData event = single(span.getEvents());
    assertThat(event.getName()).isEqualTo("vectorguard.refused");
    assertThat(event.getAttributes()).isEqualTo(Attributes.builder()
        .put(stringArrayKey("vectorguard.rules"), List.of("no-secrets"))
        .put("vectorguard.reason", "Vectorguard refused qdrant search on [secret]: denied by rule 'no-secrets'"
            + " (nobody reads secrets)")
        .build());
    assertThat(single(telemetry.durations()).getAttributes().get(stringKey("error.type")))
        .isEqualTo("vectorguard.refused");
  }

  @Test
  void theCallerSpanIsTheParent() throws Exception {
    answer(HITS);
    Span caller = telemetry.callerSpan();

    try (Scope scope = caller.makeCurrent()) {
      execute(search(server.url("/"), "docs"));
    } finally {
      caller.end();
    }

    assertThat(telemetry.onlyGuardSpan()).hasParent(telemetry.spans.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals("caller")).findFirst().orElseThrow());
  }

  @Test
  void anEnqueuedCallIsAChildOfTheSpanCurrentWhereItWasCreatedNotOfTheDispatcherThread() throws Exception {
    answer(HITS);
    Span caller = telemetry.callerSpan();
    CompletableFuture<String> done = new CompletableFuture<>();

    Call call;
    try (Scope scope = caller.makeCurrent()) {
      call = client.newCall(search(server.url("/"), "docs"));
    }
    // Enqueued with no span current: the dispatcher thread's context is not the caller's.
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        done.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call ok, Response response) throws IOException {
        try (response) {
          done.complete(response.body().string());
        }
      }
    });
    done.get(10, TimeUnit.SECONDS);
    caller.end();

    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span.getParentSpanContext()).isEqualTo(caller.getSpanContext());
  }

  @Test
  void aServerThatIsDownGivesAnErrorType() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HttpUrl down = HttpUrl.get("http://127.0.0.1:" + closedPort + "/");
    client = guarded(down);

    catchThrowableOfType(IOException.class, () -> execute(search(down, "docs")));

    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span).hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
        .hasAttributesSatisfying(
            equalTo(stringKey("error.type"), "io_error"),
            equalTo(stringKey("vectorguard.decision"), "allow"),
            equalTo(stringKey("server.address"), "127.0.0.1"),
            equalTo(longKey("server.port"), (long) closedPort));
    assertThat(single(telemetry.durations()).getAttributes().get(stringKey("error.type"))).isEqualTo("io_error");
  }

  @Test
  void aRequestNoBackendIsConfiguredForIsARefusedSpanNamingTheFailure() throws Exception {
    HttpUrl elsewhere = HttpUrl.get("http://127.0.0.1:1/");

    catchThrowableOfType(VectorGuardRefusedIOException.class, () -> execute(search(elsewhere, "docs")));

    SpanData span = telemetry.onlyGuardSpan();
    assertThat(span).hasName("vectorguard refused")
        .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
        .hasAttributesSatisfying(
            equalTo(stringKey("error.type"), "vectorguard.classify"),
            equalTo(stringKey("vectorguard.failure"), "classify"),
            equalTo(stringKey("vectorguard.endpoint"), "POST /collections/docs/points/search"));
    assertThat(single(span.getEvents()).getName()).isEqualTo("vectorguard.refused");
  }

  @Test
  void aMilvusRestSearchNamesItsDatabaseAsTheNamespace() throws Exception {
    client = VectorGuardOkHttp.builder(telemetry.guard).backend(server.url("/"), Backend.MILVUS).build()
        .wrap(new OkHttpClient());
    answer("{\"code\":0,\"data\":[{\"id\":1,\"name\":\"Ann\"}]}");

    execute(new Request.Builder().url(server.url("/v2/vectordb/entities/search"))
        .post(RequestBody.create("{\"dbName\":\"sales\",\"collectionName\":\"docs\",\"data\":[[0.1,0.2]],"
            + "\"limit\":3}", MediaType.get("application/json")))
        .build());

    assertThat(telemetry.onlyGuardSpan()).hasName("search docs")
        .hasAttributesSatisfying(
            equalTo(stringKey("db.system.name"), "milvus"),
            equalTo(stringKey("db.namespace"), "sales"),
            equalTo(stringKey("db.collection.name"), "docs"),
            equalTo(stringKey("db.operation.name"), "search"),
            equalTo(stringKey("vectorguard.decision"), "allow"));
    assertThat(single(telemetry.durations()).getAttributes().get(stringKey("db.namespace"))).isEqualTo("sales");
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
