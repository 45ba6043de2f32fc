package dev.vectorguard.testkit;

import io.grpc.Status;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.NamedVectorsOutput;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.Vectors;
import io.qdrant.client.grpc.Points.VectorsOutput;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Collections and points of the Qdrant test server; thread-safe (each collection is locked on use). */
final class QdrantStore {
  /** One stored point. */
  record StoredPoint(PointId id, Map<String, Value> payload, Vectors vectors) {}

  /** One collection: its distance and its points in insertion order. */
  static final class Collection {
    final String name;
    final Distance distance;
    final Map<PointId, StoredPoint> points = new LinkedHashMap<>();

    Collection(String name, Distance distance) {
      this.name = name;
      this.distance = distance;
    }
  }

  private final Map<String, Collection> collections = new ConcurrentHashMap<>();
  /** Alias to collection name; data calls accept either, as Qdrant does. */
  final Map<String, String> aliases = new ConcurrentHashMap<>();

  boolean create(String name, Distance distance) {
    return collections.putIfAbsent(name, new Collection(name, distance)) == null;
  }

  boolean drop(String name) {
    return collections.remove(name) != null;
  }

  List<String> names() {
    return collections.keySet().stream().sorted().toList();
  }

  @Nullable Collection find(String name) {
    return collections.get(aliases.getOrDefault(name, name));
  }

  Collection require(String name) {
    Collection collection = find(name);
    if (collection == null) {
      throw Status.NOT_FOUND.withDescription("Not found: Collection `" + name + "` doesn't exist!")
          .asRuntimeException();
    }
    return collection;
  }

  /** Inserts or replaces points; an existing point is replaced only when it matches {@code updateFilter}. */
  static void upsert(Collection c, List<PointStruct> points, @Nullable Filter updateFilter) {
    synchronized (c) {
      for (PointStruct p : points) {
        StoredPoint existing = c.points.get(p.getId());
        if (existing != null && updateFilter != null
            && !QdrantFilters.matches(updateFilter, existing.id(), existing.payload())) {
          continue;
        }
        c.points.put(p.getId(), new StoredPoint(p.getId(), Map.copyOf(p.getPayloadMap()), p.getVectors()));
      }
    }
  }

  static List<StoredPoint> select(Collection c, Predicate<StoredPoint> predicate) {
    synchronized (c) {
      return c.points.values().stream().filter(predicate).toList();
    }
  }

  static Predicate<StoredPoint> filter(@Nullable Filter filter) {
    return filter == null ? p -> true : p -> QdrantFilters.matches(filter, p.id(), p.payload());
  }

  /** Scores every point matching {@code filter} against {@code query}, best first. */
  static List<ScoredCandidate> search(Collection c, List<Float> query, String vectorName, @Nullable Filter filter) {
    List<ScoredCandidate> scored = new ArrayList<>();
    for (StoredPoint p : select(c, filter(filter))) {
      List<Float> v = dense(p.vectors(), vectorName);
      if (v != null && v.size() == query.size()) {
        scored.add(new ScoredCandidate(p, score(c.distance, query, v)));
      }
    }
    scored.sort(Comparator.comparingDouble(ScoredCandidate::score).reversed());
    return scored;
  }

  record ScoredCandidate(StoredPoint point, float score) {}

  static float score(Distance distance, List<Float> a, List<Float> b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    double l2 = 0;
    double l1 = 0;
    for (int i = 0; i < a.size(); i++) {
      double x = a.get(i);
      double y = b.get(i);
      dot += x * y;
      na += x * x;
      nb += y * y;
      l2 += (x - y) * (x - y);
      l1 += Math.abs(x - y);
    }
    return (float) switch (distance) {
      case Dot -> dot;
      case Euclid -> -Math.sqrt(l2);
      case Manhattan -> -l1;
      default -> na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    };
  }

  static @Nullable List<Float> dense(Vectors vectors, String name) {
    if (vectors.hasVector() && name.isEmpty()) {
      return dense(vectors.getVector());
    }
    if (vectors.hasVectors()) {
      Vector v = vectors.getVectors().getVectorsMap().get(name);
      return v == null ? null : dense(v);
    }
    return null;
  }

  // Older clients still send the deprecated flat data field.
  @SuppressWarnings("deprecation")
  static List<Float> dense(Vector v) {
    return v.hasDense() ? v.getDense().getDataList() : v.getDataList();
  }

