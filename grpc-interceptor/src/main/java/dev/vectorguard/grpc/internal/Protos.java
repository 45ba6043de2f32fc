package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads and writes protobuf messages by field name, without their generated classes. */
final class Protos {
  /**
   * Each message type's fields by name. {@code findFieldByName} builds the field's full name and
   * searches the descriptor pool on every call, and the dialects ask for several fields of every
   * point of every response: that showed as 15% of a guarded search.
   */
  private static final PerType<Map<String, FieldDescriptor>> FIELDS = new PerType<>(Protos::fieldsByName);

  private Protos() {}

  static @Nullable FieldDescriptor field(MessageOrBuilder m, String name) {
    return FIELDS.get(m.getDescriptorForType()).get(name);
  }

  private static Map<String, FieldDescriptor> fieldsByName(Descriptor type) {
    Map<String, FieldDescriptor> fields = new HashMap<>();
    for (FieldDescriptor field : type.getFields()) {
      fields.put(field.getName(), field);
    }
    return Map.copyOf(fields);
  }

  static boolean isType(MessageOrBuilder m, String fullName) {
    return m.getDescriptorForType().getFullName().equals(fullName);
  }

  /** A string field's value, or {@code ""} when the message has no such field. */
  static String string(MessageOrBuilder m, String name) {
    FieldDescriptor f = field(m, name);
    if (f == null || f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.STRING) {
      return "";
    }
    return (String) m.getField(f);
  }

  /** Every value of a string field, repeated or singular, skipping empty ones. */
  static List<String> strings(MessageOrBuilder m, String name) {
    FieldDescriptor f = field(m, name);
    List<String> out = new ArrayList<>();
    if (f == null || f.getJavaType() != FieldDescriptor.JavaType.STRING) {
      return out;
    }
    if (f.isRepeated()) {
      for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
        String s = (String) m.getRepeatedField(f, i);
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    } else if (!((String) m.getField(f)).isEmpty()) {
      out.add((String) m.getField(f));
    }
    return out;
  }

  /** The messages {@code m} holds directly: set singular message fields and the elements of repeated ones, maps left out. */
  static List<Message> children(Message m) {
    List<Message> out = new ArrayList<>();
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isMapField()) {
        continue;
      }
      if (f.isRepeated()) {
        for (Object element : (List<?>) e.getValue()) {
          out.add((Message) element);
        }
      } else {
        out.add((Message) e.getValue());
      }
    }
    return out;
  }

  /** A singular message field when set, else {@code null}. */
  static @Nullable Message message(MessageOrBuilder m, String name) {
    FieldDescriptor f = field(m, name);
    if (f == null || f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !m.hasField(f)) {
      return null;
    }
    return (Message) m.getField(f);
  }

  /** The elements of a repeated message field; empty when absent. */
  static List<Message> messages(MessageOrBuilder m, String name) {
    FieldDescriptor f = field(m, name);
    List<Message> out = new ArrayList<>();
    if (f == null || !f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      return out;
    }
    for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
      out.add((Message) m.getRepeatedField(f, i));
    }
    return out;
  }

  /** A numeric field's value as a long when set (or non-zero for proto3 scalars without presence), else null. */
  static @Nullable Long number(MessageOrBuilder m, String name) {
    FieldDescriptor f = field(m, name);
    if (f == null || f.isRepeated()) {
      return null;
    }
    Object v = m.getField(f);
    boolean present = f.hasPresence() ? m.hasField(f) : v instanceof Number n && n.longValue() != 0;
    return present && v instanceof Number n ? n.longValue() : null;
  }

  /** Sets a numeric field (int or long typed) on {@code b}. */
  static void setNumber(Message.Builder b, String name, long value) {
    FieldDescriptor f = field(b, name);
    if (f == null) {
      return;
    }
    switch (f.getJavaType()) {
      case INT -> b.setField(f, (int) Math.min(Integer.MAX_VALUE, value));
      case LONG -> b.setField(f, value);
      default -> throw new IllegalStateException(f.getFullName() + " is not numeric");
    }
  }

  /** Replaces every element of a repeated message field by {@code fn(element)}. */
  static void mapRepeated(Message.Builder b, String name, java.util.function.UnaryOperator<Message> fn) {
    FieldDescriptor f = field(b, name);
    if (f == null || !f.isRepeated()) {
      return;
    }
    int n = b.getRepeatedFieldCount(f);
    for (int i = 0; i < n; i++) {
      b.setRepeatedField(f, i, fn.apply((Message) b.getRepeatedField(f, i)));
    }
  }

  /** Replaces a singular message field by {@code fn(value)} when set. */
  static void mapField(Message.Builder b, String name, java.util.function.UnaryOperator<Message> fn) {
    FieldDescriptor f = field(b, name);
    if (f != null && !f.isRepeated() && b.hasField(f)) {
      b.setField(f, fn.apply((Message) b.getField(f)));
    }
  }
  /**
   * Refuses a message that carries unknown fields at any depth (map values included). The
   * dialects read messages by descriptor and never see unknown fields, but they are sent as they
   * are, and a server that knows their numbers reads them, after the known ones: a second
   * {@code collection_name} or {@code expr} wins, a second {@code filter} is merged in.
   *
   * @throws RequestRejectedException naming the first unknown field and its message type
   */
  static void rejectUnknownFields(Message m) {
    rejectUnknownFields(m, 0);
  }

  private static void rejectUnknownFields(Message m, int depth) {
    if (depth > 64) {
      throw new RequestRejectedException(dev.vectorguard.GuardFailureException.Cause.PARSE,
          "the request nests deeper than 64 messages");
    }
    if (!m.getUnknownFields().asMap().isEmpty()) {
      throw new RequestRejectedException(dev.vectorguard.GuardFailureException.Cause.PARSE, "the request carries field "
          + m.getUnknownFields().asMap().keySet().iterator().next() + " of "
          + m.getDescriptorForType().getFullName() + ", which its descriptor does not know");
    }
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (e.getKey().isRepeated()) {
        for (Object element : (List<?>) e.getValue()) {
          rejectUnknownFields((Message) element, depth + 1);
        }
      } else {
        rejectUnknownFields((Message) e.getValue(), depth + 1);
      }
    }
  }
  /**
   * Refuses a request whose type is not from protobuf package {@code pkg} or one below it. The server reads the
   * bytes as its own request type by field number; a message of another type, whose fields the
   * dialect reads by name, could carry a collection or filter under a name the dialect does not
   * look at (or lack the {@code filter} field the tenant condition is put into).
   */
  static void requirePackage(Message m, String pkg) {
    String file = m.getDescriptorForType().getFile().getPackage();
    if (!file.equals(pkg) && !file.startsWith(pkg + ".")) {
      throw new RequestRejectedException(dev.vectorguard.GuardFailureException.Cause.PARSE, "the request is a "
          + m.getDescriptorForType().getFullName() + ", not a message of the " + pkg + " package");
    }
  }
}
