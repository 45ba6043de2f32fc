package dev.vectorguard.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MilvusRulesTest {
  private static final Obligations ACME = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();

  /** A request view over plain rows (field path to value), expressions, parameters and rankers. */
  record View(List<String> expressions, List<Param> params, List<Ranker> rankers, boolean searchesByPrimaryKeys,
      List<Map<String, Object>> rows) implements MilvusRequestView {
    static View grouping(String... fields) {
      return new View(List.of(), java.util.Arrays.stream(fields).map(f -> new Param("group_by_field", f)).toList(),
          List.of(), false, List.of());
    }

    static View rows(List<Map<String, Object>> rows) {
      return new View(List.of(), List.of(), List.of(), false, rows);
    }

    static View filtering(String... expressions) {
      return new View(List.of(expressions), List.of(), List.of(), false, List.of());
    }

    static View param(String key, String value) {
      return new View(List.of(), List.of(new Param(key, value)), List.of(), false, List.of());
    }

    static View ranking(List<String> inputs, Map<String, String> params) {
      return new View(List.of(), List.of(), List.of(new Ranker(inputs, params)), false, List.of());
    }

    @Override
    public int rowCount() {
      return rows.size();
    }

    @Override
    public @Nullable Object rowValue(int row, FieldPath field) {
      Object value = rows.get(row);
      for (String key : field.keys()) {
        value = value instanceof Map<?, ?> map ? map.get(key) : null;
      }
      return value;
    }
  }

  @Test
  void underATenantFilterWhatCannotBeConfinedIsRefused() {
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.GET_ENTITIES, null, ACME))
        .isInstanceOf(UnenforceableRequestException.class)
        .hasMessage("reading entities by primary key cannot be tenant-filtered; query with a filter on the primary key"
            + " instead");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.UPSERT, null, ACME))
        .hasMessageStartingWith("a Milvus upsert replaces rows by primary key whatever their tenant");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.IMPORT, null, ACME))
        .hasMessage("a bulk import writes rows from files whose tenant field the guard cannot check; use insert");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.FLUSH, null, ACME))
        .hasMessage("flush cannot be confined to one tenant; the policy's tenant filter forbids it");
  }

  /** Milvus fetches the vectors of the named entities with a query of its own, without the expression. */
  @Test
  void aSearchByPrimaryKeysIsRefusedUnderATenantFilter() throws Exception {
    View byIds = new View(List.of(), List.of(), List.of(), true, List.of());
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.SEARCH, byIds, ACME))
        .hasMessage("a search by primary keys loads those entities' vectors without the tenant filter; send the"
            + " vectors instead");
    MilvusRules.check(MilvusApi.SEARCH, byIds, Obligations.builder().maxResults(5).build());
  }

  @ParameterizedTest
  @EnumSource(value = MilvusApi.class, names = {"SEARCH", "QUERY", "HYBRID_SEARCH", "INSERT", "DELETE",
      "DESCRIBE_COLLECTION", "LOAD_COLLECTION"})
  void whatCanBeConfinedPasses(MilvusApi api) throws Exception {
    MilvusRules.check(api, View.rows(List.of()), ACME);
    MilvusRules.check(api, null, ACME);
  }

  @Test
  void withoutATenantFilterNothingIsRefusedForItsKind() throws Exception {
    Obligations capped = Obligations.builder().maxResults(5).build();
    for (MilvusApi api : MilvusApi.values()) {
      MilvusRules.check(api, null, capped);
    }
  }

  @Test
  void groupingByAFieldIsCheckedAgainstMasksAndAllowedOutputFields() throws Exception {
    Obligations masked = Obligations.builder().mask(MaskRule.of("metadata.email", MaskAction.REDACT)).build();
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.SEARCH, View.grouping("metadata"), masked))
        .hasMessage("grouping by 'metadata' would reveal values of the masked field 'metadata.email'");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.SEARCH, View.grouping("metadata[\"email\"]"), masked))
        .hasMessage("grouping by 'metadata[\"email\"]' would reveal values of the masked field 'metadata.email'");
    MilvusRules.check(MilvusApi.SEARCH, View.grouping("metadata[\"lang\"]"), masked);

    Obligations titleOnly = Obligations.builder().allowedOutputFields(Set.of("title")).build();
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.HYBRID_SEARCH, View.grouping("title", "email"), titleOnly))
        .hasMessage("grouping by 'email' would reveal values of a field outside the allowed output fields");
    MilvusRules.check(MilvusApi.SEARCH, View.grouping("title"), titleOnly);
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.SEARCH, View.grouping("title or 1"), titleOnly))
        .hasMessage("the field 'title or 1' is not a field reference the guard reads");
  }

  private static final Obligations MASKED = Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT))
      .mask(MaskRule.of("salary", MaskAction.REDACT)).mask(MaskRule.of("metadata.email", MaskAction.HASH)).build();

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      salary > 100000                                   | salary            | salary
      title == "x" or (salary >= 1 and salary < 9)      | salary            | salary
      email like "ceo%"                                 | email             | email
      TEXT_MATCH(email, "ceo")                          | email             | email
      PHRASE_MATCH(email, "chief executive")            | email             | email
      $meta["email"] == "ceo@acme.io"                   | $meta["email"]    | email
      metadata['email'] == 'ceo@acme.io'                | metadata['email'] | metadata.email
      json_contains(metadata["email"], "ceo")           | metadata["email"] | metadata.email
      exists metadata                                   | metadata          | metadata.email
      element_filter(metadata, $[email] == "x")         | metadata[email]   | metadata.email
      """)
  void aFilterReadingAMaskedFieldIsRefusedWhateverItsSpelling(String expression, String spelled, String mask) {
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.QUERY, View.filtering("title != \"\"", expression), MASKED))
        .isInstanceOf(UnenforceableRequestException.class)
        .hasMessage("filtering on '" + spelled + "' would reveal values of the masked field '" + mask + "'");
  }

  @Test
  void literalsTemplatesAndOtherFieldsAreNoOracle() throws Exception {
    MilvusRules.check(MilvusApi.QUERY, View.filtering("title == \"salary > 100000\"", "title == {email}",
        "metadata[\"lang\"] in ['en', \"email\"]", "id > 3 and title like 'email%'"), MASKED);
  }

  @Test
  void exactLookupsPassOnlyWhereTheMaskAllowsThem() throws Exception {
    Obligations lookups = Obligations.builder().mask(new MaskRule("email", MaskAction.REDACT, 0, true)).build();
    MilvusRules.check(MilvusApi.QUERY, View.filtering("email == \"a@acme.io\" or email in [{a}, 'b@acme.io']",
        "email != 'c@acme.io' and not (email not in [\"d\"])"), lookups);
    for (String oracle : List.of("email like \"a%\"", "email > \"m\"", "TEXT_MATCH(email, 'a')", "email == title",
        "not email == \"a\"")) {
      assertThatThrownBy(() -> MilvusRules.check(MilvusApi.QUERY, View.filtering(oracle), lookups))
          .as(oracle).hasMessageStartingWith("filtering on 'email' would reveal values of the masked field 'email'")
          .hasMessageEndingWith("(its rule allows only exact-match lookups)");
    }
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.QUERY, View.filtering("email == \"a\""), MASKED))
        .hasMessage("filtering on 'email' would reveal values of the masked field 'email'");
  }

  @Test
  void aFilterOnAFieldOutsideTheAllowedOutputFieldsIsRefused() throws Exception {
    Obligations fields = Obligations.builder().allowedOutputFields(Set.of("title", "tenant")).build();
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.DELETE, View.filtering("lang == \"en\""), fields))
        .hasMessage("filtering on 'lang' would reveal values of a field outside the allowed output fields");
    MilvusRules.check(MilvusApi.DELETE, View.filtering("title == \"x\" and tenant in ['a']"), fields);
  }

  @Test
  void anExpressionTheGuardCannotReadIsRefusedWhereFieldsAreProtected() throws Exception {
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.QUERY, View.filtering("email =="), MASKED))
        .hasMessage("the filter expression cannot be read by the guard: expected a value or a field but found the end"
            + " at character 9");
    MilvusRules.check(MilvusApi.QUERY, View.filtering("email =="), Obligations.builder().maxResults(5).build());
  }

  @Test
  void orderingGroupingAndScoringByAMaskedFieldAreRefused() throws Exception {
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.QUERY, View.param("order_by_fields", "title:asc, salary:DESC"),
        MASKED)).hasMessage("ordering by 'salary' would reveal values of the masked field 'salary'");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.QUERY, View.param("group_by_fields", "title,email"), MASKED))
        .hasMessage("grouping by 'email' would reveal values of the masked field 'email'");
    MilvusRules.check(MilvusApi.QUERY, View.param("order_by_fields", "title:desc,id"), MASKED);
    MilvusRules.check(MilvusApi.SEARCH, View.param("topk", "salary"), MASKED);

    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.SEARCH, View.ranking(List.of("salary"),
        Map.of("reranker", "decay")), MASKED))
        .hasMessage("scoring by 'salary' would reveal values of the masked field 'salary'");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.SEARCH, View.ranking(List.of(),
        Map.of("reranker", "boost", "filter", "salary > 1")), MASKED))
        .hasMessage("filtering on 'salary' would reveal values of the masked field 'salary'");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.SEARCH, View.ranking(List.of(),
        Map.of("reranker", "boost", "random_score", "{\"seed\": 7, \"field\": \"email\"}")), MASKED))
        .hasMessage("scoring by 'email' would reveal values of the masked field 'email'");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.SEARCH, View.ranking(List.of(),
        Map.of("reranker", "boost", "random_score", "seed=7")), MASKED))
        .hasMessage("the boost ranker's random_score is not an object the guard reads");
    MilvusRules.check(MilvusApi.SEARCH, View.ranking(List.of("year"), Map.of("reranker", "boost", "filter",
        "title like 'a%'", "random_score", "{\"seed\": 7}")), MASKED);
  }

  @Test
  void insertedRowsMustCarryTheCallersTenant() throws Exception {
    MilvusRules.check(MilvusApi.INSERT, View.rows(List.of(Map.of("tenant", "acme"), Map.of("tenant", "acme"))), ACME);
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.INSERT,
        View.rows(List.of(Map.of("tenant", "acme"), Map.of("tenant", "globex"))), ACME))
        .hasMessage("row #1 has a tenant field 'tenant' that differs from the caller's tenant");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.INSERT, View.rows(List.of(Map.of("title", "x"))), ACME))
        .hasMessage("row #0 lacks the tenant field 'tenant'");
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.INSERT, View.rows(List.of(Map.of("tenant", 7L))),
        Obligations.builder().tenantFilter(new TenantFilter("tenant", "7")).build()))
        .hasMessage("row #0 has a tenant field 'tenant' that differs from the caller's tenant");
  }

  @Test
  void aTenantInsideAJsonFieldIsReadAlongItsKey() throws Exception {
    Obligations nested = Obligations.builder().tenantFilter(new TenantFilter("metadata[\"tenant_id\"]", "acme")).build();
    MilvusRules.check(MilvusApi.INSERT, View.rows(List.of(Map.of("metadata", Map.of("tenant_id", "acme")))), nested);
    assertThatThrownBy(() -> MilvusRules.check(MilvusApi.INSERT,
        View.rows(List.of(Map.of("metadata", Map.of("tenant_id", "globex")))), nested))
        .hasMessage("row #0 has a tenant field 'metadata[\"tenant_id\"]' that differs from the caller's tenant");
  }

  @Test
  void aRewriteOnlyNarrowsADeleteWithoutAnExpressionIsRefused() throws Exception {
    assertThatThrownBy(() -> MilvusRules.confine(MilvusRequestKind.DELETE, " ", List.of(), ACME))
        .hasMessage("the delete has no filter expression, so it cannot be confined to the tenant");
    assertThat(MilvusRules.confine(MilvusRequestKind.DELETE, "id in [1]", List.of(), ACME).expression())
        .isEqualTo("(id in [1]) and (tenant == {__vg_t0})");
    assertThat(MilvusRules.confine(MilvusRequestKind.QUERY, "", List.of(), ACME).expression())
        .isEqualTo("tenant == {__vg_t0}");
    assertThat(MilvusRules.confine(MilvusRequestKind.DELETE, "", List.of(), Obligations.NONE)).isNull();
  }

  @Test
  void limitsAreCappedAndAMissingOneIsAddedUnlessTheServersDefaultIsWithinTheCap() {
    Obligations five = Obligations.builder().maxResults(5).build();
    assertThat(MilvusRules.limit(100L, null, five)).isEqualTo(5L);
    assertThat(MilvusRules.limit(3L, null, five)).isNull();
    assertThat(MilvusRules.limit(0L, null, five)).isEqualTo(5L);
    assertThat(MilvusRules.limit(-1L, null, five)).isEqualTo(5L);
    assertThat(MilvusRules.limit(null, null, five)).isEqualTo(5L);
    assertThat(MilvusRules.limit(null, MilvusRules.REST_DEFAULT_LIMIT, five)).isEqualTo(5L);
    Obligations thousand = Obligations.builder().maxResults(1000).build();
    assertThat(MilvusRules.limit(null, MilvusRules.REST_DEFAULT_LIMIT, thousand)).isNull();
    assertThat(MilvusRules.limit(null, null, Obligations.builder().maxResults(100_000).build()))
        .isEqualTo(MilvusRules.MAX_LIMIT);
    assertThat(MilvusRules.limit(100L, null, Obligations.NONE)).isNull();
  }

  @Test
  void outputFieldsStayWithinTheAllowedSetAndLoseVectorsUnderStrip() {
    Obligations ob = Obligations.builder().stripVectors(true).allowedOutputFields(Set.of("title", "vec")).build();
    assertThat(MilvusRules.outputFields(List.of("title", "email", "vec"), Set.of("vec"), ob)).containsExactly("title");
    assertThat(MilvusRules.outputFields(List.of("*"), Set.of(), ob)).containsExactly("title", "vec");
    assertThat(MilvusRules.outputFields(List.of("count(*)"), Set.of(), ob)).isNull();
    assertThat(MilvusRules.outputFields(List.of("title"), Set.of("vec"), ob)).isNull();
    assertThat(MilvusRules.outputFields(List.of("title", "vec"), Set.of("vec"),
        Obligations.builder().stripVectors(true).build())).containsExactly("title");
    assertThat(MilvusRules.outputFields(List.of("email"), Set.of(), Obligations.builder().maxResults(3).build()))
        .isNull();
  }

  @Test
  void vectorsAreRequestedByTheWildcardOrAFieldSearchedOn() {
    assertThat(MilvusRules.vectorsRequested(List.of("*"), Set.of())).isTrue();
    assertThat(MilvusRules.vectorsRequested(List.of("title", "vec"), Set.of("vec"))).isTrue();
    assertThat(MilvusRules.vectorsRequested(List.of("title"), Set.of("vec"))).isFalse();
    assertThat(MilvusRules.vectorsRequested(List.of(" vec "), Set.of("vec"))).as("Milvus trims names").isTrue();
    assertThat(MilvusRules.vectorsRequested(List.of(" * "), Set.of())).isTrue();
  }

  /** Milvus's translateOutputFields trims each name: a padded name is the same field. */
  @Test
  void paddedNamesAreTheFieldsTheyName() {
    Obligations strip = Obligations.builder().stripVectors(true).build();
    assertThat(MilvusRules.outputFields(List.of("title", " vec", "vec\t"), Set.of("vec"), strip))
        .containsExactly("title");
    assertThat(MilvusRules.outputFields(List.of(" title "), Set.of(), Obligations.builder()
        .allowedOutputFields(Set.of("title")).build())).containsExactly("title");
  }

  private static final MilvusSchema DOCS = MilvusSchema.builder().field("id", "Int64").field("dense", "FloatVector")
      .field("bits", "BinaryVector").field("title", "VarChar").field("next", "Float8Vector")
      .struct("chunks", java.util.Map.of("text", "Array", "emb", "ArrayOfVector")).dynamicFields(true).build();

  @Test
  void aKnownSchemaDropsEveryVectorFieldAndSpellsOutTheWildcard() {
    Obligations strip = Obligations.builder().stripVectors(true).build();
    assertThat(MilvusRules.outputFields(List.of("title", "bits", "next", "chunks"), Set.of(), DOCS, strip))
        .as("an unknown type is taken for a vector").containsExactly("title", "chunks");
    assertThat(MilvusRules.outputFields(List.of("*"), Set.of(), DOCS, strip))
        .containsExactly("id", "title", "chunks", "$meta");
    assertThat(MilvusRules.outputFields(List.of("*"), Set.of(), null, strip)).isNull();
    assertThat(MilvusRules.outputFields(List.of("*"), Set.of(), DOCS, Obligations.builder().maxResults(3).build()))
        .as("nothing to strip, nothing to spell out").isNull();
    assertThat(DOCS.structVectorKeys("chunks")).containsExactly("emb");
  }

  @Test
  void underStripOnlyFieldsOfAKnownSchemaMayBeSentWhereRowsHaveNoTypes() {
    Obligations strip = Obligations.builder().stripVectors(true).build();
    assertThat(MilvusRules.untypedOutputRisk(List.of("title"), null, "docs", strip))
        .startsWith("output field 'title' may hold binary, float16, bfloat16 or int8 vectors");
    assertThat(MilvusRules.untypedOutputRisk(List.of("*"), null, "docs", strip))
        .startsWith("'*' selects every field, vector fields too");
    assertThat(MilvusRules.untypedOutputRisk(List.of("count(*)", "$meta", "$meta[\"k\"]"), null, "docs", strip))
        .isNull();
    assertThat(MilvusRules.untypedOutputRisk(List.of("title", "chunks", "id"), DOCS, "docs", strip)).isNull();
    assertThat(MilvusRules.untypedOutputRisk(List.of("later"), DOCS, "docs", strip))
        .startsWith("output field 'later' is not a field of 'docs' as the guard last saw it described");
    assertThat(MilvusRules.untypedOutputRisk(List.of("title"), null, "docs", Obligations.NONE)).isNull();
  }

  @Test
  void schemasOfANameAndOfItsAliasTargetAreMergedVectorsWinning() {
    MilvusSchemas book = new MilvusSchemas();
    book.learn("default", "live", MilvusSchema.builder().field("x", "VarChar").build());
    book.learn("default", "docs", MilvusSchema.builder().field("x", "BinaryVector").field("y", "Int64").build());
    MilvusSchema both = book.find("default", List.of("live", "docs"));
    assertThat(both.holdsVectors("x")).isTrue();
    assertThat(both.knows("y")).isTrue();
    assertThat(book.find("other", List.of("docs"))).isNull();
    book.forget("default", "docs");
    assertThat(book.find("default", List.of("docs"))).isNull();
  }

  @Test
  void everyVectorTypeIsStripped() {
    assertThat(MilvusRules.VECTOR_TYPES).containsExactlyInAnyOrder("FloatVector", "BinaryVector", "Float16Vector",
        "BFloat16Vector", "Int8Vector", "SparseFloatVector", "ArrayOfVector");
    assertThat(MilvusRules.isVectorType("VarChar")).isFalse();
  }

  @Test
  void aCollectionMayNotBeMovedIntoAnotherDatabase() throws Exception {
    MilvusRules.checkSameDatabase("sales", null);
    MilvusRules.checkSameDatabase("sales", "sales");
    assertThatThrownBy(() -> MilvusRules.checkSameDatabase("sales", "hr"))
        .hasMessage("renaming a collection into another database ('hr') is not supported by the guard");
  }

  @Test
  void theDatabaseIsTheRequestsThenTheHeadersThenDefault() {
    assertThat(MilvusRules.database("a", "b")).isEqualTo("a");
    assertThat(MilvusRules.database("", "b")).isEqualTo("b");
    assertThat(MilvusRules.database(null, "")).isEqualTo("default");
  }
}
