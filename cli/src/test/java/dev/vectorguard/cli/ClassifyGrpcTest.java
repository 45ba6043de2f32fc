package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClassifyGrpcTest {

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
  void grpcLinesAreClassifiedByTheAdaptersDialects() {
    CliRun run = classify("""
        qdrant grpc qdrant.Points/Search {"collectionName": "docs", "limit": 3}
        qdrant grpc qdrant.Points/Query {"collectionName": "docs", "lookupFrom": {"collectionName": "hr"}}
        qdrant grpc qdrant.Collections/List
        qdrant grpc qdrant.StorageRead/ReadWhole {"collectionName": "docs"}
        milvus grpc milvus.proto.milvus.MilvusService/Query {"collectionName": "orders", "dbName": "sales"}
        milvus grpc milvus.proto.milvus.MilvusService/HasCollection {"collectionName": "orders"}
        """);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).containsExactly(
        "{\"backend\":\"qdrant\",\"operation\":\"search\",\"access\":\"read\",\"scope\":\"collection\","
            + "\"collections\":[\"docs\"],\"database\":null}",
        "{\"backend\":\"qdrant\",\"operation\":\"query\",\"access\":\"read\",\"scope\":\"collection\","
            + "\"collections\":[\"docs\",\"hr\"],\"database\":null}",
        "{\"backend\":\"qdrant\",\"operation\":\"list_collections\",\"access\":\"read\",\"scope\":\"global\","
            + "\"collections\":[],\"database\":null}",
        "{\"backend\":\"qdrant\",\"operation\":\"unknown\",\"access\":\"admin\",\"scope\":\"collection\","
            + "\"collections\":[\"docs\"],\"database\":null}",
        "{\"backend\":\"milvus\",\"operation\":\"query\",\"access\":\"read\",\"scope\":\"collection\","
            + "\"collections\":[\"orders\"],\"database\":\"sales\"}",
        "{\"backend\":\"milvus\",\"operation\":\"describe_collection\",\"access\":\"read\","
            + "\"scope\":\"collection\",\"collections\":[\"orders\"],\"database\":\"default\"}");
  }

  @Test
  void badGrpcLinesGetAnErrorObject() {
    CliRun run = classify("""
        qdrant grpc
        milvus grpc qdrant.Points/Search {}
        qdrant grpc qdrant.Points/Search {"collectionName": 7,
        qdrant grpc evil.Service/Method
        """);

    assertThat(run.out().lines().toList()).containsExactly(
        "{\"error\":\"expected 'BACKEND grpc SERVICE/METHOD [MESSAGE-JSON]', but was 'qdrant grpc'\"}",
        "{\"error\":\"qdrant.Points/Search is a qdrant method, not milvus\"}",
        "{\"error\":\"the message is not a valid qdrant.SearchPoints in protobuf JSON: "
            + "java.io.EOFException: End of input at line 1 column 22 path $.collectionName\"}",
        "{\"error\":\"unknown gRPC service 'evil.Service'; known: qdrant.Points, qdrant.Collections, "
            + "qdrant.Snapshots, qdrant.Qdrant, qdrant.StorageRead, grpc.health.v1.Health, "
            + "milvus.proto.milvus.MilvusService\"}");
  }
}
