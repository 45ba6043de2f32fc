package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MilvusDialectTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Obligations TENANT = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme"))
      .build();
  private final RestDialect milvus = RestDialect.milvus();

  private VectorCall classify(String path, String body) throws RestClassificationException {
    return milvus.classify(RestRequest.of("POST", path, body.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', textBlock = """
      collections/list              | list_collections    | read
      collections/has               | describe_collection | read
      collections/describe          | describe_collection | read
      collections/get_stats         | describe_collection | read
      collections/get_load_state    | describe_collection | read
      collections/create            | create_collection   | manage
      collections/drop              | drop_collection     | manage
      collections/truncate          | drop_collection     | manage
      collections/rename            | alter_collection    | admin
      collections/load              | load_collection     | manage
      collections/refresh_load      | load_collection     | manage
      collections/release           | load_collection     | manage
      collections/alter_properties  | alter_collection    | manage
      collections/drop_properties   | alter_collection    | manage
      collections/add_function      | alter_collection    | manage
      collections/fields/add        | alter_collection    | manage
      collections/fields/alter_properties | alter_collection | manage
      collections/compact           | flush               | manage
      collections/get_compaction_state | cluster          | admin
      collections/flush             | flush               | write
      databases/create              | database_admin      | admin
      databases/list                | list_databases      | read
      databases/describe            | list_databases      | read
      entities/query                | query               | read
      entities/get                  | get                 | read
      entities/search               | search              | read
      entities/advanced_search      | search              | read
      entities/hybrid_search        | search              | read
      entities/insert               | upsert              | write
      entities/upsert               | upsert              | write
      entities/delete               | delete              | write
      partitions/list               | describe_collection | read
      partitions/create             | partition           | manage
      partitions/load               | load_collection     | manage
      indexes/create                | create_index        | manage
      indexes/drop                  | drop_index          | manage
      indexes/describe              | describe_index      | read
      aliases/list                  | list_aliases        | read
      aliases/create                | alias               | manage
      aliases/alter                 | alias               | manage
      jobs/import/create            | upsert              | write
      jobs/import/list              | describe_collection | read
      users/create                  | user_admin          | admin
      roles/grant_privilege_v2      | user_admin          | admin
      privilege_groups/create       | user_admin          | admin
      resource_groups/list          | cluster             | admin
      segments/describe             | cluster             | admin
      quotacenter/describe          | cluster             | admin
      collections/LIST              | unknown             | admin
      entities/nothing              | unknown             | admin
      """)
  void classifiesEveryRoute(String route, String operation, String access) throws Exception {
    VectorCall call = classify("/v2/vectordb/" + route, "{\"collectionName\":\"docs\"}");

    assertThat(call.operation().id()).isEqualTo(operation);
    assertThat(call.access().id()).isEqualTo(access);
  }

  @Test
  void databaseComesFromTheBodyThenTheHeaderThenDefault() throws Exception {
    byte[] body = "{\"collectionName\":\"docs\",\"dbName\":\"body_db\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> header = Map.of("db-name", List.of("header_db"));
    assertThat(milvus.classify(RestRequest.of("POST", "/v2/vectordb/entities/query", null, header, body)).database())
        .isEqualTo("body_db");
    assertThat(milvus.classify(RestRequest.of("POST", "/v2/vectordb/entities/query", null, header,
        "{\"collectionName\":\"docs\",\"dbName\":\"\"}".getBytes(StandardCharsets.UTF_8))).database())
        .isEqualTo("header_db");
    assertThat(classify("/v2/vectordb/entities/query", "{\"collectionName\":\"docs\"}").database()).isEqualTo("default");
  }

  @Test
  void keysThatGoReadsCaseInsensitivelyMustBeSpelledExactly() {
    assertThatThrownBy(() -> classify("/v2/vectordb/entities/query",
        "{\"collectionName\":\"docs\",\"COLLECTIONNAME\":\"secret\"}"))
        .hasMessage("the keys 'collectionName' and 'COLLECTIONNAME' name the same field for Milvus, "
            + "which matches keys case-insensitively");
    assertThatThrownBy(() -> classify("/v2/vectordb/entities/query", "{\"CollectionName\":\"secret\"}"))
        .hasMessage("'CollectionName' must be spelled 'collectionName'");
    assertThatThrownBy(() -> classify("/v2/vectordb/entities/hybrid_search",
        "{\"collectionName\":\"docs\",\"search\":[{\"Filter\":\"1 == 1\"}]}"))
        .hasMessage("'search[].Filter' must be spelled 'filter'");
  }

  /**
   * Go folds keys with Unicode simple folding, so U+017F (long s) matches 's' and U+212A (Kelvin)
   * 'k': a hybrid search under "\u017fearch" would reach Milvus without the tenant filter.
   */
  @Test
  void keysThatGoFoldsThroughUnicodeMustBeSpelledExactly() {
    assertThatThrownBy(() -> classify("/v2/vectordb/entities/hybrid_search",
        "{\"collectionName\":\"docs\",\"\u017fearch\":[{\"data\":[[1,0]],\"annsField\":\"v\",\"limit\":5}]}"))
        .hasMessage("'\u017fearch' must be spelled 'search'");
    assertThatThrownBy(() -> classify("/v2/vectordb/entities/query",
        "{\"collectionName\":\"docs\",\"outputFields\":[\"a\"],\"outputField\u017f\":[\"secret\"]}"))
        .hasMessage("the keys 'outputFields' and 'outputField\u017f' name the same field for Milvus, "
            + "which matches keys case-insensitively");
  }

  @Test
  void aliasesAndRenamesNameEveryCollection() throws Exception {
    assertThat(classify("/v2/vectordb/aliases/alter", "{\"collectionName\":\"docs\",\"aliasName\":\"live\"}")
        .collections()).containsExactly("docs", "live");
    assertThat(classify("/v2/vectordb/collections/rename", "{\"collectionName\":\"a\",\"newCollectionName\":\"b\"}")
        .collections()).containsExactly("a", "b");
    assertThatThrownBy(() -> classify("/v2/vectordb/collections/rename",
        "{\"collectionName\":\"a\",\"newCollectionName\":\"b\",\"newDbName\":\"other\"}"))
        .hasMessage("renaming a collection into another database ('other') is not supported by the guard");
  }

  private String rewrite(String route, String body, Obligations obligations) throws Exception {
    RestRequest request = RestRequest.of("POST", "/v2/vectordb/" + route, body.getBytes(StandardCharsets.UTF_8));
    byte[] out = milvus.rewrite(request, milvus.classify(request), obligations);
    return out == null ? null : new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void tenantFilterIsBoundThroughExprParams() throws Exception {
    assertThat(JSON.readTree(rewrite("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"age > 3\"}", TENANT)))
        .isEqualTo(JSON.readTree("{\"collectionName\":\"docs\",\"filter\":\"(age > 3) and (tenant == {__vg_t0})\","
            + "\"exprParams\":{\"__vg_t0\":\"acme\"}}"));
    assertThat(JSON.readTree(rewrite("entities/delete", "{\"collectionName\":\"docs\",\"filter\":\"id in [1]\"}", TENANT)))
        .isEqualTo(JSON.readTree("{\"collectionName\":\"docs\",\"filter\":\"(id in [1]) and (tenant == {__vg_t0})\","
            + "\"exprParams\":{\"__vg_t0\":\"acme\"}}"));
    assertThat(JSON.readTree(rewrite("entities/hybrid_search", "{\"collectionName\":\"docs\",\"search\":["
        + "{\"data\":[[1]],\"annsField\":\"v\",\"filter\":\"x == 1\"},{\"data\":[[2]],\"annsField\":\"w\"}]}", TENANT))
        .findValuesAsText("filter"))
        .containsExactly("(x == 1) and (tenant == {__vg_t0})", "tenant == {__vg_t0}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      x == 1) or (true            | the filter expression closes a parenthesis or bracket it did not open
      (x == 1                     | the filter expression has unbalanced parentheses or brackets
      name == "a) or (true        | the filter expression has an unterminated string literal
      """)
  void unbalancedFiltersAreRefused(String filter, String message) {
    String body = "{\"collectionName\":\"docs\",\"filter\":" + JSON.valueToTree(filter) + "}";
    assertThatThrownBy(() -> rewrite("entities/query", body, TENANT)).hasMessage(message);
  }

  @Test
  void quotedParenthesesAreFine() throws Exception {
    String body = "{\"collectionName\":\"docs\",\"filter\":\"name == \\\"a) or (b\\\"\"}";
    assertThat(JSON.readTree(rewrite("entities/query", body, TENANT)).get("filter").asText())
        .isEqualTo("(name == \"a) or (b\") and (tenant == {__vg_t0})");
  }

  @Test
  void reservedParameterNamesAreRefused() {
    assertThatThrownBy(() -> rewrite("entities/query",
        "{\"collectionName\":\"docs\",\"filter\":\"tenant == {__vg_t0}\",\"exprParams\":{\"__vg_t0\":\"globex\"}}",
        TENANT)).hasMessage("the request uses the template parameter '__vg_t0', which is reserved for the guard");
  }

  @Test
  void limitsOutputFieldsAndVectorsAreRewritten() throws Exception {
    Obligations ob = Obligations.builder().maxResults(5).stripVectors(true)
        .allowedOutputFields(Set.of("title", "vec")).build();
    assertThat(JSON.readTree(rewrite("entities/search", "{\"collectionName\":\"docs\",\"annsField\":\"vec\","
        + "\"limit\":100,\"outputFields\":[\"title\",\"email\",\"vec\"]}", ob)))
        .isEqualTo(JSON.readTree("{\"collectionName\":\"docs\",\"annsField\":\"vec\",\"limit\":5,"
            + "\"outputFields\":[\"title\"]}"));
  }

  @Test
  void insertsMustCarryTheTenantAndUnfilterableCallsAreRefused() throws Exception {
    assertThatThrownBy(() -> rewrite("entities/insert", "{\"collectionName\":\"docs\",\"data\":[{\"tenant\":\"acme\"},"
        + "{\"tenant\":\"globex\"}]}", TENANT))
        .hasMessage("row #1 has a tenant field 'tenant' that differs from the caller's tenant");
    RestRequest get = RestRequest.of("POST", "/v2/vectordb/entities/get", "{\"collectionName\":\"docs\",\"id\":[1]}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(milvus.leakRisk(get, milvus.classify(get), TENANT))
        .isEqualTo("reading entities by primary key cannot be tenant-filtered; query with a filter on the primary key"
            + " instead");
    RestRequest bulk = RestRequest.of("POST", "/v2/vectordb/jobs/import/create", ("{\"collectionName\":\"docs\","
        + "\"files\":[[\"rows.parquet\"]]}").getBytes(StandardCharsets.UTF_8));
    assertThat(milvus.leakRisk(bulk, milvus.classify(bulk), TENANT))
        .isEqualTo("a bulk import writes rows from files whose tenant field the guard cannot check; use insert");
    assertThat(milvus.leakRisk(bulk, milvus.classify(bulk), Obligations.builder().maxResults(5).build())).isNull();
  }

  /** Milvus refuses a delete without a filter; the tenant clause alone must not turn it into "delete all my rows". */
  @Test
  void aDeleteWithoutAFilterIsRefusedUnderATenantFilter() throws Exception {
    assertThatThrownBy(() -> rewrite("entities/delete", "{\"collectionName\":\"docs\"}", TENANT))
        .hasMessage("the delete has no filter expression, so it cannot be confined to the tenant");
    assertThatThrownBy(() -> rewrite("entities/delete", "{\"collectionName\":\"docs\",\"filter\":\"  \"}", TENANT))
        .hasMessage("the delete has no filter expression, so it cannot be confined to the tenant");
    assertThat(rewrite("entities/delete", "{\"collectionName\":\"docs\",\"filter\":\"id in [1]\"}", TENANT))
        .isNotNull();
  }

  @Test
  void listingsAreFiltered() throws Exception {
    VectorCall list = classify("/v2/vectordb/collections/list", "{}");
    byte[] out = milvus.filterCollections(list, "{\"code\":0,\"data\":[\"docs\",\"secret\"]}"
        .getBytes(StandardCharsets.UTF_8), "docs"::equals);
    assertThat(JSON.readTree(out)).isEqualTo(JSON.readTree("{\"code\":0,\"data\":[\"docs\"]}"));
  }

  /** The same checks as gRPC: brackets and braces pair up too, not only parentheses. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      x in [1, 2                  | the filter expression has unbalanced parentheses or brackets
      [(x == 1] or [true)]        | the filter expression closes a parenthesis or bracket it did not open
      """)
  void unbalancedBracketsAreRefusedAsOnGrpc(String filter, String message) {
    String body = "{\"collectionName\":\"docs\",\"filter\":" + JSON.valueToTree(filter) + "}";
    assertThatThrownBy(() -> rewrite("entities/query", body, TENANT)).hasMessage(message);
  }

  @Test
  void everyParameterWithTheGuardsPrefixIsRefusedNotOnlyItsOwnName() {
    assertThatThrownBy(() -> rewrite("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"tenant == {__vg_t1}\","
        + "\"exprParams\":{\"__vg_t1\":\"globex\"}}", TENANT))
        .hasMessage("the request uses the template parameter '__vg_t1', which is reserved for the guard");
    assertThatThrownBy(() -> rewrite("entities/hybrid_search", "{\"collectionName\":\"docs\",\"search\":[{\"data\":[[1]],"
        + "\"annsField\":\"v\",\"filter\":\"a == {__vg_x}\",\"exprParams\":{\"__vg_x\":1}}]}", TENANT))
        .hasMessage("the request uses the template parameter '__vg_x', which is reserved for the guard");
  }

  @Test
  void aKeywordTheGrammarKnowsIsNoTenantField() {
    for (String keyword : List.of("array_length", "phrase_match", "json_contains_any", "element_filter")) {
      Obligations ob = Obligations.builder().tenantFilter(new TenantFilter(keyword, "acme")).build();
      assertThatThrownBy(() -> rewrite("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"a > 1\"}", ob))
          .as(keyword).hasMessageStartingWith("the tenant field '" + keyword + "' is not a Milvus field name");
    }
  }

  @Test
  void groupingIsCheckedAgainstAllowedOutputFieldsAndInEverySearch() throws Exception {
    Obligations titleOnly = Obligations.builder().allowedOutputFields(Set.of("title")).build();
    RestRequest grouped = request("entities/search", "{\"collectionName\":\"docs\",\"data\":[[1]],"
        + "\"groupingField\":\"email\"}");
    assertThat(milvus.leakRisk(grouped, milvus.classify(grouped), titleOnly))
        .isEqualTo("grouping by 'email' would reveal values of a field outside the allowed output fields");
    Obligations masked = Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT)).build();
    RestRequest hybrid = request("entities/hybrid_search", "{\"collectionName\":\"docs\",\"search\":[{\"data\":[[1]],"
        + "\"annsField\":\"v\",\"groupingField\":\"email\"}]}");
    assertThat(milvus.leakRisk(hybrid, milvus.classify(hybrid), masked))
        .isEqualTo("grouping by 'email' would reveal values of the masked field 'email'");
    RestRequest allowed = request("entities/search", "{\"collectionName\":\"docs\",\"groupingField\":\"title\"}");
    assertThat(milvus.leakRisk(allowed, milvus.classify(allowed), titleOnly)).isNull();
  }

  @Test
  void anAliasIsDecidedOnTheCollectionBehindItOnceDescribedOrListed() throws Exception {
    VectorCall describe = classify("/v2/vectordb/aliases/describe", "{\"aliasName\":\"harmless\"}");
    milvus.filterCollections(describe, ("{\"code\":0,\"data\":{\"aliasName\":\"harmless\","
        + "\"collectionName\":\"secret\",\"dbName\":\"default\"}}").getBytes(StandardCharsets.UTF_8), n -> true);
    assertThat(classify("/v2/vectordb/entities/search", "{\"collectionName\":\"harmless\"}").collections())
        .containsExactly("harmless", "secret");
    assertThat(classify("/v2/vectordb/entities/search", "{\"collectionName\":\"harmless\",\"dbName\":\"other\"}")
        .collections()).as("aliases are per database").containsExactly("harmless");

    VectorCall list = classify("/v2/vectordb/aliases/list", "{\"collectionName\":\"hr\"}");
    milvus.filterCollections(list, "{\"code\":0,\"data\":[\"people\"]}".getBytes(StandardCharsets.UTF_8), n -> true);
    assertThat(classify("/v2/vectordb/entities/query", "{\"collectionName\":\"people\"}").collections())
        .containsExactly("people", "hr");

    classify("/v2/vectordb/aliases/alter", "{\"collectionName\":\"docs\",\"aliasName\":\"people\"}");
    assertThat(classify("/v2/vectordb/entities/query", "{\"collectionName\":\"people\"}").collections())
        .as("forgotten once aliases change").containsExactly("people");
  }

  @Test
  void aMissingLimitIsLeftToTheServersDefaultWhenThatIsWithinTheCap() throws Exception {
    assertThat(rewrite("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"a > 1\"}",
        Obligations.builder().maxResults(500).build())).isNull();
    assertThat(JSON.readTree(rewrite("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"a > 1\"}",
        Obligations.builder().maxResults(20).build())).get("limit").asInt()).isEqualTo(20);
  }

  @Test
  void aCountQueryKeepsCountStarUnderAllowedOutputFields() throws Exception {
    // The filter reads an allowed field: one outside them would be refused as an oracle for it.
    assertThat(rewrite("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"title > 'a'\",\"limit\":5,"
        + "\"outputFields\":[\"count(*)\"]}", Obligations.builder().allowedOutputFields(Set.of("title")).build()))
        .isNull();
  }

  @Test
  void aQueryWithoutOutputFieldsReadsEveryFieldSoItIsRefusedUnderStripUntilTheSchemaIsKnown() throws Exception {
    Obligations strip = Obligations.builder().stripVectors(true).build();
    RestRequest query = request("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"title > 'a'\"}");
    assertThat(milvus.leakRisk(query, milvus.classify(query), strip)).isEqualTo("a query without outputFields reads"
        + " every field: '*' selects every field, vector fields too, and the guard has not seen the schema of 'docs';"
        + " describe the collection through the guard first");
    Obligations stripAndAllow = Obligations.builder().stripVectors(true).allowedOutputFields(Set.of("title")).build();
    assertThat(milvus.leakRisk(query, milvus.classify(query), stripAndAllow)).as("allowed fields have no type either")
        .startsWith("a query without outputFields reads every field: output field 'title' may hold binary");

    VectorCall describe = classify("/v2/vectordb/collections/describe", "{\"collectionName\":\"docs\"}");
    milvus.filterCollections(describe, ("{\"code\":0,\"data\":{\"collectionName\":\"docs\",\"fields\":["
        + "{\"name\":\"id\",\"type\":\"Int64\"},{\"name\":\"title\",\"type\":\"VarChar\"},"
        + "{\"name\":\"bits\",\"type\":\"BinaryVector\"}]}}").getBytes(StandardCharsets.UTF_8), n -> true);

    assertThat(milvus.leakRisk(query, milvus.classify(query), stripAndAllow)).isNull();
    assertThat(JSON.readTree(milvus.rewrite(query, milvus.classify(query), stripAndAllow)).get("outputFields"))
        .isEqualTo(JSON.readTree("[\"title\"]"));
    assertThat(JSON.readTree(milvus.rewrite(query, milvus.classify(query), strip)).get("outputFields"))
        .as("the wildcard, without vector fields").isEqualTo(JSON.readTree("[\"id\",\"title\"]"));
  }

  /** LangChain4j and Spring AI keep metadata in a JSON field: the tenant can be a key inside it. */
  @Test
  void aTenantKeyInsideAJsonFieldIsFilteredAndCheckedOnInsert() throws Exception {
    Obligations nested = Obligations.builder().tenantFilter(new TenantFilter("metadata[\"tenant_id\"]", "acme"))
        .build();
    assertThat(JSON.readTree(rewrite("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"a > 1\"}", nested))
        .get("filter").asText()).isEqualTo("(a > 1) and (metadata[\"tenant_id\"] == {__vg_t0})");
    assertThat(rewrite("entities/insert", "{\"collectionName\":\"docs\",\"data\":[{\"metadata\":{\"tenant_id\":"
        + "\"acme\"}}]}", nested)).isNull();
    assertThatThrownBy(() -> rewrite("entities/insert", "{\"collectionName\":\"docs\",\"data\":[{\"metadata\":"
        + "{\"tenant_id\":\"globex\"}}]}", nested))
        .hasMessage("row #0 has a tenant field 'metadata[\"tenant_id\"]' that differs from the caller's tenant");
  }

  @Test
  void writesATenantFilterCannotConfineAreRefusedAsOnGrpc() throws Exception {
    RestRequest flush = request("collections/flush", "{\"collectionName\":\"docs\"}");
    assertThat(milvus.leakRisk(flush, milvus.classify(flush), TENANT))
        .isEqualTo("flush cannot be confined to one tenant; the policy's tenant filter forbids it");
    RestRequest upsert = request("entities/upsert", "{\"collectionName\":\"docs\",\"data\":[{\"tenant\":\"acme\"}]}");
    assertThat(milvus.leakRisk(upsert, milvus.classify(upsert), TENANT))
        .startsWith("a Milvus upsert replaces rows by primary key whatever their tenant");
  }

  @Test
  void serverWideRoutesAreGlobalAsOnGrpc() throws Exception {
    VectorCall users = classify("/v2/vectordb/users/list", "{\"collectionName\":\"docs\"}");
    assertThat(users.scope()).isEqualTo(dev.vectorguard.Scope.GLOBAL);
    assertThat(users.collections()).isEmpty();
  }

  @Test
  void aSearchByPrimaryKeysIsRefusedUnderATenantFilter() throws Exception {
    RestRequest byIds = request("entities/search", "{\"collectionName\":\"docs\",\"ids\":[7],\"annsField\":\"v\"}");
    assertThat(milvus.leakRisk(byIds, milvus.classify(byIds), TENANT)).startsWith("a search by primary keys loads");
    RestRequest hybrid = request("entities/hybrid_search", "{\"collectionName\":\"docs\",\"search\":[{\"ids\":[7],"
        + "\"annsField\":\"v\"}]}");
    assertThat(milvus.leakRisk(hybrid, milvus.classify(hybrid), TENANT)).startsWith("a search by primary keys loads");
    assertThatThrownBy(() -> classify("/v2/vectordb/entities/search", "{\"collectionName\":\"docs\",\"IDs\":[7]}"))
        .hasMessage("'IDs' must be spelled 'ids'");
  }

  private static RestRequest request(String route, String body) {
    return RestRequest.of("POST", "/v2/vectordb/" + route, body.getBytes(StandardCharsets.UTF_8));
  }
}
