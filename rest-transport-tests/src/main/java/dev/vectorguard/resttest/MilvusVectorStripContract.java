package dev.vectorguard.resttest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14: Milvus REST rows carry binary, float16, bfloat16 and int8 vectors as base64 strings,
 * which look like text. Under {@code vectors: strip} the guard learns the collection's schema from
 * a {@code collections/describe} passing through it, keeps every vector field out of the output
 * fields it sends, strips any the server returns anyway from query, get, search and hybrid search
 * rows, counting each, and refuses output fields it cannot type.
 */
public abstract class MilvusVectorStripContract extends RestContract {
  private static final String POLICY = Harness.readsWithVectorsStripped("people");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** {@code collections/describe} of Milvus 2.6 ({@code getCollectionDetails}). */
  private static final String DESCRIBE = """
      {"code":0,"data":{"collectionName":"people","collectionID":44,"description":"","autoId":false,
       "fields":[{"name":"id","type":"Int64","primaryKey":true,"partitionKey":false,"autoId":false,"id":100},
        {"name":"dense","type":"FloatVector","id":101,"params":[{"key":"dim","value":"2"}]},
        {"name":"bits","type":"BinaryVector","id":102,"params":[{"key":"dim","value":"16"}]},
        {"name":"half","type":"Float16Vector","id":103,"params":[{"key":"dim","value":"2"}]},
        {"name":"brain","type":"BFloat16Vector","id":104,"params":[{"key":"dim","value":"2"}]},
        {"name":"small","type":"Int8Vector","id":105,"params":[{"key":"dim","value":"4"}]},
        {"name":"sparse","type":"SparseFloatVector","id":106},
        {"name":"name","type":"VarChar","id":107,"params":[{"key":"max_length","value":"64"}]}],
       "functions":[],"aliases":[],"indexes":[],"load":"LoadStateLoaded","shardsNum":1,"partitionsNum":1,
       "consistencyLevel":"Bounded","enableDynamicField":true,"properties":[]},"message":""}""";

  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private void describe() throws Exception {
    h.enqueue(200, DESCRIBE);
    assertThat(JSON.readTree(h.call("POST", "/v2/vectordb/collections/describe", "{\"collectionName\":\"people\"}")))
        .as("the describe reaches the caller unchanged").isEqualTo(JSON.readTree(DESCRIBE));
    h.taken();
  }

  /** The attack: a binary vector field named in outputFields, before the guard knows it is one. */
  @Test
  void aVectorFieldTheGuardCannotTypeIsRefusedAndNothingIsSent() throws Exception {
    h = new Harness(transport(), Backend.MILVUS, POLICY);

    VectorGuardException e = Refusals.caught(
        () -> h.call("POST", "/v2/vectordb/entities/query",
            "{\"collectionName\":\"people\",\"filter\":\"id > 0\",\"outputFields\":[\"name\",\"bits\"]}"));

    assertThat(e.getMessage()).isEqualTo("Vectorguard refused milvus query on [people]: output field 'name' may hold"
        + " binary, float16, bfloat16 or int8 vectors, which come back as base64 text, and the guard has not seen the"
        + " schema of 'people'; describe the collection through the guard first");
    assertThat(h.server.getRequestCount()).isZero();
  }

  /** An endpoint's request naming {@code %F%} and its response with rows {@code %R%}. */
  private record Shape(String endpoint, String request, String response, int rows) {}

  private static final List<Shape> SHAPES = List.of(
      new Shape("entities/query", "{\"collectionName\":\"people\",\"filter\":\"id > 0\",\"limit\":5,"
          + "\"outputFields\":[\"name\",\"%F%\"]}", "{\"code\":0,\"cost\":0,\"data\":[%R%,%R%]}", 2),
      new Shape("entities/get", "{\"collectionName\":\"people\",\"id\":[1,2],\"outputFields\":[\"name\",\"%F%\"]}",
          "{\"code\":0,\"cost\":0,\"data\":[%R%,%R%]}", 2),
      new Shape("entities/search", "{\"collectionName\":\"people\",\"data\":[[1,0],[0,1]],\"annsField\":\"dense\","
          + "\"limit\":2,\"outputFields\":[\"name\",\"%F%\"]}",
          "{\"code\":0,\"cost\":0,\"data\":[%R%,%R%,%R%],\"topks\":[2,1]}", 3),
      new Shape("entities/hybrid_search", "{\"collectionName\":\"people\",\"search\":[{\"data\":[[1,0]],"
          + "\"annsField\":\"dense\",\"limit\":2},{\"data\":[{\"3\":0.5}],\"annsField\":\"sparse\",\"limit\":2}],"
          + "\"rerank\":{\"strategy\":\"rrf\",\"params\":{\"k\":60}},\"limit\":2,\"outputFields\":[\"name\",\"%F%\"]}",
          "{\"code\":0,\"cost\":0,\"data\":[%R%],\"topks\":[1]}", 1));

