package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Masks Qdrant responses: every {@code qdrant.ScoredPoint} and {@code qdrant.RetrievedPoint}, in
 * any response shape (plain, batch, groups and their lookups), has its payload masked and limited
 * to the allowed fields, its vectors (dense, sparse, multi-dense, named or not, each counted) and
 * its order value removed as required (the order value only under mask rules); points of a get and
 * group lookups, which no filter confined, are dropped unless their payload carries the tenant.
 */
final class QdrantMasker {
  private QdrantMasker() {}

  /** The types of a response's {@code result} that make it a response carrying points, even none. */
  private static final Set<String> POINT_RESULTS = Set.of("qdrant.ScoredPoint", "qdrant.RetrievedPoint",
      "qdrant.BatchResult", "qdrant.GroupsResult");
  private static final PerType<PointFields> POINT_FIELDS = new PerType<>(PointFields::of);

  /** The fields of a point type that masking clears, resolved once per type. */
  private record PointFields(@Nullable FieldDescriptor vectors, @Nullable FieldDescriptor orderValue) {
    static PointFields of(Descriptor point) {
      return new PointFields(point.findFieldByName("vectors"), point.findFieldByName("order_value"));
    }
  }

  private static final class Walk {
    final VectorCall call;
    final Obligations ob;
    final @Nullable MaskPlan plan;
    // The sum of every point's counts, kept mutable: MaskCounts.plus per point copies its maps.
    final Map<MaskAction, Long> fields = new EnumMap<>(MaskAction.class);
    final Map<String, Long> entities = new TreeMap<>();
    long records;
    int points;
    long vectors;

    Walk(VectorCall call, Obligations ob, @Nullable MaskPlan plan) {
      this.call = call;
      this.ob = ob;
      this.plan = plan;
    }

    void add(MaskCounts counts) {
      counts.fieldsByAction().forEach((action, n) -> fields.merge(action, n, Long::sum));
      counts.entitiesByType().forEach((type, n) -> entities.merge(type, n, Long::sum));
      records += counts.records();
    }

    MaskCounts counts() {
      return MaskCounts.of(fields, entities, vectors, records);
    }
  }

  static GrpcDialect.Masked mask(VectorCall call, Message response, Obligations ob, @Nullable MaskPlan plan) {
    Walk walk = new Walk(call, ob, plan);
    Message out = walk(response, walk, false, 0);
    boolean carriesPoints = walk.points > 0 || isPointResponse(response);
    return new GrpcDialect.Masked(out == null ? response.getDefaultInstanceForType() : out, walk.counts(),
        carriesPoints ? walk.points : null);
  }

  private static boolean isPointResponse(Message response) {
    FieldDescriptor result = Protos.field(response, "result");
    return result != null && result.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && POINT_RESULTS.contains(result.getMessageType().getFullName());
  }

  /** The masked message, or {@code null} when it is a point that must be dropped. */
  private static @Nullable Message walk(Message m, Walk walk, boolean tenantCheck, int depth) {
    String type = m.getDescriptorForType().getFullName();
    if (type.equals("qdrant.ScoredPoint") || type.equals("qdrant.RetrievedPoint")) {
      boolean check = tenantCheck || (walk.call.operation() == Operation.GET && type.equals("qdrant.RetrievedPoint"));
      return point(m, walk, check);
    }
    if (depth > 16) {
      return m;
    }
    Message.Builder b = null;
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isMapField()) {
        continue;
      }
      boolean lookup = type.equals("qdrant.PointGroup") && f.getName().equals("lookup");
      if (f.isRepeated()) {
        List<Object> kept = new ArrayList<>();
        boolean changed = false;
        for (Object element : (List<?>) e.getValue()) {
          Message masked = walk((Message) element, walk, lookup, depth + 1);
          changed |= masked != element;
          if (masked != null) {
            kept.add(masked);
          }
        }
        if (changed) {
          b = b == null ? m.toBuilder() : b;
          b.setField(f, kept);
        }
      } else {
        Message masked = walk((Message) e.getValue(), walk, lookup, depth + 1);
        if (masked != e.getValue()) {
          b = b == null ? m.toBuilder() : b;
          if (masked == null) {
            b.clearField(f);
          } else {
            b.setField(f, masked);
          }
        }
      }
    }
    return b == null ? m : b.build();
  }

  /**
   * The vectors in a {@code qdrant.VectorsOutput}, counted as the REST binding counts them: a
   * dense or sparse vector is one, a multi-vector one per dense vector it holds, named vectors
   * the sum of theirs.
   */
  static long vectorCount(Message vectorsOutput) {
    Message single = Protos.message(vectorsOutput, "vector");
    if (single != null) {
      return outputCount(single);
    }
    Message named = Protos.message(vectorsOutput, "vectors");
    long n = 0;
    if (named != null) {
      for (Message entry : Protos.messages(named, "vectors")) {
        Message value = Protos.message(entry, "value");
        n += value == null ? 0 : outputCount(value);
      }
    }
    return n;
  }

  /** One {@code qdrant.VectorOutput}: its oneof, else the deprecated flat {@code data}. */
  private static long outputCount(Message output) {
    Message multi = Protos.message(output, "multi_dense");
    if (multi != null) {
      return Protos.messages(multi, "vectors").size();
    }
    if (Protos.message(output, "dense") != null || Protos.message(output, "sparse") != null) {
      return 1;
    }
    if (output.getRepeatedFieldCount(Protos.field(output, "data")) == 0) {
      return 0;
    }
    Long count = Protos.number(output, "vectors_count");
    return count != null && count > 0 ? count : 1;
  }

  private static @Nullable Message point(Message point, Walk walk, boolean tenantCheck) {
    if (tenantCheck) {
      for (TenantFilter t : walk.ob.tenantFilters()) {
        if (!t.value().equals(QdrantPayloads.get(point, t.field()))) {
          return null;
        }
      }
    }
    walk.points++;
    Message.Builder b = null;
    QdrantPayloads.Result payload = QdrantPayloads.mask(point, walk.ob.allowedOutputFields(), walk.plan);
    walk.add(payload.counts());
    if (payload.entries() != null) {
      FieldDescriptor payloadField = QdrantPayloads.fields(point).payload();
      b = point.toBuilder().clearField(payloadField);
      for (Message entry : payload.entries()) {
        b.addRepeatedField(payloadField, entry);
      }
    }
    PointFields f = POINT_FIELDS.get(point.getDescriptorForType());
    if (walk.ob.stripVectors() && f.vectors() != null && point.hasField(f.vectors())) {
      walk.vectors += vectorCount((Message) point.getField(f.vectors()));
      b = (b == null ? point.toBuilder() : b).clearField(f.vectors());
    }
    if (!walk.ob.maskRules().isEmpty() && f.orderValue() != null && point.hasField(f.orderValue())) {
      b = (b == null ? point.toBuilder() : b).clearField(f.orderValue());
    }
    return b == null ? point : b.build();
  }
}
