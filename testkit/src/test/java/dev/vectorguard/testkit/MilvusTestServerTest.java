package dev.vectorguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class MilvusTestServerTest {
  @Test
  void listensOnLoopbackOnly() {
    try (MilvusTestServer server = MilvusTestServer.start()) {
      assertThat(server.listenAddresses()).singleElement()
          .isInstanceOfSatisfying(InetSocketAddress.class, a -> {
            assertThat(a.getAddress().isLoopbackAddress()).as("%s is loopback", a).isTrue();
            assertThat(a.getPort()).isEqualTo(server.port());
          });
      assertThat(server.uri()).isEqualTo("http://127.0.0.1:" + server.port());
    }
  }

  @Test
  void servesTheSdksRpcsAndAnswersOthersUnimplemented() {
    try (MilvusTestServer server = MilvusTestServer.start()) {
      server.createCollection("docs", 2, List.of("tenant"));
      MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(server.uri()).build());
      try {
        assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("docs").build())).isTrue();
        assertThatThrownBy(() -> client.listPartitions(ListPartitionsReq.builder().collectionName("docs").build()))
            .hasMessageContaining("UNIMPLEMENTED");
      } finally {
        client.close();
      }
    }
  }
}
