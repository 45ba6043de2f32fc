package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy explain --http/--grpc} runs the guard's whole request path without sending: it
 * prints the request as the adapter would send it, or the refusal the adapter would raise, even
 * where the policy alone allows the call.
 */
class PolicyExplainRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RAG = "spiffe://acme.io/ns/prod/sa/rag";
  private static final String POLICY = """
      version: 1
      rules:
        - id: rag-reads-docs
          when: { actor.tenant: "*" }
          collections: [docs]
          actions: [read]
          effect: allow
          obligations:
            max_results: 10
            vectors: strip
            tenant_filter: { field: tenant_id, value: "${actor.tenant}" }
        - id: rag-reads-people
          collections: [people]
          actions: [read]
          effect: allow
          obligations:
            mask: [ { field: email, with: redact }, { field: ssn, with: hash } ]
        - id: deletes-need-approval
          collections: [docs]
          operations: [delete]
          effect: approve
          approval: { approvers: ["group:dba"], ttl: 15m }
      """;

  @TempDir Path dir;
  private String policy;

  @BeforeEach
  void writePolicy() throws Exception {
    policy = Files.writeString(dir.resolve("policy.yaml"), POLICY).toString();
  }

  private JsonNode explain(String... request) throws Exception {
    String[] args = new String[7 + request.length];
    System.arraycopy(new String[] {"policy", "explain", "--policy", policy, "--workload", RAG, "--actor=tenant=acme"},
        0, args, 0, 7);
    System.arraycopy(request, 0, args, 7, request.length);
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void anAllowedSearchIsPrintedAsTheGuardWouldSendIt() throws Exception {
    JsonNode out = explain("--backend", "qdrant", "--http", "POST /collections/docs/points/search",
        "--body", "{\"vector\":[0.1,0.2],\"limit\":50,\"with_vector\":true}");

    assertThat(out.get("effect").asText()).isEqualTo("allow");
    assertThat(out.get("outcome").asText()).isEqualTo("sent");
    assertThat(out.get("sent").get("method").asText()).isEqualTo("POST");
    assertThat(out.get("sent").get("path").asText()).isEqualTo("/collections/docs/points/search");
    assertThat(out.get("sent").get("body")).isEqualTo(JSON.readTree("""
        {"vector":[0.1,0.2],"limit":10,"with_vector":false,
         "filter":{"must":[{"key":"tenant_id","match":{"value":"acme"}}]}}"""));
    assertThat(out.has("refusal")).isFalse();
  }

  @Test
  void aFacetOnAMaskedFieldIsShownRefusedThoughThePolicyAllowsIt() throws Exception {
    JsonNode out = explain("--backend", "qdrant", "--http", "POST /collections/people/facet",
        "--body", "{\"key\":\"email\"}");

    assertThat(out.get("effect").asText()).isEqualTo("allow");
    assertThat(out.get("rules").toString()).isEqualTo("[\"rag-reads-people\"]");
    assertThat(out.get("outcome").asText()).isEqualTo("refused");
    assertThat(out.get("refusal").asText()).isEqualTo("Vectorguard refused qdrant facet on [people]: faceting on"
        + " 'email' would reveal values of the masked field 'email'");
    assertThat(out.has("sent")).isFalse();
  }

  @Test
  void aGrpcSearchIsPrintedAsTheMessageTheGuardWouldSend() throws Exception {
    JsonNode out = explain("--grpc", "qdrant.Points/Search",
        "--message", "{\"collectionName\":\"docs\",\"vector\":[0.1,0.2],\"limit\":50,\"withVectors\":{\"enable\":true}}");

    assertThat(out.get("outcome").asText()).isEqualTo("sent");
    assertThat(out.get("sent").get("method").asText()).isEqualTo("qdrant.Points/Search");
    JsonNode message = out.get("sent").get("message");
    assertThat(message.get("limit").asText()).isEqualTo("10");
    assertThat(message.get("withVectors").get("enable").asBoolean()).isFalse();
    assertThat(message.get("filter").get("must").get(0).get("field").get("key").asText()).isEqualTo("tenant_id");
    assertThat(message.get("filter").get("must").get(0).get("field").get("match").get("keyword").asText())
        .isEqualTo("acme");
  }

  @Test
  void aGrpcFacetOnAMaskedFieldIsShownRefused() throws Exception {
    JsonNode out = explain("--grpc", "qdrant.Points/Facet", "--message", "{\"collectionName\":\"people\",\"key\":\"email\"}");

    assertThat(out.get("effect").asText()).isEqualTo("allow");
    assertThat(out.get("outcome").asText()).isEqualTo("refused");
    assertThat(out.get("refusal").asText()).isEqualTo("Vectorguard refused qdrant facet on [people]: faceting on"
        + " 'email' would reveal values of the masked field 'email'");
  }

  @Test
  void aDenialAndAnApprovalSayWhatTheGuardWouldDo() throws Exception {
    JsonNode denied = explain("--backend", "qdrant", "--http", "POST /collections/secret/points/search",
        "--body", "{\"vector\":[0.1],\"limit\":3}");
    assertThat(denied.get("outcome").asText()).isEqualTo("refused");
    assertThat(denied.get("refusal").asText()).startsWith("Vectorguard refused qdrant search on [secret]: no rule"
        + " matched");

    JsonNode approve = explain("--backend", "qdrant", "--http", "POST /collections/docs/points/delete",
        "--body", "{\"points\":[1,2]}");
    assertThat(approve.get("effect").asText()).isEqualTo("approve");
    assertThat(approve.get("outcome").asText()).isEqualTo("needs_approval");
    assertThat(approve.get("sent").get("body")).isEqualTo(JSON.readTree("{\"points\":[1,2]}"));
  }
}
