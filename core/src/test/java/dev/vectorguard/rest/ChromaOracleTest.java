package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Chroma: where, where_document and search parts that read a masked or hidden key or document are refused. */
class ChromaOracleTest {
  private static final String BY_ID = "/api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/";
  private static final Obligations MASKED = Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT))
      .mask(MaskRule.of("document", MaskAction.DETECT_PII)).build();
  private final RestDialect chroma = RestDialect.chroma();

  @BeforeEach
  void learnTheCollectionId() throws Exception {
    VectorCall get = chroma.classify(RestRequest.of("GET", "/api/v2/tenants/t1/databases/db1/collections/docs", null));
    chroma.filterCollections(get, ("{\"id\":\"27a084ef-95f9-4efa-9001-bc37c7a08a90\",\"name\":\"docs\","
        + "\"tenant\":\"t1\",\"database\":\"db1\"}").getBytes(StandardCharsets.UTF_8), name -> true);
  }

  private @Nullable String risk(String action, String body, Obligations obligations) throws Exception {
    RestRequest request = RestRequest.of("POST", BY_ID + action, body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    return chroma.leakRisk(request, chroma.classify(request), obligations);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      get    | {'where':{'email':'ceo@acme.io'}}
      get    | {'where':{'email':{'$gt':'m'}}}
      query  | {'query_embeddings':[[1,0]],'where':{'email':{'$in':['a@acme.io','b@acme.io']}}}
      query  | {'query_embeddings':[[1,0]],'where':{'$and':[{'lang':'en'},{'$or':[{'n':1},{'email':{'$ne':'x'}}]}]}}
      delete | {'where':{'email':{'$nin':['a@acme.io']}}}
      delete | {'ids':['a'],'where':{'$or':[{'email':{'$lte':'b'}}]}}
      search | {'searches':[{'filter':{'email':{'$eq':'x'}}}]}
      search | {'searches':[{'filter':{'query_ids':['a'],'where_clause':{'email':'x'}}}]}
      """)
  void aWhereOnAMaskedKeyIsRefusedAtAnyDepthOnEveryAction(String action, String body) throws Exception {
    assertThat(risk(action, body, MASKED)).isEqualTo("filtering on 'email' would reveal values of the masked field"
        + " 'email'");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      get    | {'where_document':{'$contains':'ceo'}}                               | document
      query  | {'query_embeddings':[[1,0]],'where_document':{'$or':[{'$regex':'^a'},{'$not_contains':'b'}]}} | document
      delete | {'where_document':{'$not_regex':'x'}}                               | document
      get    | {'where':{'#document':{'$contains':'ceo'}}}                          | #document
      get    | {'where':{'lang':{'$regex':'ceo'}}}                                  | document
      search | {'searches':[{'filter':{'#document':{'$regex':'ceo'}}}]}             | #document
      """)
  void aDocumentConditionIsRefusedWhereDocumentsAreMasked(String action, String body, String spelled) throws Exception {
    assertThat(risk(action, body, MASKED)).isEqualTo("filtering on '" + spelled + "' would reveal values of the masked"
        + " field 'document'");
  }

  @Test
  void exactLookupsPassOnlyWhereTheMaskSaysSo() throws Exception {
    Obligations lookups = Obligations.builder().mask(new MaskRule("email", MaskAction.REDACT, 0, true)).build();
    for (String where : new String[] {"{'email':'a'}", "{'email':{'$eq':'a'}}", "{'email':{'$in':['a','b']}}",
        "{'$or':[{'email':{'$ne':'a'}},{'email':{'$nin':['b']}}]}"}) {
      assertThat(risk("get", "{'where':" + where + "}", lookups)).as(where).isNull();
    }
    assertThat(risk("get", "{'where':{'email':{'$gte':'a'}}}", lookups)).isEqualTo("filtering on 'email' would reveal"
        + " values of the masked field 'email' (its rule allows only exact-match lookups)");
    assertThat(risk("get", "{'where':{'email':{'$contains':'a'}}}", lookups)).endsWith("(its rule allows only"
        + " exact-match lookups)");
    assertThat(risk("get", "{'where':{'email':'a'}}", MASKED)).startsWith("filtering on 'email'");
  }

  @Test
  void keysAndDocumentsOutsideTheAllowedOutputFieldsAreRefused() throws Exception {
    Obligations fields = Obligations.builder().allowedOutputFields(Set.of("title", "tenant")).build();
    assertThat(risk("get", "{'where':{'lang':'en'}}", fields))
        .isEqualTo("filtering on 'lang' would reveal values of a field outside the allowed output fields");
    assertThat(risk("get", "{'where_document':{'$contains':'x'}}", fields))
        .isEqualTo("filtering on 'document' would reveal values of a field outside the allowed output fields");
    assertThat(risk("get", "{'where':{'title':{'$ne':'x'}},'where_document':{'$contains':'x'}}",
        Obligations.builder().allowedOutputFields(Set.of("title", "document")).build())).isNull();
  }

  @Test
  void aSearchCannotGroupOrderOrScoreByAMaskedKey() throws Exception {
    assertThat(risk("search", "{'searches':[{'rank':{'$knn':{'query':[1,0]}},'group_by':{'keys':['email'],"
        + "'aggregate':{'$min_k':{'keys':['#score'],'k':1}}}}]}", MASKED))
        .isEqualTo("grouping by 'email' would reveal values of the masked field 'email'");
    assertThat(risk("search", "{'searches':[{'rank':{'$knn':{'query':[1,0]}},'group_by':{'keys':['lang'],"
        + "'aggregate':{'$max_k':{'keys':['email','#score'],'k':1}}}}]}", MASKED))
        .isEqualTo("ordering by 'email' would reveal values of the masked field 'email'");
    assertThat(risk("search", "{'searches':[{'rank':{'$sum':[{'$knn':{'query':[1,0],'key':'#embedding'}},"
        + "{'$mul':[{'$knn':{'query':{'indices':[1],'values':[1]},'key':'email'}},{'$val':0.5}]}]}}]}", MASKED))
        .isEqualTo("scoring by 'email' would reveal values of the masked field 'email'");
    assertThat(risk("search", "{'searches':[{'filter':{'lang':'en'},'rank':{'$knn':{'query':[1,0],'key':'#embedding'}},"
        + "'group_by':{'keys':['lang'],'aggregate':{'$min_k':{'keys':['#score'],'k':2}}},"
        + "'select':{'keys':['#document','email','#score']}}]}", MASKED)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{'where':{'lang':{'$like':'x'}}}", "{'where':{'$not':{'lang':'en'}}}",
      "{'where':{'#metadata':{'$eq':'x'}}}", "{'where':{'lang':['en']}}", "{'where':{'$and':{'lang':'en'}}}",
      "{'where':'lang'}", "{'where':{'':'x'}}"})
  void whatTheGuardCannotReadIsRefusedWhereFieldsAreProtected(String body) throws Exception {
    assertThat(risk("get", body, MASKED)).isNotNull();
    assertThat(risk("get", body, Obligations.builder().maxResults(5).build())).isNull();
  }

  @Test
  void literalsAndUnprotectedKeysPass() throws Exception {
    assertThat(risk("get", "{'where':{'$and':[{'title':'email'},{'#id':{'$in':['a']}},{'n':{'$gt':1}}]}}", MASKED))
        .isNull();
    assertThat(risk("query", "{'query_embeddings':[[1,0]],'n_results':3}", MASKED)).isNull();
    assertThat(risk("get", "{'where':{'a.b':'x'}}", Obligations.builder().mask(MaskRule.of("a", MaskAction.REDACT))
        .build())).as("a Chroma key is flat: 'a.b' is not inside 'a'").isNull();
  }
}
