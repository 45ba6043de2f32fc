package dev.vectorguard.grpc;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.OrderBy;
import io.qdrant.client.grpc.Points.PointGroup;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPointGroups;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.WithLookup;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Under {@code vectors: strip}, no vector comes back through the official Qdrant client in any
 * form ({@code VectorsOutput} of one dense vector, of named dense, sparse and multi-dense vectors,
 * of one multi-dense vector) from any response shape ({@code ScoredPoint} of search and query,
 * their batches' {@code BatchResult}s, groups' hits and lookups, {@code RetrievedPoint} of get and
 * scroll): the request asks for none, and when the test server ignores that and sends them anyway
 * the response loses them, each vector counted.
 */
class QdrantVectorStripTest {
  private static final Obligations STRIP = Obligations.builder().stripVectors(true).build();

  private QdrantFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private void start(Obligations obligations) {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs", "media", "multi"), AccessLevel.READ,
        obligations).build());
    fx.server.createCollection("media", Distance.Cosine);
    fx.server.createCollection("multi", Distance.Cosine);
    List<PointStruct> media = new ArrayList<>();
    List<PointStruct> multi = new ArrayList<>();
    for (long i = 1; i <= 3; i++) {
      media.add(PointStruct.newBuilder().setId(id(i)).putAllPayload(Map.of("ref", value(1), "rank", value(10 - i)))
          .setVectors(VectorsFactory.namedVectors(Map.of(
              "text", VectorFactory.vector(1f, i / 10f),
              "keywords", VectorFactory.vector(List.of(0.5f, 0.25f), List.of(3, (int) (10 + i))),
              "colbert", VectorFactory.multiVector(new float[][] {{1f, 0f}, {0f, 1f}, {0.5f, 0.5f}}))))
          .build());
      multi.add(PointStruct.newBuilder().setId(id(i)).putAllPayload(Map.of("rank", value(i)))
          .setVectors(VectorsFactory.vectors(VectorFactory.multiVector(new float[][] {{1f, 0f}, {0f, 1f}})))
          .build());
    }
    fx.server.upsert("media", media);
    fx.server.upsert("multi", multi);
  }

  private static final WithVectorsSelector ALL = WithVectorsSelectorFactory.enable(true);

  /** The points of one call of {@code shape} on {@code collection}, asking for every vector. */
  private List<Message> points(String shape, String collection) throws Exception {
    String using = collection.equals("media") ? "text" : "";
    SearchPoints search = SearchPoints.newBuilder().setCollectionName(collection).addAllVector(List.of(1f, 0f))
        .setVectorName(using).setLimit(10).setWithPayload(WithPayloadSelectorFactory.enable(true))
        .setWithVectors(ALL).build();
    QueryPoints query = QueryPoints.newBuilder().setCollectionName(collection).setQuery(QueryFactory.nearest(1f, 0f))
        .setUsing(using).setLimit(10).setWithVectors(ALL).build();
    List<Message> out = new ArrayList<>();
    switch (shape) {
      case "search" -> out.addAll(fx.client.searchAsync(search).get());
      case "search-batch" -> fx.client.searchBatchAsync(collection, List.of(search, search), null).get()
          .forEach(b -> out.addAll(b.getResultList()));
      case "query" -> out.addAll(fx.client.queryAsync(query).get());
      case "query-batch" -> fx.client.queryBatchAsync(collection, List.of(query, query)).get().stream()
          .map(BatchResult::getResultList).forEach(out::addAll);
      case "groups" -> {
        for (PointGroup g : fx.client.queryGroupsAsync(QueryPointGroups.newBuilder().setCollectionName(collection)
            .setQuery(QueryFactory.nearest(1f, 0f)).setUsing(using).setGroupBy("ref").setGroupSize(3).setLimit(5)
            .setWithVectors(ALL).setWithLookup(WithLookup.newBuilder().setCollection(collection).setWithVectors(ALL))
            .build()).get()) {
          out.addAll(g.getHitsList());
          out.add(g.getLookup());
        }
      }
      case "get" -> out.addAll(fx.client.retrieveAsync(GetPoints.newBuilder().setCollectionName(collection)
          .addAllIds(List.of(id(1), id(2), id(3))).setWithVectors(ALL).build(), null).get());
      case "scroll" -> out.addAll(fx.client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(collection)
          .setLimit(10).setWithVectors(ALL).build()).get().getResultList());
      default -> throw new IllegalArgumentException(shape);
    }
    return out;
  }

  private static boolean hasVectors(Message point) {
    return point instanceof RetrievedPoint r ? r.hasVectors()
        : ((io.qdrant.client.grpc.Points.ScoredPoint) point).hasVectors();
  }

  private long vectorsStripped() {
    List<AuditEvent> completed = fx.audit.ofType(AuditEvent.CALL_COMPLETED);
    return (Long) completed.get(completed.size() - 1).get("masked.vectors_stripped");
  }

  /** The test server returns each vector kind as stored when the guard strips nothing. */
  @Test
  void withoutStrippingEveryKindComesBack() throws Exception {
    start(Obligations.builder().maxResults(10).build());

    RetrievedPoint point = (RetrievedPoint) points("get", "media").get(0);

    assertThat(point.getVectors().getVectors().getVectorsMap()).containsOnlyKeys("text", "keywords", "colbert")
        .satisfies(v -> {
          assertThat(v.get("text").getDense().getDataList()).containsExactly(1f, 0.1f);
          assertThat(v.get("keywords").getSparse().getIndicesList()).containsExactly(3, 11);
          assertThat(v.get("colbert").getMultiDense().getVectorsList()).hasSize(3);
        });
    assertThat(((RetrievedPoint) points("get", "multi").get(0)).getVectors().getVector().getMultiDense()
        .getVectorsCount()).isEqualTo(2);
  }

  /**
   * Per point: docs 1 dense vector; media 5 (a dense, a sparse and a multi-vector of 3); multi 2.
   * Groups hold the 3 hits of group {@code ref=1} and its lookup, point 1.
   */
  @ParameterizedTest(name = "{1} {0}")
  @CsvSource(textBlock = """
      search,       docs,  4
      search,       media, 15
      search-batch, docs,  8
      search-batch, media, 30
      query,        docs,  4
      query,        media, 15
      query-batch,  docs,  8
      query-batch,  media, 30
      groups,       media, 20
      get,          docs,  3
      get,          media, 15
      get,          multi, 6
      scroll,       docs,  4
      scroll,       media, 15
      scroll,       multi, 6
      """)
  void vectorsTheServerSendsAnywayAreStrippedAndCounted(String shape, String collection, long vectors)
      throws Exception {
    start(STRIP);
    fx.server.ignoreWithVectors(true);

    List<Message> points = points(shape, collection);

    assertThat(points).isNotEmpty().noneMatch(QdrantVectorStripTest::hasVectors);
    assertThat(vectorsStripped()).isEqualTo(vectors);
  }

  /** Every selector asking for vectors, named ones included, is turned off in what is sent. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"search", "search-batch", "query", "query-batch", "groups", "get", "scroll"})
  void noVectorIsAskedFor(String shape) throws Exception {
    start(STRIP);

    assertThat(points(shape, "media")).isNotEmpty().noneMatch(QdrantVectorStripTest::hasVectors);

    Message sent = (Message) fx.server.lastCall().request();
    List<Message> selectors = new ArrayList<>();
    collectSelectors(sent, selectors);
    assertThat(selectors).isNotEmpty().allSatisfy(s -> assertThat(s).isEqualTo(WithVectorsSelectorFactory.enable(false)));
    assertThat(vectorsStripped()).isZero();
  }

  @Test
  void aSelectorNamingVectorsIsTurnedOffToo() throws Exception {
    start(STRIP);

    fx.client.queryAsync(QueryPoints.newBuilder().setCollectionName("media").setQuery(QueryFactory.nearest(1f, 0f))
        .setUsing("text").setWithVectors(WithVectorsSelectorFactory.include(List.of("text", "keywords"))).build()).get();

    assertThat(((QueryPoints) fx.server.lastCall().request()).getWithVectors())
        .isEqualTo(WithVectorsSelectorFactory.enable(false));
  }

  /** The value a scroll was ordered by is no vector: stripping leaves it. */
  @Test
  void theOrderValueIsLeftAlone() throws Exception {
    start(STRIP);
    fx.server.ignoreWithVectors(true);

    List<RetrievedPoint> points = fx.client.scrollAsync(ScrollPoints.newBuilder().setCollectionName("media")
        .setOrderBy(OrderBy.newBuilder().setKey("rank")).setWithVectors(ALL).build()).get().getResultList();

    assertThat(points).extracting(p -> p.getOrderValue().getInt()).containsExactly(7L, 8L, 9L);
    assertThat(points).noneMatch(RetrievedPoint::hasVectors);
  }

  private static void collectSelectors(Message m, List<Message> out) {
    m.getAllFields().forEach((field, value) -> {
      if (field.getJavaType() != com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE) {
        return;
      }
      for (Object element : field.isRepeated() ? (List<?>) value : List.of(value)) {
        if (element instanceof WithVectorsSelector selector) {
          out.add(selector);
        } else if (element instanceof Message child) {
          collectSelectors(child, out);
        }
      }
    });
  }
}