  /** When set, every point read comes back with all its vectors, whatever the request's {@code with_vectors}. */
  volatile boolean ignoreWithVectors;

  ScoredPoint scored(ScoredCandidate c, WithPayloadSelector withPayload, @Nullable WithVectorsSelector withVectors) {
    ScoredPoint.Builder b = ScoredPoint.newBuilder().setId(c.point().id()).setScore(c.score()).setVersion(1)
        .putAllPayload(payload(c.point().payload(), withPayload));
    VectorsOutput vectors = output(c.point().vectors(), effective(withVectors));
    if (vectors != null) {
      b.setVectors(vectors);
    }
    return b.build();
  }

  RetrievedPoint retrieved(StoredPoint p, WithPayloadSelector withPayload, @Nullable WithVectorsSelector withVectors) {
    RetrievedPoint.Builder b = RetrievedPoint.newBuilder().setId(p.id()).putAllPayload(payload(p.payload(), withPayload));
    VectorsOutput vectors = output(p.vectors(), effective(withVectors));
    if (vectors != null) {
      b.setVectors(vectors);
    }
    return b.build();
  }

  private @Nullable WithVectorsSelector effective(@Nullable WithVectorsSelector s) {
    return ignoreWithVectors ? WithVectorsSelector.newBuilder().setEnable(true).build() : s;
  }

  private static Map<String, Value> payload(Map<String, Value> payload, WithPayloadSelector s) {
    if (s.hasInclude()) {
      Map<String, Value> out = new LinkedHashMap<>();
      s.getInclude().getFieldsList().forEach(f -> {
        if (payload.containsKey(f)) {
          out.put(f, payload.get(f));
        }
      });
      return out;
    }
    if (s.hasExclude()) {
      Map<String, Value> out = new LinkedHashMap<>(payload);
      s.getExclude().getFieldsList().forEach(out::remove);
      return out;
    }
    return s.hasEnable() && s.getEnable() ? payload : Map.of();
  }

  /**
   * A point's vectors as Qdrant returns them for {@code with_vectors}: none unless enabled or
   * included; an unnamed vector only when enabled; named vectors filtered by {@code include}.
   */
  private static @Nullable VectorsOutput output(Vectors v, @Nullable WithVectorsSelector s) {
    if (s == null || s.hasEnable() && !s.getEnable() || !s.hasEnable() && !s.hasInclude()) {
      return null;
    }
    if (v.hasVector()) {
      return s.hasEnable() ? VectorsOutput.newBuilder().setVector(outputOf(v.getVector())).build() : null;
    }
    NamedVectorsOutput.Builder named = NamedVectorsOutput.newBuilder();
    v.getVectors().getVectorsMap().forEach((k, x) -> {
      if (s.hasEnable() || s.getInclude().getNamesList().contains(k)) {
        named.putVectors(k, outputOf(x));
      }
    });
    return VectorsOutput.newBuilder().setVectors(named).build();
  }

  /** A stored vector in the output form of its kind: dense, sparse or multi-dense. */
  @SuppressWarnings("deprecation")
  private static VectorOutput outputOf(Vector v) {
    VectorOutput.Builder out = VectorOutput.newBuilder();
    if (v.hasSparse()) {
      return out.setSparse(v.getSparse()).build();
    }
    if (v.hasMultiDense()) {
      return out.setMultiDense(v.getMultiDense()).build();
    }
    if (v.hasIndices()) {
      return out.setSparse(io.qdrant.client.grpc.Points.SparseVector.newBuilder().addAllValues(v.getDataList())
          .addAllIndices(v.getIndices().getDataList())).build();
    }
    if (v.hasVectorsCount() && v.getVectorsCount() > 1) {
      int per = v.getDataCount() / v.getVectorsCount();
      io.qdrant.client.grpc.Points.MultiDenseVector.Builder multi = io.qdrant.client.grpc.Points.MultiDenseVector
          .newBuilder();
      for (int i = 0; i + per <= v.getDataCount() && per > 0; i += per) {
        multi.addVectors(DenseVector.newBuilder().addAllData(v.getDataList().subList(i, i + per)));
      }
      return out.setMultiDense(multi).build();
    }
    // Qdrant 1.x fills the deprecated flat data beside dense; clients built before dense (LangChain4j's
    // QdrantEmbeddingStore up to 1.11 at least) read only that.
    return out.addAllData(dense(v)).setDense(DenseVector.newBuilder().addAllData(dense(v))).build();
  }
}
