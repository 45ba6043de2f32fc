package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final class Walk {
    final VectorCall call;
    final Obligations ob;
    final @Nullable MaskPlan plan;
    MaskCounts counts = MaskCounts.NONE;
    int points;
    long vectors;

    Walk(VectorCall call, Obligations ob, @Nullable MaskPlan plan) {
      this.call = call;
      this.ob = ob;
      this.plan = plan;
    }
  }

  static GrpcDialect.Masked mask(VectorCall call, Message response, Obligations ob, @Nullable MaskPlan plan) {
    Walk walk = new Walk(call, ob, plan);
    Message out = walk(response, walk, false, 0);
    MaskCounts counts = walk.counts.plus(MaskCounts.of(Map.of(), Map.of(), walk.vectors, 0));
    boolean carriesPoints = walk.points > 0 || isPointResponse(response);
    return new GrpcDialect.Masked(out == null ? response.getDefaultInstanceForType() : out, counts,
        carriesPoints ? walk.points : null);
  }

  private static boolean isPointResponse(Message response) {
    FieldDescriptor result = Protos.field(response, "result");
    return result != null && result.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && (result.getMessageType().getFullName().matches("qdrant\\.(ScoredPoint|RetrievedPoint|BatchResult|GroupsResult)"));
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
    Map<String, Object> payload = QdrantValues.payload(point, "payload");
    if (tenantCheck) {
      for (TenantFilter t : walk.ob.tenantFilters()) {
        if (!t.value().equals(payload.get(t.field()))) {
          return null;
        }
      }
    }
    walk.points++;
    Message.Builder b = point.toBuilder();
    boolean changed = false;
    Set<String> allowed = walk.ob.allowedOutputFields();
    if (allowed != null && !allowed.containsAll(payload.keySet())) {
      payload.keySet().retainAll(allowed);
      changed = true;
    }
    if (walk.plan != null && !payload.isEmpty()) {
      MaskedRecord masked = walk.plan.maskRecord(payload);
      walk.counts = walk.counts.plus(masked.counts());
      payload = masked.record();
      changed = true;
    }
    if (changed) {
      QdrantValues.setPayload(b, "payload", payload);
    }
    FieldDescriptor vectors = Protos.field(b, "vectors");
    if (walk.ob.stripVectors() && vectors != null && b.hasField(vectors)) {
      walk.vectors += vectorCount((Message) b.getField(vectors));
      b.clearField(vectors);
      changed = true;
    }
    FieldDescriptor orderValue = Protos.field(b, "order_value");
    if (!walk.ob.maskRules().isEmpty() && orderValue != null && b.hasField(orderValue)) {
      b.clearField(orderValue);
      changed = true;
    }
    return changed ? b.build() : point;
  }
}
