package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
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

  /** The fields of a {@code qdrant.Value} type and of its struct and list, resolved once per type. */
  private record Kinds(OneofDescriptor kind, FieldDescriptor nullValue, FieldDescriptor doubleValue,
      FieldDescriptor integerValue, FieldDescriptor stringValue, FieldDescriptor boolValue, FieldDescriptor structValue,
      FieldDescriptor structFields, FieldDescriptor entryKey, FieldDescriptor entryValue, FieldDescriptor listValue,
      FieldDescriptor listValues) {
    static Kinds of(Descriptor value) {
      FieldDescriptor struct = value.findFieldByName("struct_value");
      FieldDescriptor fields = struct.getMessageType().findFieldByName("fields");
      FieldDescriptor list = value.findFieldByName("list_value");
      return new Kinds(value.getOneofs().get(0), value.findFieldByName("null_value"),
          value.findFieldByName("double_value"), value.findFieldByName("integer_value"),
          value.findFieldByName("string_value"), value.findFieldByName("bool_value"), struct, fields,
          fields.getMessageType().findFieldByName("key"), fields.getMessageType().findFieldByName("value"), list,
          list.getMessageType().findFieldByName("values"));
    }
  }

  private static final PerType<Kinds> KINDS = new PerType<>(Kinds::of);

  static Object toJava(Message value) {
    Kinds k = KINDS.get(value.getDescriptorForType());
    FieldDescriptor set = value.getOneofFieldDescriptor(k.kind());
    if (set == null || set == k.nullValue()) {
      return null;
    }
    Object v = value.getField(set);
    if (set == k.structValue()) {
      Message struct = (Message) v;
      int n = struct.getRepeatedFieldCount(k.structFields());
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Message entry = (Message) struct.getRepeatedField(k.structFields(), i);
        map.put((String) entry.getField(k.entryKey()), toJava((Message) entry.getField(k.entryValue())));
      }
      return map;
    }
    if (set == k.listValue()) {
      Message list = (Message) v;
      int n = list.getRepeatedFieldCount(k.listValues());
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(toJava((Message) list.getRepeatedField(k.listValues(), i)));
      }
      return out;
    }
    return v;
  }

  /** Builds a {@code qdrant.Value} from a JSON-like tree with {@code builder} (a fresh Value builder). */
  static Message toValue(Object java, Message.Builder builder) {
    Kinds k = KINDS.get(builder.getDescriptorForType());
    if (java == null) {
      EnumValueDescriptor nullValue = k.nullValue().getEnumType().getValues().get(0);
      return builder.setField(k.nullValue(), nullValue).build();
    }
    if (java instanceof String s) {
      return builder.setField(k.stringValue(), s).build();
    }
    if (java instanceof Boolean b) {
      return builder.setField(k.boolValue(), b).build();
    }
    if (java instanceof Integer || java instanceof Long || java instanceof Short || java instanceof Byte) {
      return builder.setField(k.integerValue(), ((Number) java).longValue()).build();
    }
    if (java instanceof java.math.BigInteger big) {
      return builder.setField(k.integerValue(), big.longValue()).build();
    }
    if (java instanceof Number n) {
      return builder.setField(k.doubleValue(), n.doubleValue()).build();
    }
    if (java instanceof Map<?, ?> map) {
      Message.Builder struct = builder.newBuilderForField(k.structValue());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Message.Builder entry = struct.newBuilderForField(k.structFields());
        entry.setField(k.entryKey(), String.valueOf(e.getKey()));
        entry.setField(k.entryValue(), toValue(e.getValue(), entry.newBuilderForField(k.entryValue())));
        struct.addRepeatedField(k.structFields(), entry.build());
      }
      return builder.setField(k.structValue(), struct.build()).build();
    }
    if (java instanceof List<?> list) {
      Message.Builder listValue = builder.newBuilderForField(k.listValue());
      for (Object element : list) {
        listValue.addRepeatedField(k.listValues(), toValue(element, listValue.newBuilderForField(k.listValues())));
      }
      return builder.setField(k.listValue(), listValue.build()).build();
    }
    throw new IllegalArgumentException("cannot convert a " + java.getClass().getName() + " to a Qdrant Value");
  }
}
