package dev.vectorguard.resttest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Backend;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditJson;
import dev.vectorguard.internal.WithheldErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An error response can quote what masking hides: under obligations that hide fields its message
 * is replaced, keeping the status and the backend's error shape; otherwise it passes unchanged.
 */
public abstract class ErrorResponsesContract extends RestContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "ann@example.com";
  private static final String POLICY = """
      version: 1
      rules:
        - id: people-masked
          collections: [people]
          actions: [read]
          effect: allow
          obligations:
            mask: [ { field: email, with: redact } ]
        - id: docs-capped
          collections: [docs]
          actions: [read]
          effect: allow
          obligations: { max_results: 5, vectors: strip }
      """;

  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private RestTransport.Reply post(String path, String body) throws Exception {
    return h.send(h.request("POST", path, body));
  }

  private void assertAuditedWithoutTheMessage(String code) {
    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement().satisfies(e -> {
      assertThat(e.get("outcome.status")).isEqualTo("error");
      assertThat(e.get("outcome.code")).isEqualTo(code);
      assertThat(e.get("outcome.error")).isEqualTo("HTTP " + code + "; " + WithheldErrors.AUDITED);
    });
    assertThat(h.audit.events()).allSatisfy(e -> assertThat(AuditJson.toJson(e)).doesNotContain(EMAIL));
  }

  @Test
  void aQdrantErrorUnderMasksKeepsItsStatusButNotItsMessage() throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.enqueue(400, "{\"status\":{\"error\":\"Wrong input: no point with email " + EMAIL + "\"},\"time\":0.001}");

    {
      RestTransport.Reply response = post("/collections/people/points/search", "{\"vector\":[0.1],\"limit\":3}");
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(
          "{\"status\":{\"error\":\"" + WithheldErrors.MESSAGE + "\"},\"time\":0}"));
    }
    assertAuditedWithoutTheMessage("400");
  }

  @Test
  void aQdrantErrorWithoutHiddenFieldsPassesUnchanged() throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    String error = "{\"status\":{\"error\":\"Not found: Collection `docs` doesn't exist!\"},\"time\":0.001}";
    h.enqueue(404, error);

    {
      RestTransport.Reply response = post("/collections/docs/points/search", "{\"vector\":[0.1],\"limit\":3}");
      assertThat(response.code()).isEqualTo(404);
      assertThat(response.body()).isEqualTo(error);
    }
    assertThat(h.events(AuditEvent.CALL_COMPLETED).get(0).get("outcome.error")).isEqualTo("HTTP 404");
  }

  @Test
  void aNonJsonErrorIsReplacedToo() throws Exception {
    h = new Harness(transport(), Backend.QDRANT, POLICY);
    h.server.enqueue(new mockwebserver3.MockResponse.Builder().code(500).addHeader("Content-Type", "text/plain")
        .body("panicked at " + EMAIL).build());

    {
      RestTransport.Reply response = post("/collections/people/points/scroll", "{\"limit\":3}");
      assertThat(response.code()).isEqualTo(500);
      assertThat(response.body()).doesNotContain(EMAIL).contains(WithheldErrors.MESSAGE);
    }
    assertAuditedWithoutTheMessage("500");
  }

  @Test
  void aChromaErrorKeepsItsErrorClass() throws Exception {
    h = new Harness(transport(), Backend.CHROMA, POLICY);
    String base = "/api/v2/tenants/default_tenant/databases/default_database/collections/";
    String id = "6f2a1c3e-0000-4000-8000-000000000001";
    h.enqueue(200, "{\"id\":\"" + id + "\",\"name\":\"people\",\"tenant\":\"default_tenant\","
        + "\"database\":\"default_database\",\"metadata\":null}");
    h.call("GET", base + "people", null); // teaches the guard the collection's id
    h.audit.clear();
    h.enqueue(400, "{\"error\":\"InvalidArgumentError\",\"message\":\"Invalid where clause: " + EMAIL + "\"}");

    {
      RestTransport.Reply response = post(base + id + "/get", "{\"ids\":[\"a\"],\"include\":[\"metadatas\"]}");
      assertThat(response.code()).isEqualTo(400);
      assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(
          "{\"error\":\"InvalidArgumentError\",\"message\":\"" + WithheldErrors.MESSAGE + "\"}"));
    }
    assertAuditedWithoutTheMessage("400");
  }

  @Test
  void aMilvusErrorInAnHttp200BodyKeepsItsCode() throws Exception {
    h = new Harness(transport(), Backend.MILVUS, POLICY);
    h.enqueue(200, "{\"code\":1100,\"message\":\"failed to query: cannot parse expression: email == \\\""
        + EMAIL + "\\\"\"}");

    JsonNode body = JSON.readTree(h.call("POST", "/v2/vectordb/entities/query",
        "{\"collectionName\":\"people\",\"filter\":\"id > 0\",\"outputFields\":[\"name\"]}"));

    assertThat(body).isEqualTo(JSON.readTree("{\"code\":1100,\"message\":\"" + WithheldErrors.MESSAGE + "\"}"));
    assertThat(h.audit.events()).allSatisfy(e -> assertThat(AuditJson.toJson(e)).doesNotContain(EMAIL));
  }

  @Test
  void aMilvusSuccessIsNotMistakenForAnError() throws Exception {
    h = new Harness(transport(), Backend.MILVUS, POLICY);
    h.enqueue(200, "{\"data\":[{\"id\":1,\"email\":\"" + EMAIL + "\"}],\"code\":0}");

    JsonNode body = JSON.readTree(h.call("POST", "/v2/vectordb/entities/query",
        "{\"collectionName\":\"people\",\"filter\":\"id > 0\"}"));

    assertThat(body).isEqualTo(JSON.readTree("{\"data\":[{\"id\":1,\"email\":\"[REDACTED]\"}],\"code\":0}"));
  }
}
