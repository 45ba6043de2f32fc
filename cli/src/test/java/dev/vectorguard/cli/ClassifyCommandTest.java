package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DEMO = Path.of("..", "samples", "policies", "demo.yaml");
  private static final String RAG = "spiffe://demo.vectorguard.dev/ns/demo/sa/rag-service";

  @TempDir
  Path dir;

  private static CliRun classify(String stdin) {
    InputStream original = System.in;
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      return CliRun.of("classify");
    } finally {
      System.setIn(original);
    }
  }

  @Test
  void printsOneJsonLinePerRequestLine() throws Exception {
    CliRun run = classify("""
        qdrant http POST /collections/docs/points/search {"vector":[1],"limit":3}
        # comments and blank lines are skipped

        qdrant http POST /collections/docs/points/query/batch {"searches":[{"lookup_from":{"collection":"hr"}}]}
        qdrant http GET /healthz
        milvus http POST /v2/vectordb/entities/query {"dbName":"sales","collectionName":"orders","filter":"id > 1"}
        chroma http GET /api/v2/tenants/t1/databases/db1/collections/docs
        qdrant http POST /collections/aliases {"actions":[{"create_alias":{"collection_name":"docs","alias_name":"live"}}]}
        qdrant http DELETE /Collections/docs
        """);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).containsExactly(
        "{\"backend\":\"qdrant\",\"operation\":\"search\",\"access\":\"read\",\"scope\":\"collection\","
            + "\"collections\":[\"docs\"],\"database\":null}",
        "{\"backend\":\"qdrant\",\"operation\":\"query\",\"access\":\"read\",\"scope\":\"collection\","
            + "\"collections\":[\"docs\",\"hr\"],\"database\":null}",
        "{\"backend\":\"qdrant\",\"operation\":\"health\",\"access\":\"none\",\"scope\":\"global\","
            + "\"collections\":[],\"database\":null}",
        "{\"backend\":\"milvus\",\"operation\":\"query\",\"access\":\"read\",\"scope\":\"collection\","
            + "\"collections\":[\"orders\"],\"database\":\"sales\"}",
        "{\"backend\":\"chroma\",\"operation\":\"describe_collection\",\"access\":\"read\",\"scope\":\"collection\","
            + "\"collections\":[\"docs\"],\"database\":\"t1/db1\"}",
        "{\"backend\":\"qdrant\",\"operation\":\"alias\",\"access\":\"manage\",\"scope\":\"collection\","
            + "\"collections\":[\"docs\",\"live\"],\"database\":null}",
        "{\"backend\":\"qdrant\",\"operation\":\"unknown\",\"access\":\"admin\",\"scope\":\"global\","
            + "\"collections\":[],\"database\":null}");
  }

  @Test
  void badLinesGetAnErrorObject() {
    CliRun run = classify("""
        pinecone http GET /
        qdrant http POST
        qdrant http POST /collections/a%2Fb/points/search {}
        qdrant http POST /collections/docs/points/search {"limit":1,"limit":2}
        qdrant ftp GET /
        """);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().toList()).containsExactly(
        "{\"error\":\"unknown backend 'pinecone'; valid backends: qdrant, milvus, chroma\"}",
        "{\"error\":\"expected 'BACKEND http METHOD PATH [BODY]', but was 'qdrant http POST'\"}",
        "{\"error\":\"the path '/collections/a%2Fb/points/search' has a segment ('a%2Fb') that decodes to a name "
            + "containing '/'\"}",
        "{\"error\":\"the body of POST /collections/{c}/points/search is not valid JSON: Duplicate field 'limit'\"}",
        "{\"error\":\"unknown protocol 'ftp'; expected http\"}");
  }

  @Test
  void policyExplainClassifiesARawRequest() throws Exception {
    Path body = dir.resolve("body.json");
    Files.writeString(body, "{\"query\":[1],\"lookup_from\":{\"collection\":\"hr-salaries\"}}");
    CliRun allowed = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload", RAG,
        "--actor", "tenant=tenant-a", "--backend", "qdrant", "--http", "POST /collections/docs/points/search",
        "--body", "{\"vector\":[1],\"limit\":3}");
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    assertThat(JSON.readTree(allowed.out()).get("rules").toString()).isEqualTo("[\"rag-searches-own-tenant\"]");

    CliRun smuggled = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload", RAG,
        "--actor", "tenant=tenant-a", "--backend", "qdrant", "--http", "POST /collections/docs/points/query",
        "--body", "@" + body);
    assertThat(smuggled.exitCode()).as(smuggled.err()).isZero();
    JsonNode json = JSON.readTree(smuggled.out());
    assertThat(json.get("effect").asText()).isEqualTo("deny");
  }

  @Test
  void policyExplainRejectsAnUnclassifiableRequest() {
    CliRun run = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload", RAG,
        "--backend", "qdrant", "--http", "POST /collections/%2e%2e/points/search");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("vectorguard policy explain: the request cannot be classified: the path "
        + "'/collections/%2e%2e/points/search' has a dot segment ('%2e%2e'), which servers and proxies resolve "
        + "differently\n");
    CliRun both = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload", RAG,
        "--backend", "qdrant", "--http", "GET /collections", "--operation", "search");
    assertThat(both.err()).isEqualTo("vectorguard policy explain: --http classifies the call itself; drop "
        + "--operation, --collection, --database and --access\n");
    assertThat(List.of(both.exitCode())).containsExactly(2);
  }
}
