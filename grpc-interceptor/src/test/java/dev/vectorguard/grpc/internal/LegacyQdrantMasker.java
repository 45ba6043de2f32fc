package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reference for {@link QdrantMasker}: the masker as it was before payloads were masked in
 * place (main at 06e985d), kept verbatim for the equivalence test only. Every point's whole payload
 * goes to a Java map ({@code payload}), through {@link MaskPlan#maskRecord} and back
 * ({@code setPayload}), and every point is rebuilt. Do not use it outside tests.
 */
final class LegacyQdrantMasker {
  private LegacyQdrantMasker() {}

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

  private static @Nullable Message point(Message point, Walk walk, boolean tenantCheck) {
    Map<String, Object> payload = payload(point, "payload");
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
      setPayload(b, "payload", payload);
    }
    FieldDescriptor vectors = Protos.field(b, "vectors");
    if (walk.ob.stripVectors() && vectors != null && b.hasField(vectors)) {
      walk.vectors += QdrantMasker.vectorCount((Message) b.getField(vectors));
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

  // QdrantValues as it was.

  /** The payload map field {@code name} of {@code point} as a tree; insertion order kept. */
  private static Map<String, Object> payload(Message point, String name) {
    FieldDescriptor f = Protos.field(point, name);
    Map<String, Object> out = new LinkedHashMap<>();
    if (f == null || !f.isMapField()) {
      return out;
    }
    for (int i = 0; i < point.getRepeatedFieldCount(f); i++) {
      Message entry = (Message) point.getRepeatedField(f, i);
      out.put(Protos.string(entry, "key"), toJava((Message) entry.getField(Protos.field(entry, "value"))));
    }
    return out;
  }

  /** Replaces the payload map field {@code name} of {@code point} by {@code payload}. */
  private static void setPayload(Message.Builder point, String name, Map<String, Object> payload) {
    FieldDescriptor f = Protos.field(point, name);
    if (f == null || !f.isMapField()) {
      throw new IllegalStateException(point.getDescriptorForType().getFullName() + " has no payload map " + name);
    }
    point.clearField(f);
    for (Map.Entry<String, Object> e : payload.entrySet()) {
      Message.Builder entry = point.newBuilderForField(f);
      FieldDescriptor valueField = Protos.field(entry, "value");
      entry.setField(Protos.field(entry, "key"), e.getKey());
      entry.setField(valueField, toValue(e.getValue(), entry.newBuilderForField(valueField)));
      point.addRepeatedField(f, entry.build());
    }
  }

  private static Object toJava(Message value) {
    FieldDescriptor set = value.getOneofFieldDescriptor(value.getDescriptorForType().getOneofs().get(0));
    if (set == null) {
      return null;
    }
    Object v = value.getField(set);
    return switch (set.getName()) {
      case "null_value" -> null;
      case "struct_value" -> {
        Message struct = (Message) v;
        FieldDescriptor fields = Protos.field(struct, "fields");
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < struct.getRepeatedFieldCount(fields); i++) {
          Message entry = (Message) struct.getRepeatedField(fields, i);
          map.put(Protos.string(entry, "key"), toJava((Message) entry.getField(Protos.field(entry, "value"))));
        }
        yield map;
      }
      case "list_value" -> {
        List<Object> list = new ArrayList<>();
        for (Message element : Protos.messages((Message) v, "values")) {
          list.add(toJava(element));
        }
        yield list;
      }
      default -> v;
    };
  }

  /** Builds a {@code qdrant.Value} from a JSON-like tree with {@code builder} (a fresh Value builder). */
  private static Message toValue(Object java, Message.Builder builder) {
    if (java == null) {
      FieldDescriptor f = Protos.field(builder, "null_value");
      EnumValueDescriptor nullValue = f.getEnumType().getValues().get(0);
      return builder.setField(f, nullValue).build();
    }
    if (java instanceof String s) {
      return builder.setField(Protos.field(builder, "string_value"), s).build();
    }
    if (java instanceof Boolean b) {
      return builder.setField(Protos.field(builder, "bool_value"), b).build();
    }
    if (java instanceof Integer || java instanceof Long || java instanceof Short || java instanceof Byte) {
      return builder.setField(Protos.field(builder, "integer_value"), ((Number) java).longValue()).build();
    }
    if (java instanceof java.math.BigInteger big) {
      return builder.setField(Protos.field(builder, "integer_value"), big.longValue()).build();
    }
    if (java instanceof Number n) {
      return builder.setField(Protos.field(builder, "double_value"), n.doubleValue()).build();
    }
    if (java instanceof Map<?, ?> map) {
      FieldDescriptor structField = Protos.field(builder, "struct_value");
      Message.Builder struct = builder.newBuilderForField(structField);
      FieldDescriptor fields = Protos.field(struct, "fields");
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Message.Builder entry = struct.newBuilderForField(fields);
        FieldDescriptor valueField = Protos.field(entry, "value");
        entry.setField(Protos.field(entry, "key"), String.valueOf(e.getKey()));
        entry.setField(valueField, toValue(e.getValue(), entry.newBuilderForField(valueField)));
        struct.addRepeatedField(fields, entry.build());
      }
      return builder.setField(structField, struct.build()).build();
    }
    if (java instanceof List<?> list) {
      FieldDescriptor listField = Protos.field(builder, "list_value");
      Message.Builder listValue = builder.newBuilderForField(listField);
      FieldDescriptor values = Protos.field(listValue, "values");
      for (Object element : list) {
        listValue.addRepeatedField(values, toValue(element, listValue.newBuilderForField(values)));
      }
      return builder.setField(listField, listValue.build()).build();
    }
    throw new IllegalArgumentException("cannot convert a " + java.getClass().getName() + " to a Qdrant Value");
  }
}
