package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PolicyExplainGrpcTest {
  private static final String DEMO = Path.of("..", "samples", "policies", "demo.yaml").toString();
  private static final String RAG = "spiffe://demo.vectorguard.dev/ns/demo/sa/rag-service";

  @Test
  void explainClassifiesAQdrantGrpcRequest() throws Exception {
    CliRun run = CliRun.of("policy", "explain", "--policy", DEMO, "--workload", RAG, "--actor", "tenant=tenant-a",
        "--grpc", "qdrant.Points/Search", "--message", "{\"collectionName\": \"docs\", \"limit\": 3}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("effect").asText()).isEqualTo("allow");
    assertThat(json.get("rules").toString()).isEqualTo("[\"rag-searches-own-tenant\"]");
  }

  @Test
  void explainClassifiesAMilvusGrpcRequestAndItsLookups() throws Exception {
    CliRun run = CliRun.of("policy", "explain", "--policy", DEMO, "--workload", RAG, "--actor", "tenant=tenant-a",
        "--grpc", "milvus.proto.milvus.MilvusService/DropCollection", "--message", "{\"collectionName\": \"docs\"}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).get("effect").asText()).isEqualTo("deny");
  }

  @Test
  void badGrpcOptionsSayWhatIsWrong() {
    CliRun unknown = CliRun.of("policy", "explain", "--policy", DEMO, "--workload", RAG,
        "--grpc", "qdrant.Points/Teleport");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("vectorguard policy explain: service qdrant.Points has no method Teleport\n");

    CliRun badJson = CliRun.of("policy", "explain", "--policy", DEMO, "--workload", RAG,
        "--grpc", "qdrant.Points/Search", "--message", "{\"collection\": 1}");
    assertThat(badJson.exitCode()).isEqualTo(2);
    assertThat(badJson.err()).startsWith("vectorguard policy explain: the message is not a valid qdrant.SearchPoints "
        + "in protobuf JSON: ");

    CliRun mixed = CliRun.of("policy", "explain", "--policy", DEMO, "--workload", RAG,
        "--grpc", "qdrant.Points/Search", "--backend", "qdrant");
    assertThat(mixed.err()).isEqualTo("vectorguard policy explain: --grpc classifies the call itself; drop --http, --body, --backend, "
        + "--operation, --collection, --database and --access\n");

    CliRun noGrpc = CliRun.of("policy", "explain", "--policy", DEMO, "--workload", RAG, "--message", "{}");
    assertThat(noGrpc.err()).isEqualTo("vectorguard policy explain: --message needs --grpc\n");
  }
}
