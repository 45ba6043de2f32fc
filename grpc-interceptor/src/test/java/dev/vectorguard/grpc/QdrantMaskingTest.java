package dev.vectorguard.grpc;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.FacetCounts;
import io.qdrant.client.grpc.Points.PointGroup;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPointGroups;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.WithLookup;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QdrantMaskingTest {
  private static final Obligations MASK_EMAIL = Obligations.builder()
      .mask(MaskRule.of("email", MaskAction.REDACT)).stripVectors(true).build();

  private QdrantFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private static SearchPoints search(String collection) {
    return SearchPoints.newBuilder().setCollectionName(collection).addAllVector(List.of(1f, 0f)).setLimit(10)
        .setWithPayload(WithPayloadSelectorFactory.enable(true))
        .setWithVectors(WithVectorsSelectorFactory.enable(true)).build();
  }

  @Test
  void searchResultsAreMaskedStrippedAndCounted() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, MASK_EMAIL).build());

    List<ScoredPoint> hits = fx.client.searchAsync(search("docs")).get();

    assertThat(hits).hasSize(4).allSatisfy(p -> {
      assertThat(p.getPayloadMap().get("email")).isEqualTo(value("[REDACTED]"));
      assertThat(p.getPayloadMap().get("title").getStringValue()).startsWith("doc ");
      assertThat(p.hasVectors()).isFalse();
    });
    AuditEvent completed = fx.audit.ofType(AuditEvent.CALL_COMPLETED).get(0);
    assertThat(completed.get("masked.fields.redact")).isEqualTo(4L);
    assertThat(completed.get("outcome.result_count")).isEqualTo(4);
  }

  @Test
  void everyBatchItemIsMasked() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, MASK_EMAIL).build());

    List<BatchResult> batches = fx.client.searchBatchAsync("docs", List.of(search("docs"), search("docs")), null).get();

    assertThat(batches).hasSize(2).allSatisfy(b -> assertThat(b.getResultList()).isNotEmpty()
        .allSatisfy(p -> assertThat(p.getPayloadMap().get("email")).isEqualTo(value("[REDACTED]"))));
  }

  @Test
  void groupHitsAndTheirLookupsAreMasked() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs", "posts"), AccessLevel.READ, MASK_EMAIL)
        .build());
    fx.server.createCollection("posts", Distance.Cosine);
    fx.server.upsert("posts", List.of(post(10, 1, 1f, 0f), post(11, 1, 0.9f, 0.1f), post(12, 3, 0.5f, 0.5f)));
    QueryPointGroups groups = QueryPointGroups.newBuilder().setCollectionName("posts").setGroupBy("author_id")
        .setQuery(io.qdrant.client.QueryFactory.nearest(1f, 0f)).setLimit(5).setGroupSize(3)
        .setWithPayload(WithPayloadSelectorFactory.enable(true))
        .setWithLookup(WithLookup.newBuilder().setCollection("docs")).build();

    List<PointGroup> result = fx.client.queryGroupsAsync(groups).get();

    assertThat(result).hasSize(2).allSatisfy(g -> {
      assertThat(g.getHitsList()).allSatisfy(h -> assertThat(h.getPayloadMap().get("email")).isEqualTo(value("[REDACTED]")));
      assertThat(g.getLookup().getPayloadMap().get("email")).isEqualTo(value("[REDACTED]"));
      assertThat(g.getLookup().getPayloadMap().get("title").getStringValue()).startsWith("doc ");
    });
  }

  @Test
  void onlyAllowedOutputFieldsComeBack() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ,
        Obligations.builder().allowedOutputFields(Set.of("title")).build()).build());

    List<ScoredPoint> hits = fx.client.searchAsync(search("docs")).get();

    assertThat(hits).allSatisfy(p -> assertThat(p.getPayloadMap()).containsOnlyKeys("title"));
  }

  @Test
  void aMaskThatCannotBePlannedRefusesTheCallBeforeAnythingIsSent() {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ,
        Obligations.builder().mask(MaskRule.of("email", MaskAction.HASH)).build()).build());

    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> fx.client.searchAsync(search("docs")).get());

    Status status = ((StatusRuntimeException) e.getCause()).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).isEqualTo("Vectorguard refused qdrant search on [docs]: its mask rules cannot"
        + " be applied: mask field 'email' uses hash, but no hash key is configured (MaskSettings.builder().hashKey(...))");
    assertThat(fx.server.calls()).isEmpty();
    assertThat(fx.audit.events()).singleElement().satisfies(ev -> {
      assertThat(ev.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(ev.get("failure")).isEqualTo("mask");
    });
  }

  @Test
  void aFacetOnAMaskedFieldIsOneCallRefusedAndNeverSent() {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ,
        Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT)).build()).build());
    FacetCounts facet = FacetCounts.newBuilder().setCollectionName("docs").setKey("email").build();

    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> fx.client.facetAsync(facet, null).get());

    Status status = ((StatusRuntimeException) e.getCause()).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).isEqualTo("Vectorguard refused qdrant facet on [docs]: faceting on 'email'"
        + " would reveal values of the masked field 'email'");
    assertThat(fx.server.calls()).isEmpty();
    assertThat(fx.audit.events()).singleElement().satisfies(ev -> {
      assertThat(ev.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(ev.get("decision.effect")).isEqualTo("allow");
      assertThat(ev.get("obligations.masks")).isEqualTo(List.of("email:redact"));
      assertThat(ev.get("reason")).isEqualTo(status.getDescription());
    });
  }

  private static PointStruct post(long id, long author, float... vector) {
    return PointStruct.newBuilder().setId(id(id)).setVectors(vectors(vector))
        .putAllPayload(Map.of("author_id", value(author), "email", value("post" + id + "@x.io"))).build();
  }
  @Test
  void groupingByAFieldOutsideTheAllowedOutputFieldsIsRefused() {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ,
        Obligations.builder().allowedOutputFields(Set.of("title")).build()).build());
    // Each group's id is a value of the group_by field: grouping by email would list the emails.
    QueryPointGroups groups = QueryPointGroups.newBuilder().setCollectionName("docs")
        .setQuery(io.qdrant.client.QueryFactory.nearest(1f, 0f)).setGroupBy("email").setGroupSize(1).setLimit(10)
        .build();

    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> fx.client.queryGroupsAsync(groups).get());

    Status status = ((StatusRuntimeException) e.getCause()).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).isEqualTo("Vectorguard refused qdrant query on [docs]: grouping by "
        + "'email' would reveal values of a field outside the allowed output fields");
    assertThat(fx.server.calls()).isEmpty();
    // Refused before it started: the trail holds one call.refused with the allowing decision, nothing else.
    assertThat(fx.audit.events()).singleElement().satisfies(ev -> {
      assertThat(ev.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(ev.get("decision.effect")).isEqualTo("allow");
      assertThat(ev.get("decision.rules")).isEqualTo(List.of("reads"));
      assertThat(ev.get("reason")).isEqualTo(status.getDescription());
    });
    assertThat(e.getCause()).isInstanceOfSatisfying(StatusRuntimeException.class, sre -> assertThat(sre.getTrailers()
        .get(io.grpc.Metadata.Key.of(GuardTrailers.RULES, io.grpc.Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("reads"));
  }
}
