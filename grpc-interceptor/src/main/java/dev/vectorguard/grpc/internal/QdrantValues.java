package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Qdrant {@code qdrant.Value} payloads ({@code json_with_int.proto}) to JSON-like Java
 * trees (String, Long, Double, Boolean, null, List, Map) and back, by descriptor.
 */
final class QdrantValues {
  private QdrantValues() {}

  /** The payload map field {@code name} of {@code point} as a tree; insertion order kept. */
  static Map<String, Object> payload(Message point, String name) {
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

  static Object toJava(Message value) {
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
  static Message toValue(Object java, Message.Builder builder) {
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
