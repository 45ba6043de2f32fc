package dev.vectorguard.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.TenantFilter;
import dev.vectorguard.milvus.MilvusExpressions.Confined;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MilvusExpressionsTest {
  private static final List<TenantFilter> ACME = List.of(new TenantFilter("tenant", "acme"));

  @Test
  void theTenantIsBoundAsATemplateParameterNeverSpliced() throws Exception {
    Confined confined = MilvusExpressions.andTenants("age > 3", List.of("age"),
        List.of(new TenantFilter("tenant", "acme\" or 1 == 1")));

    assertThat(confined.expression()).isEqualTo("(age > 3) and (tenant == {__vg_t0})");
    assertThat(confined.parameters()).isEqualTo(Map.of("__vg_t0", "acme\" or 1 == 1"));
  }

  @Test
  void aBlankExpressionBecomesTheTenantClauseAloneAndSeveralTenantsAreEachBound() throws Exception {
    assertThat(MilvusExpressions.andTenants("  ", List.of(), ACME).expression()).isEqualTo("tenant == {__vg_t0}");
    Confined two = MilvusExpressions.andTenants("", List.of(),
        List.of(new TenantFilter("tenant", "acme"), new TenantFilter("region", "eu")));
    assertThat(two.expression()).isEqualTo("(tenant == {__vg_t0}) and (region == {__vg_t1})");
    assertThat(two.parameters()).containsOnlyKeys("__vg_t0", "__vg_t1");
  }

  @Test
  void parametersWithTheReservedPrefixAreRefused() {
    assertThatThrownBy(() -> MilvusExpressions.andTenants("tenant == {__vg_t0}", List.of("__vg_t0"), ACME))
        .isInstanceOf(UnenforceableRequestException.class)
        .hasMessage("the request uses the template parameter '__vg_t0', which is reserved for the guard");
    assertThatThrownBy(() -> MilvusExpressions.andTenants("", List.of("__vg_anything"), ACME))
        .hasMessageContaining("'__vg_anything', which is reserved");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      x == 1) or (true              | the filter expression closes a parenthesis or bracket it did not open
      x in [1, 2)] or (true         | the filter expression closes a parenthesis or bracket it did not open
      x in [1] or tags[0] == 1]     | the filter expression closes a parenthesis or bracket it did not open
      (x == 1                       | the filter expression has unbalanced parentheses or brackets
      x in [1, 2                    | the filter expression has unbalanced parentheses or brackets
      x == {a                       | the filter expression has unbalanced parentheses or brackets
      name == "a) or (true          | the filter expression has an unterminated string literal
      name == 'a\\' or (true        | the filter expression has an unterminated string literal
      """)
  void unbalancedExpressionsAreRefused(String expr, String message) {
    assertThatThrownBy(() -> MilvusExpressions.checkBalanced(expr))
        .isInstanceOf(UnenforceableRequestException.class).hasMessage(message);
  }

  @Test
  void aStringLiteralMayNotRunOntoTheNextLine() {
    assertThatThrownBy(() -> MilvusExpressions.checkBalanced("name == \"a\n) or (true or \"\""))
        .hasMessage("the filter expression has an unterminated string literal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"name == \"a) or (b\"", "name == 'it\\'s (' and x in [1, 2]", "json_contains(m[\"k\"], 1)",
      "x == {p} and (y > 1 or z < 2)", "r\"a\\\"(\" == name"})
  void balancedExpressionsPass(String expr) throws Exception {
    MilvusExpressions.checkBalanced(expr);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      tenant                     | tenant
      metadata["tenant_id"]      | metadata.tenant_id
      metadata['tenant_id']      | metadata.tenant_id
      metadata.tenant_id         | metadata.tenant_id
      $meta["lang"]              | lang
      doc["a b"]["c"]            | doc.a b.c
      tags[0]                    | tags
      """)
  void readsFieldReferencesAsPaths(String spelled, String path) throws Exception {
    assertThat(MilvusExpressions.parseField(spelled)).isEqualTo(FieldPath.of(List.of(path.split("\\."))));
  }

  @Test
  void metaAloneIsTheRoot() throws Exception {
    assertThat(MilvusExpressions.parseField("$meta")).isEqualTo(FieldPath.ROOT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "tenant or true", "and", "NOT", "1tenant", "tenant ", "m[\"a\\\"b\"]", "m[\"\"]", "m[\"a\"",
      "m[x]", "$metadata", "m.", ".m", "tënant"})
  void refusesWhatItCannotRead(String spelled) {
    assertThatThrownBy(() -> MilvusExpressions.parseField(spelled)).isInstanceOf(UnenforceableRequestException.class)
        .hasMessage("the field '" + spelled + "' is not a field reference the guard reads");
  }

  @Test
  void aJsonKeyTenantFieldIsSpelledWithAQuotedKey() throws Exception {
    Confined confined = MilvusExpressions.andTenants("", List.of(),
        List.of(new TenantFilter("metadata.tenant_id", "acme"), new TenantFilter("doc['we\"ird']", "x")));

    assertThat(confined.expression())
        .isEqualTo("(metadata[\"tenant_id\"] == {__vg_t0}) and (doc[\"we\\\"ird\"] == {__vg_t1})");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tenant or true", "tags[0]", "$meta", "in"})
  void tenantFieldsMustBeAFieldOrAJsonKey(String field) {
    assertThatThrownBy(() -> MilvusExpressions.tenantField(field))
        .hasMessage("the tenant field '" + field + "' is not a Milvus field name or JSON key (field[\"key\"]) the guard"
            + " can filter on");
  }

  @Test
  void spellsEveryKeySoThatMilvusReadsItBack() {
    assertThat(MilvusExpressions.spell(FieldPath.of(List.of("tenant")))).isEqualTo("tenant");
    assertThat(MilvusExpressions.spell(FieldPath.of(List.of("my key")))).isEqualTo("$meta[\"my key\"]");
    assertThat(MilvusExpressions.spell(FieldPath.of(List.of("and")))).isEqualTo("$meta[\"and\"]");
    assertThat(MilvusExpressions.spell(FieldPath.of(List.of("m", "a\\b\n\u0001"))))
        .isEqualTo("m[\"a\\\\b\\n\\u0001\"]");
  }

  @Test
  void knowsEveryKeywordOfTheGrammar() {
    assertThat(MilvusExpressions.KEYWORDS).hasSizeGreaterThanOrEqualTo(20)
        .contains("json_contains_any", "array_length", "phrase_match", "random_sample", "element_filter", "st_dwithin",
            "match_exact", "text_match", "exists", "like");
  }
}
