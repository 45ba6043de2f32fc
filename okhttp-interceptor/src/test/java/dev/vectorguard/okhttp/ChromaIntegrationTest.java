package dev.vectorguard.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Actor;
import dev.vectorguard.resttest.ChromaFixture;
import dev.vectorguard.resttest.ChromaServer;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Guarded calls through OkHttp to a real Chroma server, end to end. */
class ChromaIntegrationTest {
  @RegisterExtension
  static final ChromaServer CHROMA = new ChromaServer();

  private static final String POLICY = """
      version: 1
      rules:
        - id: admin-sets-up-kb
          when: { actor.role: admin }
          collections: [kb-docs]
          operations: [create_collection, describe_collection]
          effect: allow
        - id: tenants-read-kb
          when: { actor.tenant: "*" }
          collections: [kb-docs]
          actions: [read]
          effect: allow
          obligations:
            max_results: 10
            vectors: strip
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
            mask:
              - { field: email, with: redact }
              - { field: document, with: detect-pii }
        - id: tenants-add-to-kb
          when: { actor.tenant: "*" }
          collections: [kb-docs]
          operations: [upsert]
          effect: allow
          obligations:
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
        - id: no-deletes
          operations: [delete, drop_collection]
          effect: deny
        - id: anyone-lists
          operations: [list_collections]
          effect: allow
      """;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType TYPE = MediaType.get("application/json");
  private static final Actor ADMIN = Actor.builder().user("root").attribute("role", "admin").build();
  private static final Actor ACME = Actor.builder().user("alice").tenant("acme").build();
  private static final Actor GLOBEX = Actor.builder().user("bob").tenant("globex").build();

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final OkHttpClient plain = new OkHttpClient();
  private ChromaServer.Database db;
  private OkHttpClient client;

  @BeforeEach
  void guard() throws Exception {
    db = CHROMA.database();
    client = guardedBy(POLICY, "chroma.yaml");
  }

