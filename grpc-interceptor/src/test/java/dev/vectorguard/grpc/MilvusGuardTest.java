package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.testkit.RecordedCall;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.SearchRequest;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MilvusGuardTest {
  private MilvusFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private static SearchReq search(String collection) {
    return SearchReq.builder().collectionName(collection).annsField("vector")
        .data(List.of(new FloatVec(new float[] {1f, 0f}))).limit(10)
        .outputFields(List.of("tenant", "email", "vector")).build();
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void allowedSearchDropsVectorColumnsCapsTopkAndSendsTheGuardsCredential() {
    fx = new MilvusFixture(TestPolicy.builder().allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ,
        Obligations.builder().stripVectors(true).maxResults(2).build()).build());

    SearchResp resp = fx.client.search(search("docs"));

    List<SearchResp.SearchResult> hits = resp.getSearchResults().get(0);
    assertThat(hits).hasSize(2);
    assertThat(hits).allSatisfy(h -> {
      assertThat(h.getEntity()).containsKeys("tenant", "email").doesNotContainKey("vector");
    });
    RecordedCall seen = fx.server.calls("Search").get(0);
    SearchRequest sent = (SearchRequest) seen.request();
    assertThat(sent.getSearchParamsList()).anySatisfy(kv -> {
      assertThat(kv.getKey()).isEqualTo("topk");
      assertThat(kv.getValue()).isEqualTo("2");
    });
    assertThat(seen.headerValues("authorization")).containsExactly(base64("tok:docs:read"));
  }

  @Test
  void theGuardsCredentialComesFirstEvenWhenTheSdkHasItsOwn() {
    fx = new MilvusFixture(TestPolicy.builder().allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE).build(), TestTokens.perScope(), "root:Milvus");

    fx.client.search(search("docs"));

    RecordedCall seen = fx.server.calls("Search").get(0);
    assertThat(seen.header("authorization")).isEqualTo(base64("tok:docs:read"));
  }

  @Test
  void deniedCollectionFailsWithoutRetriesAndNothingIsSent() {
    fx = new MilvusFixture(TestPolicy.builder()
        .allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ, Obligations.NONE)
        .deny("never-secret", Set.of("secret")).build());

    assertThatThrownBy(() -> fx.client.search(search("secret")))
        .isInstanceOf(MilvusClientException.class)
        .hasMessageContaining("Vectorguard refused milvus search on [secret]: denied by [never-secret]");

    assertThat(fx.server.calls()).isEmpty();
    assertThat(fx.audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
  }

  @Test
  void tenantsSeeOnlyTheirRowsThroughATemplateParameter() {
    fx = new MilvusFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE, "tenant").build());

    QueryResp acme;
    SearchResp globex;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      acme = fx.client.query(QueryReq.builder().collectionName("docs").filter("id > 0")
          .outputFields(List.of("tenant")).build());
    }
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("globex\" or 1==1").build())) {
      globex = fx.client.search(search("docs"));
    }

    assertThat(acme.getQueryResults()).extracting(r -> r.getEntity().get("id")).containsExactly(1L, 2L);
    assertThat(globex.getSearchResults().get(0)).isEmpty();
    QueryRequest sentQuery = (QueryRequest) fx.server.calls("Query").get(0).request();
    assertThat(sentQuery.getExpr()).isEqualTo("(id > 0) and (tenant == {__vg_t0})");
    assertThat(sentQuery.getExprTemplateValuesMap().get("__vg_t0").getStringVal()).isEqualTo("acme");
    SearchRequest sentSearch = (SearchRequest) fx.server.calls("Search").get(0).request();
    assertThat(sentSearch.getDsl()).isEqualTo("tenant == {__vg_t0}");
  }

  @Test
  void unbalancedParenthesesCannotEscapeTheTenantFilter() {
    fx = new MilvusFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE, "tenant").build());

    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      assertThatThrownBy(() -> fx.client.query(QueryReq.builder().collectionName("docs")
          .filter("id > 0) or (true").outputFields(List.of("tenant")).build()))
          .isInstanceOf(MilvusClientException.class)
          .hasMessageContaining("the filter expression closes a parenthesis or bracket it did not open");
    }
    assertThat(fx.server.calls("Query")).isEmpty();
  }

  @Test
  void tenantWritesCarryTheTenantAndDeletesStayInsideIt() {
    fx = new MilvusFixture(TestPolicy.builder().allowTenant("tenant-writes", Set.of("docs"), AccessLevel.WRITE,
        Obligations.NONE, "tenant").build());
    JsonObject row = new JsonObject();
    row.addProperty("id", 7L);
    row.addProperty("email", "e@acme.io");
    row.addProperty("title", "new");
    row.addProperty("tenant", "acme");
    com.google.gson.JsonArray v = new com.google.gson.JsonArray();
    v.add(1f);
    v.add(1f);
    row.add("vector", v);
    JsonObject foreign = row.deepCopy();
    foreign.addProperty("id", 8L);
    foreign.addProperty("tenant", "globex");

    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      fx.client.insert(InsertReq.builder().collectionName("docs").data(List.of(row)).build());
      fx.client.delete(DeleteReq.builder().collectionName("docs").filter("id in [2, 3]").build());
      assertThatThrownBy(() -> fx.client.insert(InsertReq.builder().collectionName("docs").data(List.of(foreign)).build()))
          .isInstanceOf(MilvusClientException.class)
          .hasMessageContaining("row #0 has a tenant field 'tenant' that differs from the caller's tenant");
    }

    assertThat(fx.server.rows("docs")).extracting(r -> r.get("id")).containsExactly(1L, 3L, 4L, 7L);
  }

  @Test
  void upsertsCouldTakeOverAnotherTenantsRowSoTheTenantFilterForbidsThem() {
    fx = new MilvusFixture(TestPolicy.builder().allowTenant("tenant-writes", Set.of("docs"), AccessLevel.WRITE,
        Obligations.NONE, "tenant").build());
    JsonObject takeover = new JsonObject();
    takeover.addProperty("id", 3L);
    takeover.addProperty("email", "evil@acme.io");
    takeover.addProperty("title", "mine now");
    takeover.addProperty("tenant", "acme");
    com.google.gson.JsonArray v = new com.google.gson.JsonArray();
    v.add(1f);
    v.add(1f);
    takeover.add("vector", v);

    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      assertThatThrownBy(() -> fx.client.upsert(io.milvus.v2.service.vector.request.UpsertReq.builder()
          .collectionName("docs").data(List.of(takeover)).build()))
          .isInstanceOf(MilvusClientException.class)
          .hasMessageContaining("a Milvus upsert replaces rows by primary key whatever their tenant");
    }
    assertThat(fx.server.calls("Upsert")).isEmpty();
    assertThat(fx.server.rows("docs")).filteredOn(r -> r.get("id").equals(3L)).singleElement()
        .satisfies(r -> assertThat(r.get("tenant")).isEqualTo("globex"));
  }

  @Test
  void aPassedDeadlineIsAuditedAndNotRetried() {
    fx = new MilvusFixture(TestPolicy.builder().allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE).build());
    io.milvus.v2.client.MilvusClientV2 impatient = MilvusGuard.create(fx.guard).wrap(new io.milvus.v2.client.MilvusClientV2(
        io.milvus.v2.client.ConnectConfig.builder().uri(fx.server.uri()).rpcDeadlineMs(300).build()));
    try {
      fx.server.holdResponses();
      assertThatThrownBy(() -> impatient.search(search("docs"))).isInstanceOf(MilvusClientException.class)
          .hasMessageContaining("DEADLINE_EXCEEDED");
      fx.server.releaseResponses();

      assertThat(fx.audit.ofType(AuditEvent.CALL_COMPLETED)).singleElement().satisfies(e -> {
        assertThat(e.get("outcome.status")).isEqualTo("cancelled");
        assertThat(e.get("outcome.code")).isEqualTo("DEADLINE_EXCEEDED");
      });
      assertThat(fx.audit.ofType(AuditEvent.CALL_STARTED)).hasSize(1);
    } finally {
      fx.server.releaseResponses();
      impatient.close();
    }
  }

  @Test
  void anAliasIsDecidedOnTheCollectionBehindItOnceTheGuardHasSeenIt() {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("*"), AccessLevel.READ, Obligations.NONE)
        .deny("never-secret", Set.of("secret")).build());
    fx.server.createAlias("harmless", "secret");

    fx.client.describeAlias(io.milvus.v2.service.utility.request.DescribeAliasReq.builder().alias("harmless").build());
    fx.server.clearCalls();

    assertThatThrownBy(() -> fx.client.search(search("harmless"))).isInstanceOf(MilvusClientException.class)
        .hasMessageContaining("[harmless, secret]").hasMessageContaining("never-secret");
    assertThat(fx.server.calls()).isEmpty();
  }

  @Test
  void wrappingAGuardedClientAgainDoesNotGuardItTwice() {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, Obligations.NONE)
        .build());

    assertThat(MilvusGuard.create(fx.guard).wrap(fx.client)).isSameAs(fx.client);
    fx.client.search(search("docs"));

    assertThat(fx.audit.ofType(AuditEvent.CALL_STARTED)).hasSize(1);
    assertThat(fx.server.calls("Search").get(0).headerValues("authorization")).hasSize(1);
  }

  @Test
  void aConnectedClientStaysGuardedAfterUseDatabase() throws Exception {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("*"), AccessLevel.READ, Obligations.NONE)
        .deny("never-secret", Set.of("secret")).build());
    io.milvus.v2.client.MilvusClientV2 client = MilvusGuard.create(fx.guard)
        .connect(io.milvus.v2.client.ConnectConfig.builder().uri(fx.server.uri()).build());
    try {
      client.useDatabase("default"); // its ListDatabases goes through the guard as well
      fx.server.clearCalls();

      assertThatThrownBy(() -> client.search(search("secret"))).isInstanceOf(MilvusClientException.class)
          .hasMessageContaining("Vectorguard refused");
      client.search(search("docs"));

      assertThat(fx.server.calls()).extracting(RecordedCall::method)
          .containsExactly("milvus.proto.milvus.MilvusService/Search");
    } finally {
      client.close();
    }
  }

  @Test
  void databaseComesFromTheRequestThenTheHeaderThenDefault() {
    fx = new MilvusFixture(TestPolicy.builder().allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE).build());

    fx.client.search(search("docs"));

    AuditEvent started = fx.audit.ofType(AuditEvent.CALL_STARTED).stream()
        .filter(e -> "milvus.proto.milvus.MilvusService/Search".equals(e.get("call.endpoint"))).findFirst().orElseThrow();
    assertThat(started.get("call.database")).isEqualTo("default");
    assertThat(fx.audit.ofType(AuditEvent.CALL_COMPLETED)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.get("outcome.code")).isEqualTo("OK"));
  }
  /** A search of docs by {@code client} is decided on {@code database}, the one the server gets. */
  private void assertASearchIsDecidedOn(io.milvus.v2.client.MilvusClientV2 client, String database) {
    fx.server.clearCalls();
    client.search(search("docs"));
    var seen = fx.server.calls("Search").get(0);
    AuditEvent started = fx.audit.ofType(AuditEvent.CALL_STARTED).stream()
        .filter(e -> "milvus.proto.milvus.MilvusService/Search".equals(e.get("call.endpoint"))).reduce((a, b) -> b)
        .orElseThrow();
    assertThat(seen.header("dbname")).as("header the server got").isEqualTo(database);
    assertThat(started.get("call.database")).isEqualTo(database);
  }

  @Test
  void afterUseDatabaseTheNewDatabaseIsTheOneDecidedOn() throws Exception {
    // SDK 2.5 names the database of a search in the dbname header only, added after the guard's
    // interceptor: the guard must decide on the database the client switched to, not on the old one.
    // (useDatabase lists the databases through the guard, hence reads of every name.)
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("*"), AccessLevel.READ, Obligations.NONE)
        .build());
    fx.server.createDatabase("analytics");
    io.milvus.v2.client.MilvusClientV2 client = MilvusGuard.create(fx.guard)
        .connect(io.milvus.v2.client.ConnectConfig.builder().uri(fx.server.uri()).build());
    try {
      client.useDatabase("analytics");
      assertASearchIsDecidedOn(client, "analytics");
    } finally {
      client.close();
    }
  }

  @Test
  void theDatabaseOfAClientConnectedToOneIsTheOneDecidedOn() {
    fx = new MilvusFixture(TestPolicy.builder().allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE).build());
    fx.server.createDatabase("analytics");
    io.milvus.v2.client.MilvusClientV2 client = MilvusGuard.create(fx.guard)
        .connect(io.milvus.v2.client.ConnectConfig.builder().uri(fx.server.uri()).dbName("analytics").build());
    try {
      assertASearchIsDecidedOn(client, "analytics");
    } finally {
      client.close();
    }
  }

  /** As on REST: a group carries the field's value, so a masked field cannot be grouped by. */
  @Test
  void groupingByAMaskedFieldIsRefusedAndNothingIsSent() {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, Obligations.builder()
        .mask(dev.vectorguard.mask.MaskRule.of("email", dev.vectorguard.mask.MaskAction.REDACT)).build()).build());

    assertThatThrownBy(() -> fx.client.search(SearchReq.builder().collectionName("docs").annsField("vector")
        .data(List.of(new FloatVec(new float[] {1f, 0f}))).limit(10).groupByFieldName("email")
        .outputFields(List.of("title")).build()))
        .isInstanceOf(MilvusClientException.class)
        .hasMessageContaining("grouping by 'email' would reveal values of the masked field 'email'");
    assertThat(fx.server.calls("Search")).isEmpty();
  }

  /**
   * As on REST: the request asks only for allowed output fields, not only the response is pruned.
   * The filter reads the primary key, which must be allowed too: the guard does not know the schema,
   * and a filter on a field outside the allowed ones is refused as an oracle for it.
   */
  @Test
  void onlyAllowedOutputFieldsAreAskedFor() {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, Obligations.builder()
        .allowedOutputFields(Set.of("title", "id")).build()).build());

    QueryResp resp = fx.client.query(QueryReq.builder().collectionName("docs").filter("id > 0")
        .outputFields(List.of("email", "title")).build());

    QueryRequest sent = (QueryRequest) fx.server.calls("Query").get(0).request();
    assertThat(sent.getOutputFieldsList()).containsExactly("title");
    assertThat(resp.getQueryResults()).isNotEmpty().allSatisfy(r -> assertThat(r.getEntity()).doesNotContainKey("email"));
  }

  /** As on REST (aliases/list): an alias listing shows only the aliases the caller may describe. */
  @Test
  void anAliasListingShowsOnlyAliasesTheCallerMayDescribe() {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("docs", "live"), AccessLevel.READ,
        Obligations.NONE).build());
    fx.server.createAlias("live", "docs");
    fx.server.createAlias("hidden", "docs");

    io.milvus.v2.service.utility.response.ListAliasResp resp = fx.client.listAliases(
        io.milvus.v2.service.utility.request.ListAliasesReq.builder().collectionName("docs").build());

    assertThat(resp.getAlias()).containsExactly("live");
  }
}
