package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.policy.PolicyLoader;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The gRPC adapters under a policy written in the policy language, as users write it. */
class YamlPolicyGrpcTest {
  private static final String POLICY = """
      version: 1
      defaults: { effect: deny }
      rules:
        - id: rag-reads-docs
          when:
            workload: "spiffe://test/ns/app/sa/rag"
            actor.tenant: "*"
          collections: ["docs"]
          actions: [read]
          effect: allow
          obligations:
            max_results: 2
            vectors: strip
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
        - id: never-secret
          collections: ["secret"]
          actions: [read, write, manage, admin]
          effect: deny
      """;

  @Test
  void qdrantSearchIsConfinedToTheActorsTenantCappedAndStripped() throws Exception {
    try (QdrantFixture fx = new QdrantFixture(PolicyLoader.parse(POLICY, "policy.yaml"))) {
      SearchPoints search = SearchPoints.newBuilder().setCollectionName("docs").addAllVector(List.of(1f, 0f))
          .setLimit(10).setWithPayload(WithPayloadSelectorFactory.enable(true))
          .setWithVectors(WithVectorsSelectorFactory.enable(true)).build();
      List<ScoredPoint> hits;
      try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("globex").build())) {
        hits = fx.client.searchAsync(search).get();
        ExecutionException denied = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> fx.client.searchAsync(search.toBuilder().setCollectionName("secret").build()).get());
        assertThat(((StatusRuntimeException) denied.getCause()).getStatus().getCode())
            .isEqualTo(Status.Code.PERMISSION_DENIED);
      }
      assertThat(hits).extracting(p -> p.getId().getNum()).containsExactly(3L, 4L);
      assertThat(hits).allSatisfy(p -> assertThat(p.hasVectors()).isFalse());
      assertThat(fx.server.calls()).hasSize(1);
    }
  }

  @Test
  void anAliasIsDecidedOnTheCollectionBehindItOnceTheGuardHasSeenIt() throws Exception {
    String policy = """
        version: 1
        rules:
          - id: reads-anything
            collections: ["*"]
            actions: [read]
            effect: allow
          - id: may-list-aliases
            operations: [list_aliases]
            effect: allow
          - id: never-secret
            collections: ["secret"]
            actions: [read, write, manage, admin]
            effect: deny
        """;
    try (QdrantFixture fx = new QdrantFixture(PolicyLoader.parse(policy, "aliases.yaml"))) {
      fx.server.createAlias("harmless", "secret");
      fx.client.listAliasesAsync().get();
      fx.server.clearCalls();
      SearchPoints search = SearchPoints.newBuilder().setCollectionName("harmless").addAllVector(List.of(1f, 0f))
          .setLimit(10).build();

      ExecutionException denied = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> fx.client.searchAsync(search).get());

      assertThat(((StatusRuntimeException) denied.getCause()).getStatus().getDescription())
          .contains("never-secret");
      assertThat(fx.server.calls()).isEmpty();
    }
  }

  @Test
  void milvusSearchIsConfinedToTheActorsTenant() throws Exception {
    try (MilvusFixture fx = new MilvusFixture(PolicyLoader.parse(POLICY, "policy.yaml"))) {
      SearchReq search = SearchReq.builder().collectionName("docs").annsField("vector")
          .data(List.of(new FloatVec(new float[] {1f, 0f}))).limit(10).outputFields(List.of("tenant")).build();
      SearchResp resp;
      try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
        resp = fx.client.search(search);
      }
      assertThat(resp.getSearchResults().get(0)).extracting(r -> r.getEntity().get("tenant"))
          .containsExactly("acme", "acme");
      assertThatThrownBy(() -> fx.client.search(search)).isInstanceOf(MilvusClientException.class)
          .hasMessageContaining("Vectorguard refused milvus search on [docs]");
    }
  }
}