  /** The plain client guarded by a policy of its own, auditing into {@link #audit}. */
  private OkHttpClient guardedBy(String policy, String name) throws Exception {
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(policy, name))
        .workload(Workload.configured("spiffe://test.local/sa/kb"))
        .tokenSource(request -> Credential.of(CredentialKind.STATIC, "chroma-token", null, null))
        .auditSink(audit)
        .build();
    return VectorGuardOkHttp.builder(guard).backend(HttpUrl.get(db.url() + "/"), Backend.CHROMA).build().wrap(plain);
  }

  private JsonNode call(OkHttpClient using, Actor actor, String method, String url, String body) throws IOException {
    try (GuardContext.Scope s = GuardContext.actAs(actor)) {
      Request request = new Request.Builder().url(url)
          .method(method, body == null ? null : RequestBody.create(body, TYPE)).build();
      try (Response response = using.newCall(request).execute()) {
        String text = response.body().string();
        assertThat(response.code()).as("%s %s: %s", method, url, text).isBetween(200, 299);
        return JSON.readTree(text);
      }
    }
  }

  private static String add(String... records) {
    StringBuilder ids = new StringBuilder();
    StringBuilder vectors = new StringBuilder();
    StringBuilder metadatas = new StringBuilder();
    StringBuilder documents = new StringBuilder();
    for (String record : records) {
      String[] f = record.split(",");
      String sep = ids.length() == 0 ? "" : ",";
      ids.append(sep).append('"').append(f[0]).append('"');
      vectors.append(sep).append('[').append(f[2]).append(']');
      metadatas.append(sep).append("{\"tenant\":\"").append(f[1]).append("\",\"email\":\"").append(f[0])
          .append("@").append(f[1]).append(".io\"}");
      documents.append(sep).append("\"note from ").append(f[0]).append("@").append(f[1]).append(".io\"");
    }
    return "{\"ids\":[" + ids + "],\"embeddings\":[" + vectors.toString().replace(';', ',') + "],\"metadatas\":["
        + metadatas + "],\"documents\":[" + documents + "]}";
  }

  /** kb-docs created by the admin through the guard, with a1 and a2 added by acme and g1 by globex; its URL. */
  private String kbWithThreeRecords() throws IOException {
    String id = call(client, ADMIN, "POST", db.base() + "/collections", "{\"name\":\"kb-docs\"}").get("id").asText();
    String kb = db.base() + "/collections/" + id;
    call(client, ACME, "POST", kb + "/add", add("a1,acme,1;0;0", "a2,acme,0.9;0.1;0"));
    call(client, GLOBEX, "POST", kb + "/add", add("g1,globex,0;1;0"));
    return kb;
  }

  @Test
  void tenantsShareACollectionWithoutSeeingEachOther() throws Exception {
    String kb = kbWithThreeRecords();

    VectorGuardRefusedIOException smuggled = catchThrowableOfType(VectorGuardRefusedIOException.class,
        () -> call(client, ACME, "POST", kb + "/add", add("x1,globex,0;0;1")));
    assertThat(smuggled.getMessage()).endsWith("record \"x1\" has a tenant field 'tenant' that differs from the caller's tenant");

    String query = "{\"query_embeddings\":[[1,0,0]],\"n_results\":50,"
        + "\"include\":[\"metadatas\",\"documents\",\"embeddings\",\"distances\"]}";
    JsonNode acme = call(client, ACME, "POST", kb + "/query", query);
    assertThat(acme.get("ids").get(0)).extracting(JsonNode::asText).containsExactly("a1", "a2");
    assertThat(acme.get("metadatas").get(0).findValuesAsText("email")).containsOnly("[REDACTED]");
    assertThat(acme.get("metadatas").get(0).findValuesAsText("tenant")).containsOnly("acme");
    assertThat(acme.get("documents").get(0)).extracting(JsonNode::asText).containsOnly("note from <EMAIL>");
    assertThat(acme.path("embeddings").isMissingNode() || acme.get("embeddings").isNull()).isTrue();
    assertThat(acme.get("distances").get(0)).hasSize(2);

    JsonNode globex = call(client, GLOBEX, "POST", kb + "/query", query);
    assertThat(globex.get("ids").get(0)).extracting(JsonNode::asText).containsExactly("g1");

    JsonNode got = call(client, GLOBEX, "POST", kb + "/get", "{\"include\":[\"metadatas\",\"embeddings\"]}");
    assertThat(got.get("ids")).extracting(JsonNode::asText).containsExactly("g1");
    assertThat(got.get("metadatas").get(0).get("email").asText()).isEqualTo("[REDACTED]");

    VectorGuardRefusedIOException delete = catchThrowableOfType(VectorGuardRefusedIOException.class,
        () -> call(client, ACME, "POST", kb + "/delete", "{\"ids\":[\"a1\"]}"));
    assertThat(delete.decision().rules()).containsExactly("no-deletes");

    // Unguarded, the server still holds all three records: nothing refused was sent.
    assertThat(call(plain, ADMIN, "GET", kb + "/count", null).asInt()).isEqualTo(3);

    List<AuditEvent> started = audit.ofType(AuditEvent.CALL_STARTED);
    List<AuditEvent> completed = audit.ofType(AuditEvent.CALL_COMPLETED);
    // The smuggled add was refused before it started: it is a call.refused, never a call.started.
    assertThat(started).extracting(e -> e.get("call.operation"))
        .containsExactly("create_collection", "upsert", "upsert", "query", "query", "get");
    assertThat(completed.stream().map(AuditEvent::callId).collect(Collectors.toSet()))
        .isEqualTo(started.stream().map(AuditEvent::callId).collect(Collectors.toSet()));
    assertThat(completed).noneMatch(e -> "error".equals(e.get("outcome.status")));
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).satisfiesExactly(e -> {
      assertThat(e.callId()).isEqualTo(smuggled.callId());
      assertThat(e.get("decision.effect")).isEqualTo("allow");
      assertThat(e.get("obligations.tenant_filters")).isEqualTo(List.of("tenant"));
    }, e -> {
      assertThat(e.get("decision.rules")).isEqualTo(List.of("no-deletes"));
      assertThat(e.get("actor.tenant")).isEqualTo("acme");
    });
    assertThat(completed).filteredOn(e -> "query".equals(e.get("call.operation"))).allSatisfy(e -> {
      assertThat((Long) e.get("masked.vectors_stripped")).isZero();
      assertThat(((java.util.Map<?, ?>) e.get("masked.fields")).get("redact")).isNotNull();
    });
    assertThat(Set.copyOf(started.stream().map(e -> e.get("workload.id")).toList()))
        .containsExactly("spiffe://test.local/sa/kb");
  }

  /**
   * A filter on a masked key or document is an oracle for what the mask hides: the server answers
   * on the true values. Such filters are refused before anything is sent; where the mask rule
   * allows exact lookups, equality filters reach the server, which matches the true value while
   * the caller still sees it masked.
   */
  @Test
  void filtersOnMaskedKeysAndDocumentsAreRefusedAndExactLookupsPass() throws Exception {
    String kb = kbWithThreeRecords();

    for (String body : List.of("{\"where\":{\"email\":{\"$gt\":\"a\"}}}",
        "{\"where\":{\"$and\":[{\"tenant\":\"acme\"},{\"$or\":[{\"email\":\"a1@acme.io\"}]}]}}")) {
      VectorGuardRefusedIOException e = catchThrowableOfType(VectorGuardRefusedIOException.class,
          () -> call(client, ACME, "POST", kb + "/get", body));
      assertThat(e.getMessage()).as(body).endsWith("filtering on 'email' would reveal values of the masked field 'email'");
    }
    for (String body : List.of("{\"where_document\":{\"$contains\":\"a1@\"}}",
        "{\"where\":{\"#document\":{\"$regex\":\"^note from a\"}}}")) {
      VectorGuardRefusedIOException e = catchThrowableOfType(VectorGuardRefusedIOException.class,
          () -> call(client, ACME, "POST", kb + "/query", "{\"query_embeddings\":[[1,0,0]]," + body.substring(1)));
      assertThat(e.getMessage()).as(body).contains("would reveal values of the masked field 'document'");
    }

    OkHttpClient support = guardedBy("""
            version: 1
            rules:
              - id: support-finds-by-email
                when: { actor.tenant: "*" }
                collections: [kb-docs]
                operations: [get, delete, describe_collection]
                effect: allow
                obligations:
                  tenant_filter: { field: tenant, value: "${actor.tenant}" }
                  mask:
                    - { field: email, with: redact, lookups: exact }
                    - { field: document, with: detect-pii }
            """, "lookups.yaml");
    call(support, ACME, "GET", db.base() + "/collections/kb-docs", null); // teaches this guard the id

    JsonNode found = call(support, ACME, "POST", kb + "/get",
        "{\"where\":{\"email\":{\"$in\":[\"a2@acme.io\",\"g1@globex.io\"]}},\"include\":[\"metadatas\"]}");
    assertThat(found.get("ids")).extracting(JsonNode::asText).containsExactly("a2");
    assertThat(found.get("metadatas").get(0).get("email").asText()).isEqualTo("[REDACTED]");
    assertThat(call(support, ACME, "POST", kb + "/get", "{\"where\":{\"email\":\"a1@acme.io\"}}").get("ids"))
        .extracting(JsonNode::asText).containsExactly("a1");
    VectorGuardRefusedIOException range = catchThrowableOfType(VectorGuardRefusedIOException.class,
        () -> call(support, ACME, "POST", kb + "/delete", "{\"where\":{\"email\":{\"$gte\":\"a\"}}}"));
    assertThat(range.getMessage()).endsWith("filtering on 'email' would reveal values of the masked field 'email'"
        + " (its rule allows only exact-match lookups)");
    VectorGuardRefusedIOException text = catchThrowableOfType(VectorGuardRefusedIOException.class,
        () -> call(support, ACME, "POST", kb + "/delete", "{\"where_document\":{\"$contains\":\"note\"}}"));
    assertThat(text.getMessage()).endsWith("filtering on 'document' would reveal values of the masked field 'document'");

    // Unguarded, the server still holds every record: no refused delete was sent.
    assertThat(call(plain, ADMIN, "GET", kb + "/count", null).asInt()).isEqualTo(3);
    // Each refusal found while checking the request is one call.refused, and nothing was started for it.
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(6);
    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).noneSatisfy(e ->
        assertThat(e.get("outcome.status")).isEqualTo("error"));
  }

  @Test
  void tenantDeletesOnlyNarrowAndAnEmptyOneIsNotWidened() throws Exception {
    OkHttpClient guarded = guardedBy("""
            version: 1
            rules:
              - id: tenants-delete
                when: { actor.tenant: "*" }
                collections: [kb-docs]
                operations: [delete, describe_collection]
                effect: allow
                obligations:
                  tenant_filter: { field: tenant, value: "${actor.tenant}" }
            """, "deletes.yaml");
    String id = JSON.readTree(ChromaServer.post(db.base() + "/collections", "{\"name\":\"kb-docs\"}")).get("id")
        .asText();
    String kb = db.base() + "/collections/" + id;
    ChromaServer.post(kb + "/add", add("a1,acme,1;0;0", "g1,globex,0;1;0", "g2,globex,0;0;1"));
    call(guarded, ACME, "GET", db.base() + "/collections/kb-docs", null); // teaches the guard the id

    // {} deletes nothing on Chroma; with the tenant condition alone it would delete every acme record.
    VectorGuardRefusedIOException empty = catchThrowableOfType(VectorGuardRefusedIOException.class,
        () -> call(guarded, ACME, "POST", kb + "/delete", "{}"));
    assertThat(empty.getMessage()).endsWith("the delete selects no records (no ids, where or where_document), and"
        + " the guard does not widen it to the tenant's records");
    // A delete naming another tenant's ids is confined to the caller's records: it removes none of them.
    call(guarded, ACME, "POST", kb + "/delete", "{\"ids\":[\"g1\",\"g2\"]}");

    assertThat(call(plain, ADMIN, "GET", kb + "/count", null).asInt()).isEqualTo(3);
    // The empty delete was refused before it started; the narrowed one went through.
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).singleElement()
        .satisfies(e -> assertThat(e.callId()).isEqualTo(empty.callId()));
    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).filteredOn(e -> "delete".equals(e.get("call.operation")))
        .extracting(e -> e.get("outcome.status")).containsExactly("ok");
  }

  @Test
  void listingsShowOnlyWhatTheCallerMayRead() throws Exception {
    ChromaServer.post(db.base() + "/collections", "{\"name\":\"kb-docs\"}");
    ChromaServer.post(db.base() + "/collections", "{\"name\":\"hr-data\"}");

    JsonNode listed = call(client, ACME, "GET", db.base() + "/collections", null);

    assertThat(listed.findValuesAsText("name")).containsExactly("kb-docs");
    assertThat(call(plain, ACME, "GET", db.base() + "/collections", null).findValuesAsText("name"))
        .containsExactlyInAnyOrder("kb-docs", "hr-data");
  }

  @Test
  void unknownCollectionIdsAreRefusedUntilLookedUpThroughTheGuard() throws Exception {
    String id = JSON.readTree(ChromaServer.post(db.base() + "/collections", "{\"name\":\"kb-docs\"}")).get("id").asText();

    VectorGuardRefusedIOException e = catchThrowableOfType(VectorGuardRefusedIOException.class,
        () -> call(client, ACME, "POST", db.base() + "/collections/" + id + "/get", "{}"));
    assertThat(e.getMessage()).contains("is not known to the guard");

    call(client, ACME, "GET", db.base() + "/collections/kb-docs", null);
    assertThat(call(client, ACME, "POST", db.base() + "/collections/" + id + "/get", "{}").get("ids")).isEmpty();
  }
}
