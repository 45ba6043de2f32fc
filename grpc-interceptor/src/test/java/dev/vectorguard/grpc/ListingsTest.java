package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.policy.PolicyLoader;
import io.milvus.v2.service.collection.response.ListCollectionsResp;
import org.junit.jupiter.api.Test;

/** Collection listings show only what the caller could describe. */
class ListingsTest {
  private static final String POLICY = """
      version: 1
      rules:
        - id: may-list
          operations: [list_collections]
          effect: allow
        - id: reads-docs
          collections: [docs]
          actions: [read]
          effect: allow
      """;

  @Test
  void qdrantListsOnlyTheCollectionsThePolicyLetsTheCallerSee() throws Exception {
    try (QdrantFixture fx = new QdrantFixture(PolicyLoader.parse(POLICY, "listings.yaml"))) {
      assertThat(fx.client.listCollectionsAsync().get()).containsExactly("docs");
      assertThat(fx.server.calls()).hasSize(1);
    }
  }

  @Test
  void milvusListsOnlyTheCollectionsThePolicyLetsTheCallerSee() throws Exception {
    try (MilvusFixture fx = new MilvusFixture(PolicyLoader.parse(POLICY, "listings.yaml"))) {
      ListCollectionsResp resp = fx.client.listCollections();
      assertThat(resp.getCollectionNames()).containsExactly("docs");
    }
  }
}
