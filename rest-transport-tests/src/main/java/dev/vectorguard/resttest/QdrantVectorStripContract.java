package dev.vectorguard.resttest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Backend;
import dev.vectorguard.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under {@code vectors: strip}, Qdrant REST responses lose every {@code vector} of every point in
 * every encoding (dense, named, multi-dense, sparse, a mix) and response shape (search,
 * recommend and discover with their batches and groups' hits and lookups, query with its batch
 * and groups, scroll, points by ids, a point by id), each vector counted; requests ask for none.
 */
public abstract class QdrantVectorStripContract extends RestContract {
  private static final String POLICY = Harness.readsWithVectorsStripped("docs");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  /** An encoding of one point's {@code vector}, and how many vectors it holds. */
  private record Encoding(String name, String json, long vectors) {}

  private static final List<Encoding> ENCODINGS = List.of(
      new Encoding("dense", "[0.1,0.2]", 1),
      new Encoding("named", "{\"text\":[0.1,0.2],\"image\":[0.3,0.4,0.5]}", 2),
      new Encoding("multi", "[[0.1,0.2],[0.3,0.4],[0.5,0.6]]", 3),
      new Encoding("sparse", "{\"keywords\":{\"indices\":[1,7],\"values\":[0.5,0.1]}}", 1),
      new Encoding("mixed", "{\"text\":[1,0],\"keywords\":{\"indices\":[1],\"values\":[0.5]},"
          + "\"colbert\":[[1,0],[0,1]]}", 4));

  /** A response shape: the call, its response with {@code P} for each point, and how many points. */
  private record Shape(String method, String endpoint, String response, int points) {}

  private static final String GROUPS = "{\"result\":{\"groups\":[{\"id\":1,\"hits\":[P,P],\"lookup\":P}]},\"status\":\"ok\"}";
  private static final List<Shape> SHAPES = List.of(
      new Shape("POST", "points/search", "{\"result\":[P,P],\"status\":\"ok\"}", 2),
      new Shape("POST", "points/search/batch", "{\"result\":[[P],[P,P]],\"status\":\"ok\"}", 3),
      new Shape("POST", "points/search/groups", GROUPS, 3),
      new Shape("POST", "points/recommend", "{\"result\":[P],\"status\":\"ok\"}", 1),
      new Shape("POST", "points/recommend/batch", "{\"result\":[[P,P]],\"status\":\"ok\"}", 2),
      new Shape("POST", "points/recommend/groups", GROUPS, 3),
      new Shape("POST", "points/discover", "{\"result\":[P],\"status\":\"ok\"}", 1),
      new Shape("POST", "points/discover/batch", "{\"result\":[[P],[P]],\"status\":\"ok\"}", 2),
      new Shape("POST", "points/query", "{\"result\":{\"points\":[P,P]},\"status\":\"ok\"}", 2),
      new Shape("POST", "points/query/batch", "{\"result\":[{\"points\":[P]},{\"points\":[P,P]}],\"status\":\"ok\"}", 3),
      new Shape("POST", "points/query/groups", GROUPS, 3),
      new Shape("POST", "points/scroll", "{\"result\":{\"points\":[P,P],\"next_page_offset\":null},\"status\":\"ok\"}", 2),
      new Shape("POST", "points", "{\"result\":[P],\"status\":\"ok\"}", 1),
      new Shape("GET", "points/7", "{\"result\":P,\"status\":\"ok\"}", 1));

  static Stream<Arguments> everyEncodingInEveryShape() {
    List<Arguments> out = new ArrayList<>();
    for (Shape shape : SHAPES) {
      for (Encoding encoding : ENCODINGS) {
        out.add(Arguments.of(shape.method() + " " + shape.endpoint(), encoding.name(), shape, encoding));
      }
    }
    return out.stream();
  }

  private static String request(Shape shape) {
    if (shape.method().equals("GET")) {
      return null;
    }
    return shape.endpoint().endsWith("batch") ? "{\"searches\":[{\"limit\":3}]}"
        : shape.endpoint().equals("points") ? "{\"ids\":[7]}" : "{\"limit\":3}";
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void everyEncodingInEveryShape(String call, String encodingName, Shape shape, Encoding encoding) throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    String point = "{\"id\":7,\"score\":0.9,\"payload\":{\"title\":\"t\"},\"vector\":" + encoding.json()
        + ",\"order_value\":3}";
    h.enqueue(200, shape.response().replace("P", point));

    JsonNode body = JSON.readTree(h.call(shape.method(), "/collections/docs/" + shape.endpoint(), request(shape)));

    assertThat(body.findValues("vector")).as("vectors left").isEmpty();
    assertThat(body.findValues("payload")).hasSize(shape.points());
    assertThat(body.findValues("order_value")).as("order values are no vectors").hasSize(shape.points());
    AuditEvent completed = h.events(AuditEvent.CALL_COMPLETED).get(0);
    assertThat(completed.get("masked.vectors_stripped")).isEqualTo(shape.points() * encoding.vectors());
  }

  /** Both spellings, selectors naming vectors, in every search of a batch and in lookups. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      points/search        | {"vector":[1,0],"with_vector":["text"]}
      points/search        | {"vector":[1,0],"with_vectors":true}
      points/search        | {"vector":[1,0],"with_vector":true,"with_vectors":["image"]}
      points/query         | {"query":[1,0],"with_vector":["text","keywords"]}
      points/scroll        | {"with_vectors":["colbert"]}
      points               | {"ids":[1],"with_vector":["text"]}
      points/search/batch  | {"searches":[{"vector":[1,0],"with_vector":["text"]},{"vector":[0,1],"with_vectors":true}]}
      points/query/batch   | {"searches":[{"query":[1,0],"with_vector":true},{"query":[0,1]}]}
      points/query/groups  | {"query":[1,0],"group_by":"g","with_vectors":["text"],"with_lookup":{"collection":"docs","with_vectors":["text"]}}
      points/search/groups | {"vector":[1,0],"group_by":"g","with_lookup":{"collection":"docs","with_vector":true}}
      """)
  void noVectorIsAskedFor(String endpoint, String request) throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.enqueue(200, "{\"result\":[],\"status\":\"ok\"}");

    h.call("POST", "/collections/docs/" + endpoint, request);

    JsonNode sent = JSON.readTree(Harness.body(h.taken()));
    List<JsonNode> selectors = new ArrayList<>(sent.findValues("with_vector"));
    selectors.addAll(sent.findValues("with_vectors"));
    assertThat(selectors).isNotEmpty().allSatisfy(s -> assertThat(s.isBoolean() && !s.booleanValue())
        .as("%s in %s", s, sent).isTrue());
  }

  @Test
  void aLookupNamedByItsCollectionOnlyGetsNoVectorsEither() throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.enqueue(200, "{\"result\":{\"groups\":[]},\"status\":\"ok\"}");

    h.call("POST", "/collections/docs/points/query/groups", "{\"query\":[1,0],\"group_by\":\"g\",\"with_lookup\":\"docs\"}");

    assertThat(JSON.readTree(Harness.body(h.taken())).get("with_lookup"))
        .isEqualTo(JSON.readTree("{\"collection\":\"docs\",\"with_vectors\":false}"));
  }
}
