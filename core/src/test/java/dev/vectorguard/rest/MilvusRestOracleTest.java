package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Obligations;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Milvus REST v2: every body part that reads a masked or hidden field is refused before it is sent. */
class MilvusRestOracleTest {
  private static final Obligations MASKED = Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT))
      .mask(MaskRule.of("metadata.salary", MaskAction.REDACT)).build();
  private final RestDialect milvus = RestDialect.milvus();

  private static RestRequest request(String route, String body) {
    return RestRequest.of("POST", "/v2/vectordb/" + route, body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private String risk(String route, String body, Obligations obligations) throws RestClassificationException {
    RestRequest request = request(route, body);
    String risk = milvus.leakRisk(request, milvus.classify(request), obligations);
    if (risk != null) {
      // The rewrite runs the same rule, so a caller skipping leakRisk is refused all the same.
      assertThatThrownBy(() -> milvus.rewrite(request, milvus.classify(request), obligations))
          .isInstanceOf(RestClassificationException.class).hasMessage(risk);
    }
    return risk;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      entities/query         | {'collectionName':'docs','filter':'email like \\'ceo%\\'','outputFields':['count(*)']}
      entities/search        | {'collectionName':'docs','data':[[1]],'annsField':'v','filter':'TEXT_MATCH(email, \\'ceo\\')'}
      entities/hybrid_search | {'collectionName':'docs','search':[{'data':[[1]],'annsField':'v'},{'data':[[1]],'annsField':'v','filter':'$meta[\\'email\\'] > \\'m\\''}]}
      entities/delete        | {'collectionName':'docs','filter':'email != \\'x\\''}
      entities/search        | {'collectionName':'docs','data':[[1]],'annsField':'v','searchParams':{'group_by_field':'email'}}
      entities/search        | {'collectionName':'docs','data':[[1]],'annsField':'v','functionScore':{'functions':[{'name':'b','type':'Rerank','inputFieldNames':[],'params':{'reranker':'boost','filter':'email like \\'a%\\''}}]}}
      entities/query         | {'collectionName':'docs','filter':'id > 0','orderByFields':['title:asc','email:desc']}
      """)
  void everyPartReadingAMaskedFieldIsRefused(String route, String body) throws Exception {
    assertThat(risk(route, body, MASKED)).matches("(filtering on|grouping by|ordering by) '.*email.*' would reveal"
        + " values of the masked field 'email'");
  }

  @Test
  void aJsonKeyIsOneFieldInEitherQuoteAndADeeperKeyIsInsideIt() throws Exception {
    assertThat(risk("entities/query", "{'collectionName':'docs','filter':'metadata[\\'salary\\'] > 1'}", MASKED))
        .isEqualTo("filtering on 'metadata[\"salary\"]' would reveal values of the masked field 'metadata.salary'");
    // A JSON escape keeps a single quote in the body (the helper turns every other one into ").
    assertThat(risk("entities/query", "{'collectionName':'docs','filter':'metadata[\\u0027salary\\u0027] > 1'}",
        MASKED)).isEqualTo("filtering on 'metadata['salary']' would reveal values of the masked field 'metadata.salary'");
    assertThat(risk("entities/query", "{'collectionName':'docs','filter':'metadata[\\'salary\\'][\\'base\\'] > 1'}",
        MASKED)).endsWith("the masked field 'metadata.salary'");
    assertThat(risk("entities/query", "{'collectionName':'docs','filter':'metadata[\\'lang\\'] == \\'salary\\''}",
        MASKED)).isNull();
  }

  @Test
  void scoringByAMaskedFieldIsRefused() throws Exception {
    assertThat(risk("entities/hybrid_search", "{'collectionName':'docs','search':[{'data':[[1]],'annsField':'v'}],"
        + "'functionScore':{'functions':[{'name':'d','type':'Rerank','inputFieldNames':['email'],"
        + "'params':{'reranker':'decay','origin':0}}]}}", MASKED))
        .isEqualTo("scoring by 'email' would reveal values of the masked field 'email'");
  }

  @Test
  void exactLookupsGoOutAsSentWhereTheMaskAllowsThem() throws Exception {
    Obligations lookups = Obligations.builder().mask(new MaskRule("email", MaskAction.REDACT, 0, true)).build();
    RestRequest request = request("entities/query", "{'collectionName':'docs','filter':'email in [\\'a@acme.io\\'] or"
        + " email == {e}','exprParams':{'e':'b@acme.io'},'outputFields':['title'],'limit':3}");

    assertThat(milvus.leakRisk(request, milvus.classify(request), lookups)).isNull();
    assertThat(milvus.rewrite(request, milvus.classify(request), lookups)).isNull();
  }

  @Test
  void aFilterOnAFieldOutsideTheAllowedOutputFieldsIsRefused() throws Exception {
    Obligations titleOnly = Obligations.builder().allowedOutputFields(Set.of("title")).build();
    assertThat(risk("entities/query", "{'collectionName':'docs','filter':'year > 2020'}", titleOnly))
        .isEqualTo("filtering on 'year' would reveal values of a field outside the allowed output fields");
    assertThat(risk("entities/query", "{'collectionName':'docs','filter':'title like \\'a%\\''}", titleOnly)).isNull();
  }

  /** Go decodes bodies case-insensitively: a key spelled otherwise would be read by Milvus and skipped by the guard. */
  @Test
  void theKeysHoldingReadsMustBeSpelledExactly() {
    assertThatThrownBy(() -> milvus.classify(request("entities/search",
        "{'collectionName':'docs','SearchParams':{'group_by_field':'email'}}")))
        .hasMessage("'SearchParams' must be spelled 'searchParams'");
    assertThatThrownBy(() -> milvus.classify(request("entities/search",
        "{'collectionName':'docs','functionScore':{'functions':[{'InputFieldNames':['email']}]}}")))
        .hasMessage("'functionScore.functions[].InputFieldNames' must be spelled 'inputFieldNames'");
    assertThatThrownBy(() -> milvus.classify(request("entities/query",
        "{'collectionName':'docs','orderbyfields':['email']}")))
        .hasMessage("'orderbyfields' must be spelled 'orderByFields'");
  }
}
