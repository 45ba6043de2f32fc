package dev.vectorguard.testkit;

import dev.vectorguard.testkit.QdrantStore.Collection;
import dev.vectorguard.testkit.QdrantStore.ScoredCandidate;
import dev.vectorguard.testkit.QdrantStore.StoredPoint;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.GroupId;
import io.qdrant.client.grpc.Points.GroupsResult;
import io.qdrant.client.grpc.Points.PointGroup;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.QueryBatchPoints;
import io.qdrant.client.grpc.Points.QueryBatchResponse;
import io.qdrant.client.grpc.Points.QueryGroupsResponse;
import io.qdrant.client.grpc.Points.QueryPointGroups;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SearchBatchPoints;
import io.qdrant.client.grpc.Points.SearchBatchResponse;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.SetPayloadPoints;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qdrant.client.grpc.Points.WithLookup;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.PointsGrpc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** {@code qdrant.Points} over {@link QdrantStore}: point reads and writes with brute-force search. */
final class QdrantPointsService extends PointsGrpc.PointsImplBase {
  private final QdrantStore store;
  private final ResponseGate gate;

  QdrantPointsService(QdrantStore store, ResponseGate gate) {
    this.store = store;
    this.gate = gate;
  }

  @Override
  public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> response) {
    reply(gate, response, () -> {
      QdrantStore.upsert(store.require(request.getCollectionName()), request.getPointsList(),
          request.hasUpdateFilter() ? request.getUpdateFilter() : null);
      return done();
    });
  }

  @Override
  public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> response) {
    reply(gate, response, () -> {
      Collection c = store.require(request.getCollectionName());
      synchronized (c) {
        if (request.getPoints().hasPoints()) {
          request.getPoints().getPoints().getIdsList().forEach(c.points::remove);
        } else {
          Filter filter = request.getPoints().getFilter();
          c.points.values().removeIf(p -> QdrantFilters.matches(filter, p.id(), p.payload()));
        }
      }
      return done();
    });
  }

  @Override
  public void setPayload(SetPayloadPoints request, StreamObserver<PointsOperationResponse> response) {
    reply(gate, response, () -> {
      Collection c = store.require(request.getCollectionName());
      synchronized (c) {
        for (StoredPoint p : List.copyOf(c.points.values())) {
          boolean selected = request.getPointsSelector().hasPoints()
              ? request.getPointsSelector().getPoints().getIdsList().contains(p.id())
              : QdrantFilters.matches(request.getPointsSelector().getFilter(), p.id(), p.payload());
          if (selected) {
            Map<String, Value> payload = new LinkedHashMap<>(p.payload());
            payload.putAll(request.getPayloadMap());
            c.points.put(p.id(), new StoredPoint(p.id(), Map.copyOf(payload), p.vectors()));
          }
        }
      }
      return done();
    });
  }

  @Override
  public void get(GetPoints request, StreamObserver<GetResponse> response) {
    reply(gate, response, () -> {
      Collection c = store.require(request.getCollectionName());
      GetResponse.Builder out = GetResponse.newBuilder();
      for (StoredPoint p : QdrantStore.select(c, p -> request.getIdsList().contains(p.id()))) {
        out.addResult(store.retrieved(p, request.getWithPayload(),
            request.hasWithVectors() ? request.getWithVectors() : null));
      }
      return out.build();
    });
  }

  @Override
  public void scroll(ScrollPoints request, StreamObserver<ScrollResponse> response) {
    reply(gate, response, () -> {
      Collection c = store.require(request.getCollectionName());
      int limit = request.hasLimit() ? request.getLimit() : 10;
      ScrollResponse.Builder out = ScrollResponse.newBuilder();
      List<StoredPoint> points = QdrantStore.select(c, QdrantStore.filter(request.hasFilter() ? request.getFilter() : null));
      if (request.hasOrderBy()) {
        // Ordered by a numeric payload key; each point carries the value it was ordered by.
        String key = request.getOrderBy().getKey();
        boolean descending = request.getOrderBy().getDirection() == io.qdrant.client.grpc.Points.Direction.Desc;
        Comparator<StoredPoint> byValue = Comparator.comparingDouble(p -> orderValue(p, key));
        points = points.stream().filter(p -> isNumber(p.payload().get(key)))
            .sorted(descending ? byValue.reversed() : byValue).toList();
      }
      points.stream().limit(limit).forEach(p -> {
        var point = store.retrieved(p, request.getWithPayload(), request.hasWithVectors() ? request.getWithVectors() : null);
        if (request.hasOrderBy()) {
          Value v = p.payload().get(request.getOrderBy().getKey());
          point = point.toBuilder().setOrderValue(v.hasIntegerValue()
              ? io.qdrant.client.grpc.Points.OrderValue.newBuilder().setInt(v.getIntegerValue())
              : io.qdrant.client.grpc.Points.OrderValue.newBuilder().setFloat(v.getDoubleValue())).build();
        }
        out.addResult(point);
      });
      return out.build();
    });
  }

  @Override
  public void count(CountPoints request, StreamObserver<CountResponse> response) {
    reply(gate, response, () -> {
      Collection c = store.require(request.getCollectionName());
      long n = QdrantStore.select(c, QdrantStore.filter(request.hasFilter() ? request.getFilter() : null)).size();
      return CountResponse.newBuilder().setResult(CountResult.newBuilder().setCount(n)).build();
    });
  }

  @Override
  public void search(SearchPoints request, StreamObserver<SearchResponse> response) {
    reply(gate, response, () -> SearchResponse.newBuilder().addAllResult(search(request.getCollectionName(), request)).build());
  }

  @Override
  public void searchBatch(SearchBatchPoints request, StreamObserver<SearchBatchResponse> response) {
    reply(gate, response, () -> {
      SearchBatchResponse.Builder out = SearchBatchResponse.newBuilder();
      for (SearchPoints s : request.getSearchPointsList()) {
        out.addResult(BatchResult.newBuilder().addAllResult(search(request.getCollectionName(), s)));
      }
      return out.build();
    });
  }

  @Override
  public void query(QueryPoints request, StreamObserver<QueryResponse> response) {
    reply(gate, response, () -> QueryResponse.newBuilder().addAllResult(query(request.getCollectionName(), request)).build());
  }

  @Override
  public void queryBatch(QueryBatchPoints request, StreamObserver<QueryBatchResponse> response) {
    reply(gate, response, () -> {
      QueryBatchResponse.Builder out = QueryBatchResponse.newBuilder();
      for (QueryPoints q : request.getQueryPointsList()) {
        out.addResult(BatchResult.newBuilder().addAllResult(query(request.getCollectionName(), q)));
      }
      return out.build();
    });
  }

  @Override
  public void queryGroups(QueryPointGroups request, StreamObserver<QueryGroupsResponse> response) {
    reply(gate, response, () -> {
      Collection c = store.require(request.getCollectionName());
      List<ScoredCandidate> ranked = rank(c, request.hasQuery() ? request.getQuery().getNearest() : null,
          request.getUsing(), request.hasFilter() ? request.getFilter() : null);
      long limit = request.hasLimit() ? request.getLimit() : 10;
      long groupSize = request.hasGroupSize() ? request.getGroupSize() : 3;
      Map<Value, List<ScoredCandidate>> groups = new LinkedHashMap<>();
      for (ScoredCandidate candidate : ranked) {
        Value key = candidate.point().payload().get(request.getGroupBy());
        if (key == null || !(key.hasStringValue() || key.hasIntegerValue())) {
          continue;
        }
        List<ScoredCandidate> hits = groups.get(key);
        if (hits == null) {
          if (groups.size() >= limit) {
            continue;
          }
          hits = new ArrayList<>();
          groups.put(key, hits);
        }
        if (hits.size() < groupSize) {
          hits.add(candidate);
        }
      }
      GroupsResult.Builder result = GroupsResult.newBuilder();
      groups.forEach((key, hits) -> {
        GroupId id = key.hasStringValue() ? GroupId.newBuilder().setStringValue(key.getStringValue()).build()
            : GroupId.newBuilder().setIntegerValue(key.getIntegerValue()).build();
        PointGroup.Builder group = PointGroup.newBuilder().setId(id);
        hits.forEach(h -> group.addHits(store.scored(h, request.getWithPayload(),
            request.hasWithVectors() ? request.getWithVectors() : null)));
        if (request.hasWithLookup()) {
          lookup(request.getWithLookup(), key).ifPresent(group::setLookup);
        }
        result.addGroups(group);
      });
      return QueryGroupsResponse.newBuilder().setResult(result).build();
    });
  }

  private java.util.Optional<io.qdrant.client.grpc.Points.RetrievedPoint> lookup(WithLookup lookup, Value key) {
    PointId id = key.hasIntegerValue() ? PointId.newBuilder().setNum(key.getIntegerValue()).build()
        : PointId.newBuilder().setUuid(key.getStringValue()).build();
    WithPayloadSelector payload = lookup.hasWithPayload() ? lookup.getWithPayload()
        : WithPayloadSelector.newBuilder().setEnable(true).build();
    return QdrantStore.select(store.require(lookup.getCollection()), p -> p.id().equals(id)).stream().findFirst()
        .map(p -> store.retrieved(p, payload, lookup.hasWithVectors() ? lookup.getWithVectors() : null));
  }

  private List<ScoredPoint> search(String collection, SearchPoints request) {
    Collection c = store.require(collection);
    List<ScoredCandidate> ranked = QdrantStore.search(c, request.getVectorList(),
        request.hasVectorName() ? request.getVectorName() : "", request.hasFilter() ? request.getFilter() : null);
    return ranked.stream()
        .filter(s -> !request.hasScoreThreshold() || s.score() >= request.getScoreThreshold())
        .skip(request.hasOffset() ? request.getOffset() : 0)
        .limit(request.getLimit())
        .map(s -> store.scored(s, request.getWithPayload(), request.hasWithVectors() ? request.getWithVectors() : null))
        .toList();
  }

  private List<ScoredPoint> query(String collection, QueryPoints request) {
    Collection c = store.require(collection);
    List<ScoredCandidate> ranked = rank(c, request.hasQuery() ? request.getQuery().getNearest() : null,
        request.getUsing(), request.hasFilter() ? request.getFilter() : null);
    return ranked.stream()
        .skip(request.hasOffset() ? request.getOffset() : 0)
        .limit(request.hasLimit() ? request.getLimit() : 10)
        .map(s -> store.scored(s, request.getWithPayload(), request.hasWithVectors() ? request.getWithVectors() : null))
        .toList();
  }

  private static List<ScoredCandidate> rank(Collection c, @Nullable VectorInput nearest, String using, @Nullable Filter filter) {
    if (nearest == null || nearest.getVariantCase() == VectorInput.VariantCase.VARIANT_NOT_SET) {
      return QdrantStore.select(c, QdrantStore.filter(filter)).stream().map(p -> new ScoredCandidate(p, 0f)).toList();
    }
    List<Float> vector;
    if (nearest.hasDense()) {
      vector = nearest.getDense().getDataList();
    } else if (nearest.hasId()) {
      StoredPoint example = QdrantStore.select(c, p -> p.id().equals(nearest.getId())).stream().findFirst()
          .orElseThrow(() -> Status.NOT_FOUND.withDescription("No point with id " + nearest.getId()).asRuntimeException());
      vector = QdrantStore.dense(example.vectors(), using);
      if (vector == null) {
        throw Status.INVALID_ARGUMENT.withDescription("the example point has no vector '" + using + "'").asRuntimeException();
      }
    } else {
      throw Status.UNIMPLEMENTED.withDescription("the Qdrant test server supports nearest dense and id queries only")
          .asRuntimeException();
    }
    return QdrantStore.search(c, vector, using, filter);
  }

  private static boolean isNumber(@Nullable Value v) {
    return v != null && (v.hasIntegerValue() || v.hasDoubleValue());
  }

  private static double orderValue(StoredPoint p, String key) {
    Value v = p.payload().get(key);
    return v.hasIntegerValue() ? v.getIntegerValue() : v.getDoubleValue();
  }

  private static PointsOperationResponse done() {
    return PointsOperationResponse.newBuilder()
        .setResult(UpdateResult.newBuilder().setOperationId(0).setStatus(UpdateStatus.Completed)).build();
  }

  static <T> void reply(ResponseGate gate, StreamObserver<T> response, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (RuntimeException e) {
      gate.run(() -> response.onError(e instanceof io.grpc.StatusRuntimeException ? e
          : Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException()));
      return;
    }
    gate.run(() -> {
      response.onNext(value);
      response.onCompleted();
    });
  }
}
