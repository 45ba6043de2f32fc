package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Milvus REST dialect learns collection schemas from {@code collections/describe} responses,
 * and under vector stripping keeps every vector field, whatever its encoding, out of the output
 * fields it sends and out of the rows it returns; it refuses output fields it cannot type.
 */
class MilvusRestSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Obligations STRIP = Obligations.builder().stripVectors(true).build();
  /** A 2.6 describe of {@code docs}: every vector type, scalars, a numeric array, dynamic fields. */
  private static final String DESCRIBE = """
      {"code":0,"data":{"collectionName":"docs","collectionID":7,"fields":[
        {"name":"id","type":"Int64","primaryKey":true,"id":100},
        {"name":"dense","type":"FloatVector","params":[{"key":"dim","value":"2"}]},
        {"name":"bits","type":"BinaryVector"},{"name":"half","type":"Float16Vector"},
        {"name":"brain","type":"BFloat16Vector"},{"name":"small","type":"Int8Vector"},
        {"name":"sparse","type":"SparseFloatVector"},
        {"name":"title","type":"VarChar"},{"name":"scores","type":"Array","elementType":"Float"},
        {"name":"meta","type":"JSON"}],
       "structFields":[{"name":"chunks","type":"ArrayOfStruct","fields":[
        {"name":"text","type":"Array","elementType":"VarChar"},
        {"name":"emb","type":"ArrayOfVector","elementType":"FloatVector"}]}],
       "aliases":["live"],"enableDynamicField":true,"load":"LoadStateLoaded"}}""";

  private final RestDialect milvus = RestDialect.milvus();

  private VectorCall classify(String route, String body) throws RestClassificationException {
    return milvus.classify(request(route, body));
  }

  private static RestRequest request(String route, String body) {
    return RestRequest.of("POST", "/v2/vectordb/" + route, body.getBytes(StandardCharsets.UTF_8));
  }

  private void describe(String name, String response) throws Exception {
    VectorCall call = classify("collections/describe", "{\"collectionName\":\"" + name + "\"}");
    assertThat(milvus.responseKind(call)).isEqualTo(RestDialect.ResponseKind.COLLECTIONS);
    assertThat(milvus.filterCollections(call, response.getBytes(StandardCharsets.UTF_8), n -> true))
        .as("a describe passes unchanged").isEqualTo(response.getBytes(StandardCharsets.UTF_8));
  }

  private @Nullable String risk(String route, String body) throws Exception {
    RestRequest request = request(route, body);
    return milvus.leakRisk(request, milvus.classify(request), STRIP);
  }

  private @Nullable JsonNode sentOutputFields(String route, String body) throws Exception {
    RestRequest request = request(route, body);
    byte[] sent = milvus.rewrite(request, milvus.classify(request), STRIP);
    return sent == null ? null : JSON.readTree(sent).get("outputFields");
  }

  @Test
  void withoutTheSchemaEveryNamedOutputFieldIsRefusedButJsonAndCountsPass() throws Exception {
    assertThat(risk("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"id > 0\",\"outputFields\":[\"bits\"]}"))
        .isEqualTo("output field 'bits' may hold binary, float16, bfloat16 or int8 vectors, which come back as base64"
            + " text, and the guard has not seen the schema of 'docs'; describe the collection through the guard"
            + " first");
    assertThat(risk("entities/search", "{\"collectionName\":\"docs\",\"data\":[[1,0]],\"annsField\":\"dense\","
        + "\"outputFields\":[\"title\"]}")).startsWith("output field 'title' may hold");
    assertThat(risk("entities/hybrid_search", "{\"collectionName\":\"docs\",\"search\":[{\"data\":[[1,0]],"
        + "\"annsField\":\"dense\"}],\"outputFields\":[\"half\"]}")).startsWith("output field 'half' may hold");
    assertThat(risk("entities/get", "{\"collectionName\":\"docs\",\"id\":[1],\"outputFields\":[\"small\"]}"))
        .startsWith("output field 'small' may hold");
    assertThat(risk("entities/search", "{\"collectionName\":\"docs\",\"data\":[[1,0]],\"annsField\":\"dense\","
        + "\"outputFields\":[\"dense\",\"count(*)\",\"$meta\",\"$meta[\\\"color\\\"]\"]}"))
        .as("the field searched on is dropped; the others hold no vector").isNull();
    assertThat(risk("entities/search", "{\"collectionName\":\"docs\",\"data\":[[1,0]],\"annsField\":\"dense\"}"))
        .as("a search without outputFields returns ids and distances").isNull();
  }

  @Test
  void onceDescribedVectorFieldsAreDroppedWhateverTheyAreCalledAndTheWildcardIsSpelledOut() throws Exception {
    describe("docs", DESCRIBE);

    assertThat(risk("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"id > 0\",\"outputFields\":"
        + "[\"title\",\" bits\",\"half \",\"brain\",\"small\",\"sparse\",\"dense\",\"chunks\",\"color\"]}"))
        .isEqualTo("output field 'color' is not a field of 'docs' as the guard last saw it described, so it may be a"
            + " vector field added since; describe the collection again, or name a dynamic field as"
            + " $meta[\"color\"]");
    String query = "{\"collectionName\":\"docs\",\"filter\":\"id > 0\",\"outputFields\":[\"title\",\" bits\","
        + "\"half \",\"brain\",\"small\",\"sparse\",\"dense\",\"chunks\",\"$meta[\\\"color\\\"]\"]}";
    assertThat(risk("entities/query", query)).isNull();
    assertThat(sentOutputFields("entities/query", query))
        .isEqualTo(JSON.readTree("[\"title\",\"chunks\",\"$meta[\\\"color\\\"]\"]"));

    for (String wildcard : List.of("{\"collectionName\":\"docs\",\"filter\":\"id > 0\"}",
        "{\"collectionName\":\"docs\",\"filter\":\"id > 0\",\"outputFields\":[\" * \"]}")) {
      assertThat(risk("entities/query", wildcard)).isNull();
      assertThat(sentOutputFields("entities/query", wildcard))
          .isEqualTo(JSON.readTree("[\"id\",\"title\",\"scores\",\"meta\",\"chunks\",\"$meta\"]"));
    }
    assertThat(sentOutputFields("entities/get", "{\"collectionName\":\"docs\",\"id\":[1]}"))
        .isEqualTo(JSON.readTree("[\"id\",\"title\",\"scores\",\"meta\",\"chunks\",\"$meta\"]"));
    assertThat(classify("entities/query", "{\"collectionName\":\"docs\",\"outputFields\":[\"bits\"]}").facts()
        .vectorsRequested()).as("the audit sees a vector field asked for").isTrue();
  }

  @Test
  void theSchemaIsKnownUnderTheCollectionsAliasesAndPerDatabase() throws Exception {
    describe("docs", DESCRIBE);

    assertThat(sentOutputFields("entities/search", "{\"collectionName\":\"live\",\"data\":[[1,0]],"
        + "\"annsField\":\"dense\",\"outputFields\":[\"title\",\"bits\"]}")).isEqualTo(JSON.readTree("[\"title\"]"));
    assertThat(risk("entities/search", "{\"collectionName\":\"docs\",\"dbName\":\"other\",\"data\":[[1,0]],"
        + "\"annsField\":\"dense\",\"outputFields\":[\"title\"]}")).startsWith("output field 'title' may hold");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      collections/fields/add          | {"collectionName":"docs","schema":{"fieldName":"late","dataType":"BinaryVector"}}
      collections/drop                | {"collectionName":"docs"}
      collections/create              | {"collectionName":"docs","dimension":2}
      collections/rename              | {"collectionName":"docs","newCollectionName":"old"}
      collections/alter_properties    | {"collectionName":"docs","properties":{}}
      aliases/alter                   | {"collectionName":"docs","aliasName":"live"}
      """)
  void whatTheGuardSeesChangeTheSchemaMakesItForgetIt(String route, String body) throws Exception {
    describe("docs", DESCRIBE);

    classify(route, body);

    assertThat(risk("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"id > 0\",\"outputFields\":"
        + "[\"title\"]}")).startsWith("output field 'title' may hold");
  }

  @Test
  void aFailedDescribeForgetsAndAnUnknownTypeCountsAsAVector() throws Exception {
    describe("docs", DESCRIBE);
    describe("docs", "{\"code\":100,\"message\":\"collection not found[collection=docs]\"}");
    assertThat(risk("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"id > 0\",\"outputFields\":"
        + "[\"title\"]}")).startsWith("output field 'title' may hold");

    describe("docs", "{\"code\":0,\"data\":{\"collectionName\":\"docs\",\"fields\":[{\"name\":\"id\",\"type\":\"Int64\"},"
        + "{\"name\":\"next\",\"type\":\"Float8Vector\"},{\"name\":\"old\",\"type\":\"FloatVector(4)\"}]}}");
    assertThat(sentOutputFields("entities/query", "{\"collectionName\":\"docs\",\"filter\":\"id > 0\","
        + "\"outputFields\":[\"id\",\"next\",\"old\"]}")).isEqualTo(JSON.readTree("[\"id\"]"));
  }

  private String masked(String route, String body, String response, long vectors) throws Exception {
    VectorCall call = classify(route, body);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MaskCounts counts = milvus.maskResponse(call, STRIP, MaskEngine.create(MaskSettings.defaults()).plan(List.of(), true),
        new ByteArrayInputStream(response.getBytes(StandardCharsets.UTF_8)), out);
    assertThat(counts.vectorsStripped()).isEqualTo(vectors);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Each encoding of Milvus 2.6 REST rows, in query, get, search and hybrid search responses. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      entities/query         | dense  | [0.5,0.25]                 | 1
      entities/query         | bits   | "AfA="                     | 1
      entities/query         | half   | "ADwBPA=="                 | 1
      entities/get           | brain  | "gD8BPw=="                 | 1
      entities/get           | small  | "Af8DBA=="                 | 1
      entities/search        | small  | [1,-1,3,4]                 | 1
      entities/search        | sparse | {"3":0.5,"11":0.25}        | 1
      entities/hybrid_search | bits   | "AfA="                     | 1
      entities/hybrid_search | half   | null                       | 0
      """)
  void everyEncodingOfAVectorFieldIsStripped(String route, String field, String value, long perRow) throws Exception {
    describe("docs", DESCRIBE);
    String row = "{\"id\":1,\"distance\":0.5,\"title\":\"a\",\"scores\":[0.5,1.5],\"" + field + "\":" + value + "}";

    String body = masked(route, "{\"collectionName\":\"docs\"}", "{\"code\":0,\"data\":[" + row + "," + row
        + "],\"topks\":[2]}", 2 * perRow);

    assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("{\"code\":0,\"data\":[" + "{\"id\":1,\"distance\":0.5,"
        + "\"title\":\"a\",\"scores\":[0.5,1.5]},{\"id\":1,\"distance\":0.5,\"title\":\"a\",\"scores\":[0.5,1.5]}],"
        + "\"topks\":[2]}"));
  }

  /** Struct arrays (Milvus 3.0 REST): each element loses its vector sub-fields, keeps the others. */
  @Test
  void structArraysLoseTheirVectorSubFields() throws Exception {
    describe("docs", DESCRIBE);

    String body = masked("entities/query", "{\"collectionName\":\"docs\"}", "{\"code\":0,\"data\":[{\"id\":1,"
        + "\"chunks\":[{\"text\":\"a\",\"emb\":[1,0]},{\"text\":\"b\",\"emb\":[0,1]}]}]}", 2);

    assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("{\"code\":0,\"data\":[{\"id\":1,\"chunks\":"
        + "[{\"text\":\"a\"},{\"text\":\"b\"}]}]}"));
  }

  /** Without the schema only shapes tell: numbers, lists of them, sparse objects; dynamic keys likewise. */
  @Test
  void withoutTheSchemaVectorsAreRecognisedByTheirShape() throws Exception {
    String body = masked("entities/search", "{\"collectionName\":\"docs\"}", "{\"code\":0,\"data\":[{\"id\":1,"
        + "\"distance\":0.1,\"vec\":[0.1,0.2],\"multi\":[[1,2],[3,4]],\"sparse\":{\"3\":0.5},\"tags\":[\"a\"],"
        + "\"meta\":{\"k\":1}}]}", 4);

    assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("{\"code\":0,\"data\":[{\"id\":1,\"distance\":0.1,"
        + "\"tags\":[\"a\"],\"meta\":{\"k\":1}}]}"));
    describe("docs", DESCRIBE);
    assertThat(masked("entities/query", "{\"collectionName\":\"docs\"}", "{\"code\":0,\"data\":[{\"id\":1,"
        + "\"scores\":[1,2],\"color\":[0.1,0.2]}]}", 1)).as("a known numeric array stays, a dynamic one goes")
        .isEqualTo("{\"code\":0,\"data\":[{\"id\":1,\"scores\":[1,2]}]}");
  }
}