  /** Each field and its value in a 2.6 REST row (base64 of Go's {@code []byte} for the byte-encoded vectors). */
  private static final List<List<String>> ENCODINGS = List.of(
      List.of("dense", "[1.0,0.5]"),
      List.of("bits", "\"AfA=\""),
      List.of("half", "\"ADwBPA==\""),
      List.of("brain", "\"gD8BPw==\""),
      List.of("small", "\"Af8DBA==\""),
      List.of("sparse", "{\"3\":0.5,\"11\":0.25}"));

  static Stream<Arguments> everyEncodingOfEveryShape() {
    List<Arguments> out = new ArrayList<>();
    for (Shape shape : SHAPES) {
      for (List<String> encoding : ENCODINGS) {
        out.add(Arguments.of(shape.endpoint(), encoding.get(0), shape, encoding.get(1)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void everyEncodingOfEveryShape(String endpoint, String field, Shape shape, String value) throws Exception {
    h = new Harness(transport(), Backend.MILVUS, POLICY);
    describe();
    String row = "{\"id\":\"1\",\"distance\":0.5,\"name\":\"Ann\",\"" + field + "\":" + value + "}";
    // A server that returns the field anyway (asked by another client's request, a stale cache, a proxy).
    h.enqueue(200, shape.response().replace("%R%", row));

    JsonNode body = JSON.readTree(h.call("POST", "/v2/vectordb/" + shape.endpoint(),
        shape.request().replace("%F%", field)));

    JsonNode sent = JSON.readTree(Harness.body(h.taken()));
    assertThat(sent.get("outputFields")).isEqualTo(JSON.readTree("[\"name\"]"));
    assertThat(body.get("data")).hasSize(shape.rows()).allSatisfy(r -> {
      assertThat(r.has(field)).as("%s in %s", field, r).isFalse();
      assertThat(r.get("name").asText()).isEqualTo("Ann");
    });
    assertThat(h.events(AuditEvent.CALL_COMPLETED).get(1).get("masked.vectors_stripped"))
        .isEqualTo((long) shape.rows());
  }

  @Test
  void aQueryWithoutOutputFieldsAsksForTheFieldsThatHoldNoVectors() throws Exception {
    h = new Harness(transport(), Backend.MILVUS, POLICY);
    describe();
    h.enqueue(200, "{\"code\":0,\"data\":[{\"id\":\"1\",\"name\":\"Ann\",\"color\":\"red\"}]}");

    String body = h.call("POST", "/v2/vectordb/entities/query", "{\"collectionName\":\"people\",\"filter\":\"id > 0\"}");

    assertThat(JSON.readTree(Harness.body(h.taken())).get("outputFields"))
        .isEqualTo(JSON.readTree("[\"id\",\"name\",\"$meta\"]"));
    assertThat(JSON.readTree(body).get("data").get(0).get("color").asText()).isEqualTo("red");
  }

  @Test
  void aFieldAddedByAnotherClientSinceTheDescribeIsRefusedUntilDescribedAgain() throws Exception {
    h = new Harness(transport(), Backend.MILVUS, POLICY);
    describe();
    String query = "{\"collectionName\":\"people\",\"filter\":\"id > 0\",\"outputFields\":[\"name\",\"late\"]}";

    VectorGuardException e = Refusals.caught(
        () -> h.call("POST", "/v2/vectordb/entities/query", query));

    assertThat(e.getMessage()).endsWith("output field 'late' is not a field of 'people' as the guard last saw it"
        + " described, so it may be a vector field added since; describe the collection again, or name a dynamic"
        + " field as $meta[\"late\"]");
    h.enqueue(200, DESCRIBE.replace("\"fields\":[", "\"fields\":[{\"name\":\"late\",\"type\":\"BinaryVector\"},"));
    h.call("POST", "/v2/vectordb/collections/describe", "{\"collectionName\":\"people\"}");
    h.taken();
    h.enqueue(200, "{\"code\":0,\"data\":[{\"id\":\"1\",\"name\":\"Ann\",\"late\":\"AfA=\"}]}");

    JsonNode body = JSON.readTree(h.call("POST", "/v2/vectordb/entities/query", query));

    assertThat(JSON.readTree(Harness.body(h.taken())).get("outputFields")).isEqualTo(JSON.readTree("[\"name\"]"));
    assertThat(body.get("data").get(0).has("late")).isFalse();
  }
}
