package dev.vectorguard.resttest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.GuardContext;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.audit.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Responses are masked per endpoint shape before the application sees them. */
public abstract class ResponseMaskingContract extends RestContract {
  private static final String POLICY = """
      version: 1
      rules:
        - id: people-masked
          collections: [people]
          actions: [read]
          effect: allow
          obligations:
            vectors: strip
            mask: [ { field: email, with: redact }, { field: ssn, with: drop } ]
        - id: listings
          operations: [list_collections, list_aliases]
          effect: allow
      """;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POINT = "{\"id\":1,\"score\":0.9,\"payload\":{\"name\":\"Ann\",\"email\":\"ann@x.io\","
      + "\"ssn\":\"123\"},\"vector\":[0.1,0.2]}";
  private static final String MASKED = "{\"id\":1,\"score\":0.9,\"payload\":{\"name\":\"Ann\",\"email\":\"[REDACTED]\"}}";

  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      points/search        | {"result":[P],"status":"ok"}                                   | {"result":[M],"status":"ok"}
      points/search/batch  | {"result":[[P],[P,P]],"status":"ok"}                           | {"result":[[M],[M,M]],"status":"ok"}
      points/query         | {"result":{"points":[P]},"status":"ok"}                        | {"result":{"points":[M]},"status":"ok"}
      points/query/batch   | {"result":[{"points":[P]}],"status":"ok"}                      | {"result":[{"points":[M]}],"status":"ok"}
      points/scroll        | {"result":{"points":[P],"next_page_offset":null},"status":"ok"} | {"result":{"points":[M],"next_page_offset":null},"status":"ok"}
      points/query/groups  | {"result":{"groups":[{"id":"g","hits":[P],"lookup":P}]}}        | {"result":{"groups":[{"id":"g","hits":[M],"lookup":M}]}}
      points               | {"result":[P],"status":"ok"}                                   | {"result":[M],"status":"ok"}
      """)
  void qdrantResponsesAreMaskedPerShape(String endpoint, String response, String expected) throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.enqueue(200, response.replace("P", POINT));

    String request = endpoint.endsWith("batch") ? "{\"searches\":[{\"limit\":3}]}" : "{\"limit\":3}";
    String body = h.call("POST", "/collections/people/" + endpoint, request);

    assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree(expected.replace("M", MASKED)));
    AuditEvent completed = h.events(AuditEvent.CALL_COMPLETED).get(0);
    assertThat(completed.get("outcome.status")).isEqualTo("ok");
    assertThat(Set.copyOf(((Map<?, ?>) completed.get("masked.fields")).keySet())).isEqualTo(Set.of("redact", "drop"));
    assertThat((Long) completed.get("masked.vectors_stripped")).isPositive();
  }

  @Test
  void aSinglePointIsMaskedToo() throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.enqueue(200, "{\"result\":" + POINT.replace("\"score\":0.9,", "") + ",\"status\":\"ok\"}");

    JsonNode body = JSON.readTree(h.call("GET", "/collections/people/points/1", null));

    assertThat(body.get("result").get("payload").get("email").asText()).isEqualTo("[REDACTED]");
    assertThat(body.get("result").has("vector")).isFalse();
  }

  @Test
  void aResponseThatCannotBeMaskedIsWithheld() throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.enqueue(200, "{\"result\":[" + POINT + ",{\"id\":2,\"payload\":{\"email\":\"bob@x.io\"");

    VectorGuardException e = Refusals.caught(
        () -> h.call("POST", "/collections/people/points/search", "{}"));

    assertThat(Refusals.failure(e)).isEqualTo(GuardFailureException.Cause.MASK);
    assertThat(e.getMessage()).startsWith("Vectorguard withheld the response of qdrant search on [people]: ")
        .doesNotContain("bob@x.io");
    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement()
        .satisfies(event -> assertThat(event.get("outcome.code")).isEqualTo("mask_failed"));
  }

  @Test
  void vectorsAreAlsoTurnedOffInTheRequest() throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.enqueue(200, "{\"result\":[],\"status\":\"ok\"}");

    h.call("POST", "/collections/people/points/search", "{\"vector\":[1],\"limit\":3,\"with_vector\":[\"image\"]}");

    RecordedRequest sent = h.taken();
    assertThat(JSON.readTree(Harness.body(sent)))
        .isEqualTo(JSON.readTree("{\"vector\":[1],\"limit\":3,\"with_vector\":false}"));
  }

  @Test
  void aliasListingsAreFiltered() throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.enqueue(200, "{\"result\":{\"aliases\":[{\"alias_name\":\"staff\",\"collection_name\":\"people\"},"
        + "{\"alias_name\":\"p\",\"collection_name\":\"payroll\"}]},\"status\":\"ok\"}");

    JsonNode body = JSON.readTree(h.call("GET", "/aliases", null));

    // 'staff' is not readable under this policy either: only 'people' is.
    assertThat(body.get("result").get("aliases")).isEmpty();
  }

  /** Keys of no known type (the server's own, dynamic ones) still lose what looks like a vector. */
  @Test
  void milvusVectorsOfKeysOfNoKnownTypeAreStrippedByTheirShape() throws Exception {
    h = new Harness(transport(), Backend.MILVUS, Harness.readsWithVectorsStripped("people"));
    h.enqueue(200, "{\"code\":0,\"data\":[{\"id\":1,\"name\":\"Ann\",\"vec\":[0.1,0.2],\"sparse\":{\"3\":0.5},"
        + "\"multi\":[[1,2],[3,4]],\"tags\":[\"a\"],\"meta\":{\"k\":1}}]}");

    String body = h.call("POST", "/v2/vectordb/entities/search",
        "{\"collectionName\":\"people\",\"data\":[[1,0]],\"annsField\":\"vec\"}");

    assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree(
        "{\"code\":0,\"data\":[{\"id\":1,\"name\":\"Ann\",\"tags\":[\"a\"],\"meta\":{\"k\":1}}]}"));
    assertThat(h.events(AuditEvent.CALL_COMPLETED).get(0).get("masked.vectors_stripped")).isEqualTo(4L);
  }

  @Test
  void milvusRowsAreMaskedAndTheFilterBoundThroughParameters() throws Exception {
    h = new Harness(transport(), Backend.MILVUS, """
        version: 1
        rules:
          - id: tenants
            when: { actor.tenant: "*" }
            collections: [people]
            actions: [read]
            effect: allow
            obligations:
              max_results: 5
              tenant_filter: { field: tenant, value: "${actor.tenant}" }
              mask: [ { field: email, with: redact } ]
        """);
    h.enqueue(200, "{\"code\":0,\"data\":[{\"id\":1,\"email\":\"ann@x.io\",\"distance\":0.1}],\"topks\":[1]}");

    String body;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      body = h.call(h.request("POST", "/v2/vectordb/entities/search",
              "{\"collectionName\":\"people\",\"data\":[[1]],\"filter\":\"age > 3\",\"limit\":100}")
          .header("DB-Name", "hr").header("Authorization", "Bearer root:Milvus"));
    }

    assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree(
        "{\"code\":0,\"data\":[{\"id\":1,\"email\":\"[REDACTED]\",\"distance\":0.1}],\"topks\":[1]}"));
    RecordedRequest sent = h.taken();
    assertThat(JSON.readTree(Harness.body(sent))).isEqualTo(JSON.readTree("{\"collectionName\":\"people\","
        + "\"data\":[[1]],\"filter\":\"(age > 3) and (tenant == {__vg_t0})\",\"limit\":5,"
        + "\"exprParams\":{\"__vg_t0\":\"acme\"}}"));
    assertThat(sent.getHeaders().values("Authorization")).containsExactly("Bearer " + Harness.TOKEN);
    assertThat(h.events(AuditEvent.CALL_STARTED).get(0).get("call.database")).isEqualTo("hr");
    assertThat(h.events(AuditEvent.CALL_STARTED).get(0).get("call.collections")).isEqualTo(List.of("people"));
  }
}
