package dev.vectorguard.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardContext;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.audit.AuditEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QdrantOkHttpTest {
  static final String POLICY = """
      version: 1
      rules:
        - id: rag-reads-docs
          when: { actor.tenant: "*" }
          collections: [docs]
          actions: [read]
          effect: allow
          obligations:
            max_results: 10
            tenant_filter: { field: group_id, value: "${actor.tenant}" }
        - id: rag-writes-docs
          when: { actor.tenant: "*" }
          collections: [docs]
          actions: [write]
          effect: allow
          obligations:
            tenant_filter: { field: group_id, value: "${actor.tenant}" }
        - id: masked-reads
          collections: [people]
          actions: [read]
          effect: allow
          obligations:
            mask: [ { field: email, with: redact } ]
        - id: listings
          operations: [list_collections, health]
          effect: allow
        - id: no-secret
          collections: [secret]
          effect: deny
      """;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "{\"key\":\"group_id\",\"match\":{\"value\":\"acme\"}}";
  private static final Actor ACME = Actor.builder().user("alice").tenant("acme").build();
  private static final Actor GLOBEX = Actor.builder().user("bob").tenant("globex").build();

  private Harness h;

  private Harness harness() throws Exception {
    h = new Harness(Backend.QDRANT, POLICY);
    return h;
  }

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private static VectorGuardRefusedIOException refused(ThrowingCall call) {
    return catchThrowableOfType(VectorGuardRefusedIOException.class, call::run);
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void aDeniedCallIsNeverSentAndCarriesTheDecision() throws Exception {
    Harness h = harness();
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      VectorGuardRefusedIOException e = refused(() -> h.call("POST", "/collections/secret/points/search",
          "{\"vector\":[1],\"limit\":3}"));
      assertThat(e.decision().rules()).containsExactly("no-secret");
      assertThat(e.failure()).isNull();
      assertThat(e.getMessage()).startsWith("Vectorguard refused qdrant search on [secret]: denied by rule 'no-secret'");
    }
    assertThat(h.server.getRequestCount()).isZero();
    assertThat(h.events(AuditEvent.CALL_REFUSED)).singleElement()
        .satisfies(event -> assertThat(event.get("call.endpoint")).isEqualTo("POST /collections/{c}/points/search"));
  }

  @Test
  void aRedirectToAnotherCollectionIsNotFollowed() throws Exception {
    Harness h = harness();
    h.server.enqueue(new mockwebserver3.MockResponse.Builder().code(307)
        .addHeader("Location", "/collections/secret/points/search").build());
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      assertThatThrownBy(() -> h.call("POST", "/collections/docs/points/search", "{\"vector\":[1],\"limit\":3}"))
          .isInstanceOf(java.net.ProtocolException.class)
          .hasMessage("Vectorguard refused to follow a redirect of a guarded call from /collections/docs/points/search"
              + " to " + h.server.getHostName() + "/collections/secret/points/search: the guard decided only the first");
    }
    assertThat(h.server.getRequestCount()).isEqualTo(1);
    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement()
        .satisfies(event -> assertThat(event.get("outcome.status")).isEqualTo("error"));
  }

  @Test
  void theBodyIsRewrittenAndTheCredentialReplaced() throws Exception {
    Harness h = harness();
    h.enqueue(200, "{\"result\":[],\"status\":\"ok\",\"time\":0.001}");
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      h.call(h.request("POST", "/collections/docs/points/search",
              "{\"vector\":[1,0],\"limit\":500,\"filter\":{\"must_not\":[{\"key\":\"x\",\"match\":{\"value\":1}}]}}")
          .header("api-key", "app-own-key").header("AUTHORIZATION", "Bearer app-jwt")
          .header("X-Chroma-Token", "t").header("x-request-id", "r1"));
    }
    RecordedRequest sent = h.taken();
    assertThat(JSON.readTree(Harness.body(sent))).isEqualTo(JSON.readTree("{\"vector\":[1,0],\"limit\":10,"
        + "\"filter\":{\"must\":[" + TENANT + ",{\"must_not\":[{\"key\":\"x\",\"match\":{\"value\":1}}]}]}}"));
    assertThat(sent.getHeaders().values("api-key")).containsExactly(Harness.TOKEN);
    assertThat(sent.getHeaders().values("Authorization")).isEmpty();
    assertThat(sent.getHeaders().values("X-Chroma-Token")).isEmpty();
    assertThat(sent.getHeaders().get("x-request-id")).isEqualTo("r1");
  }

  @Test
  void everyAllowedCallIsAuditedWithItsOutcome() throws Exception {
    Harness h = harness();
    h.enqueue(200, "{\"result\":{\"count\":3},\"status\":\"ok\"}");
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      assertThat(h.call("POST", "/collections/docs/points/count", "{}")).isEqualTo("{\"result\":{\"count\":3},\"status\":\"ok\"}");
    }
    AuditEvent started = h.events(AuditEvent.CALL_STARTED).get(0);
    AuditEvent completed = h.events(AuditEvent.CALL_COMPLETED).get(0);
    assertThat(completed.callId()).isEqualTo(started.callId());
    assertThat(started.get("call.operation")).isEqualTo("count");
    assertThat(started.get("actor.tenant")).isEqualTo("acme");
    assertThat(started.get("credential.kind")).isEqualTo("static");
    assertThat(completed.get("outcome.status")).isEqualTo("ok");
    assertThat(completed.get("outcome.code")).isEqualTo("200");
    assertThat(completed.get("outcome.bytes_in")).isEqualTo(36L);
    assertThat((Long) completed.get("outcome.bytes_out")).isPositive();
  }

  @Test
  void errorResponsesPassThroughAndAreAuditedAsErrors() throws Exception {
    Harness h = harness();
    h.enqueue(404, "{\"status\":{\"error\":\"Not found: Collection `docs` doesn't exist!\"}}");
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      assertThat(h.call("POST", "/collections/docs/points/count", "{}")).contains("doesn't exist");
    }
    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement().satisfies(e -> {
      assertThat(e.get("outcome.status")).isEqualTo("error");
      assertThat(e.get("outcome.code")).isEqualTo("404");
    });
  }

  @Test
  void deleteByIdsIsSentAsIdsAndTenant() throws Exception {
    Harness h = harness();
    h.enqueue(200, "{\"result\":{\"status\":\"completed\"},\"status\":\"ok\"}");
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      h.call("POST", "/collections/docs/points/delete?wait=true", "{\"points\":[1,2]}");
    }
    RecordedRequest sent = h.taken();
    assertThat(sent.getUrl().encodedQuery()).isEqualTo("wait=true");
    assertThat(JSON.readTree(Harness.body(sent)))
        .isEqualTo(JSON.readTree("{\"filter\":{\"must\":[" + TENANT + ",{\"has_id\":[1,2]}]}}"));
  }

  @Test
  void aWriteForAnotherTenantIsRefusedAfterTheDecisionAndNeverSent() throws Exception {
    Harness h = harness();
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      VectorGuardRefusedIOException e = refused(() -> h.call("PUT", "/collections/docs/points",
          "{\"points\":[{\"id\":1,\"vector\":[1],\"payload\":{\"group_id\":\"globex\"}}]}"));
      assertThat(e.getMessage()).isEqualTo("Vectorguard refused qdrant upsert on [docs]: "
          + "point 1 has a tenant field 'group_id' that differs from the caller's tenant");
      assertThat(e.decision().rules()).containsExactly("rag-writes-docs");
    }
    assertThat(h.server.getRequestCount()).isZero();
    assertThat(h.audit.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(e.get("decision.effect")).isEqualTo("allow");
      assertThat(e.get("obligations.tenant_filters")).isEqualTo(List.of("group_id"));
    });
  }

  @Test
  void aSecondCollectionSmuggledIntoABatchIsDecidedToo() throws Exception {
    Harness h = harness();
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      VectorGuardRefusedIOException e = refused(() -> h.call("POST", "/collections/docs/points/query/batch",
          "{\"searches\":[{\"query\":[1]},{\"query\":[1],\"lookup_from\":{\"collection\":\"secret\"}}]}"));
      assertThat(e.decision().rules()).containsExactly("no-secret");
    }
    assertThat(h.server.getRequestCount()).isZero();
  }

  @Test
  void bypassAttemptsAreRefusedAsUnparseable() throws Exception {
    Harness h = harness();
    String[][] attempts = {
        {"POST", "/collections/docs%2F..%2Fsecret/points/search", "{}"},
        {"POST", "/collections/a%5C..%5Csecret/points/search", "{}"},
        {"POST", "/collections/docs/points/query", "{\"lookup_from\":{\"collection\":\"docs\",\"collection\":\"secret\"}}"},
    };
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      for (String[] attempt : attempts) {
        VectorGuardRefusedIOException e = refused(() -> h.call(attempt[0], attempt[1], attempt[2]));
        assertThat(e).as(attempt[1]).isNotNull();
        assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.PARSE);
      }
    }
    assertThat(h.server.getRequestCount()).isZero();
    assertThat(h.events(AuditEvent.CALL_REFUSED)).hasSize(attempts.length)
        .allSatisfy(event -> assertThat(event.get("failure")).isEqualTo("parse"));
  }

  @Test
  void encodedDotSegmentsNeverReachAnotherCollection() throws Exception {
    Harness h = harness();
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      // OkHttp itself resolves "%2e%2e" as "..": what is left is an unknown endpoint, denied by default.
      VectorGuardRefusedIOException e = refused(() -> h.call("POST", "/collections/%2e%2e/points/search", "{}"));
      assertThat(e.getMessage()).contains("qdrant unknown").contains("default deny");
    }
    assertThat(h.server.getRequestCount()).isZero();
  }

  @Test
  void unknownEndpointsAndCaseVariantsAreDenied() throws Exception {
    Harness h = harness();
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      for (String path : List.of("/Collections/docs/points/search", "/collections/docs/points/Search",
          "/collections/docs/points/search/everything")) {
        VectorGuardRefusedIOException e = refused(() -> h.call("POST", path, "{}"));
        assertThat(e.getMessage()).as(path).contains("qdrant unknown").contains("default deny");
      }
    }
    assertThat(h.server.getRequestCount()).isZero();
  }

  @Test
  void doubleAndTrailingSlashesAreTheSameEndpoint() throws Exception {
    Harness h = harness();
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      okhttp3.HttpUrl url = h.server.url("/").newBuilder().encodedPath("//collections//secret//points/search/").build();
      VectorGuardRefusedIOException e = refused(() -> h.call(h.request("POST", "/", "{}").url(url)));
      assertThat(e.decision().rules()).containsExactly("no-secret");
    }
    assertThat(h.server.getRequestCount()).isZero();
  }

  @Test
  void oversizedBodiesAreRefused() throws Exception {
    h = new Harness(Backend.QDRANT, POLICY, b -> b.maxRequestBytes(64));
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      VectorGuardRefusedIOException e = refused(() -> h.call("POST", "/collections/docs/points/search",
          "{\"vector\":[" + "0.5,".repeat(40) + "1]}"));
      assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.PARSE);
      assertThat(e.getMessage()).isEqualTo("Vectorguard refused POST /collections/docs/points/search: "
          + "the request body has 174 bytes, more than the limit of 64");
    }
    assertThat(h.server.getRequestCount()).isZero();
  }

  /** A streamed body of unknown length must not be read into memory past the limit before it is refused. */
  @Test
  void streamedBodiesAreReadOnlyUpToTheLimit() throws Exception {
    h = new Harness(Backend.QDRANT, POLICY, b -> b.maxRequestBytes(64));
    long[] written = {0};
    okhttp3.RequestBody endless = new okhttp3.RequestBody() {
      @Override
      public okhttp3.MediaType contentType() {
        return okhttp3.MediaType.get("application/json");
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws IOException {
        byte[] chunk = new byte[1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        for (int i = 0; i < 4096; i++) {
          sink.write(chunk);
          written[0] += chunk.length;
        }
      }
    };
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      VectorGuardRefusedIOException e = refused(() -> h.call(new okhttp3.Request.Builder()
          .url(h.server.url("/collections/docs/points/search")).post(endless)));
      assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.PARSE);
      assertThat(e.getMessage()).isEqualTo("Vectorguard refused POST /collections/docs/points/search: "
          + "the request body has more than 64 bytes, the limit");
    }
    assertThat(written[0]).isLessThan(64 * 1024);
    assertThat(h.server.getRequestCount()).isZero();
  }

  @Test
  void requestsToUnconfiguredHostsAreRefused() throws Exception {
    Harness h = harness();
    Call call = h.client.newCall(new okhttp3.Request.Builder().url("http://127.0.0.1:9/collections").build());
    VectorGuardRefusedIOException e = refused(call::execute);
    assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.CLASSIFY);
    assertThat(e.getMessage()).contains("no backend is configured for http://127.0.0.1:9/");
  }

  @Test
  void leakProneRequestsAreRefusedWhenMaskingApplies() throws Exception {
    Harness h = harness();
    VectorGuardRefusedIOException e = refused(() -> h.call("POST", "/collections/people/facet",
        "{\"key\":\"email\"}"));
    assertThat(e.getMessage()).isEqualTo("Vectorguard refused qdrant facet on [people]: "
        + "faceting on 'email' would reveal values of the masked field 'email'");
    assertThat(e.decision().rules()).containsExactly("masked-reads");
    assertThat(h.server.getRequestCount()).isZero();
    // Refused before it started: one call.refused, no call.started allow and call.completed refused.
    assertThat(h.audit.events()).singleElement().satisfies(refused -> {
      assertThat(refused.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(refused.callId()).isEqualTo(e.callId());
      assertThat(refused.get("reason")).isEqualTo(e.getMessage());
      assertThat(refused.get("decision.effect")).isEqualTo("allow");
      assertThat(refused.get("decision.rules")).isEqualTo(List.of("masked-reads"));
      assertThat(refused.get("obligations.masks")).isEqualTo(List.of("email:redact"));
    });
  }

  @Test
  void collectionListingsAreFilteredToWhatTheCallerMaySee() throws Exception {
    Harness h = harness();
    h.enqueue(200, "{\"result\":{\"collections\":[{\"name\":\"docs\"},{\"name\":\"secret\"},{\"name\":\"people\"}]},"
        + "\"status\":\"ok\"}");
    String body;
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      body = h.call("GET", "/collections", null);
    }
    assertThat(JSON.readTree(body).findValuesAsText("name")).containsExactly("docs", "people");
  }

  @Test
  void anAliasOfADeniedCollectionIsDeniedOnceTheGuardHasSeenIt() throws Exception {
    h = new Harness(Backend.QDRANT, """
        version: 1
        rules:
          - id: everything-else
            collections: ["*"]
            actions: [read]
            effect: allow
          - id: listings
            operations: [list_aliases]
            effect: allow
          - id: no-secret
            collections: [secret]
            effect: deny
        """);
    h.enqueue(200, "{\"result\":{\"aliases\":[{\"alias_name\":\"innocent\",\"collection_name\":\"secret\"}]},"
        + "\"status\":\"ok\"}");
    h.call("GET", "/aliases", null);

    VectorGuardRefusedIOException e = refused(() -> h.call("POST", "/collections/innocent/points/search", "{}"));

    assertThat(e.decision().rules()).containsExactly("no-secret");
    assertThat(h.server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void asyncCallsAreDecidedForTheActorThatCreatedThem() throws Exception {
    Harness h = harness();
    h.enqueue(200, "{\"result\":{\"count\":1},\"status\":\"ok\"}");
    Call call;
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      call = h.client.newCall(h.request("POST", "/collections/docs/points/count", "{}").build());
    }
    CompletableFuture<Integer> done = new CompletableFuture<>();
    try (GuardContext.Scope s = GuardContext.actAs(GLOBEX)) {
      call.enqueue(new Callback() {
        @Override
        public void onFailure(Call c, IOException e) {
          done.completeExceptionally(e);
        }

        @Override
        public void onResponse(Call c, Response response) {
          try (response) {
            done.complete(response.code());
          }
        }
      });
    }
    assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    assertThat(Harness.body(h.taken())).contains("\"value\":\"acme\"");
    assertThat(h.events(AuditEvent.CALL_STARTED).get(0).get("actor.tenant")).isEqualTo("acme");
  }

  @Test
  void anAsyncCallWithoutAnActorIsRefusedLikeASyncOne() throws Exception {
    Harness h = harness();
    Call call = h.client.newCall(h.request("POST", "/collections/docs/points/count", "{}").build());
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    try (GuardContext.Scope s = GuardContext.actAs(ACME)) {
      call.enqueue(new Callback() {
        @Override
        public void onFailure(Call c, IOException e) {
          failed.complete(e);
        }

        @Override
        public void onResponse(Call c, Response response) {
          response.close();
          failed.complete(null);
        }
      });
    }
    assertThat(failed.get(10, TimeUnit.SECONDS)).isInstanceOf(VectorGuardRefusedIOException.class);
    assertThat(h.server.getRequestCount()).isZero();
  }

  @Test
  void theBareInterceptorUsesTheCallingThreadsActorForExecute() throws Exception {
    Harness h = harness();
    h.enqueue(200, "{\"result\":{\"count\":1},\"status\":\"ok\"}");
    OkHttpClient client = new OkHttpClient.Builder()
        .addInterceptor(VectorGuardOkHttp.builder(h.guard).backend(h.server.url("/"), Backend.QDRANT).build().interceptor())
        .build();
    try (GuardContext.Scope s = GuardContext.actAs(GLOBEX);
        Response response = client.newCall(h.request("POST", "/collections/docs/points/count", "{}").build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(Harness.body(h.taken())).contains("\"value\":\"globex\"");
  }

  @Test
  void theApplicationsAuthenticatorNeverAnswersAGuardedBackend() throws Exception {
    Harness h = harness();
    h.enqueue(401, "{\"status\":{\"error\":\"Must provide an API key\"}}");
    h.enqueue(200, "{\"result\":{\"count\":9},\"status\":\"ok\"}"); // what a re-sent request would get
    OkHttpClient app = new OkHttpClient.Builder().authenticator((route, response) -> response.request().newBuilder()
        .header("api-key", "app-static-admin-key").build()).build();
    OkHttpClient client = VectorGuardOkHttp.builder(h.guard).backend(h.server.url("/"), Backend.QDRANT).build()
        .wrap(app);
    try (GuardContext.Scope s = GuardContext.actAs(ACME);
        Response response = client.newCall(h.request("POST", "/collections/docs/points/count", "{}").build()).execute()) {
      assertThat(response.code()).isEqualTo(401);
    }
    assertThat(h.server.getRequestCount()).isEqualTo(1);
    assertThat(h.taken().getHeaders().values("api-key")).containsExactly(Harness.TOKEN);
  }

  @Test
  void aPassThroughUnderAGuardedBackendIsAConfigurationError() throws Exception {
    Harness h = harness();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> VectorGuardOkHttp.builder(h.guard)
        .backend(h.server.url("/"), Backend.QDRANT).passThrough(h.server.url("/collections/public/")).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("passThrough(" + h.server.url("/collections/public/") + ") lies under a guarded backend");
  }

  @Test
  void wrapLeavesTheGivenClientUnchanged() throws Exception {
    Harness h = harness();
    OkHttpClient plain = new OkHttpClient();
    OkHttpClient wrapped = VectorGuardOkHttp.builder(h.guard).backend(h.server.url("/"), Backend.QDRANT).build()
        .wrap(plain);
    assertThat(plain.interceptors()).isEmpty();
    assertThat(wrapped.interceptors()).hasSize(1);
    assertThat(wrapped.eventListenerFactory()).isNotSameAs(plain.eventListenerFactory());
  }
}
