package dev.vectorguard.grpc.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.milvus.MilvusRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes Milvus {@code schema.FieldData} columns by descriptor: one Java value per row
 * (null where {@code valid_data} says so; JSON columns parsed with Jackson), written back in the
 * full-length form with {@code valid_data} that the SDKs read.
 */
final class MilvusColumns {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Stands for a value of a type the guard does not rewrite (arrays, geometry, bytes): any mask nulls it. */
  static final String OPAQUE = "\u0000opaque";

  private MilvusColumns() {}

  /** The name of the set oneof of a column's {@code scalars}, or {@code null} for vector and struct columns. */
  static @Nullable String scalarKind(Message column) {
    Message scalars = Protos.message(column, "scalars");
    if (scalars == null) {
      return null;
    }
    FieldDescriptor set = scalars.getOneofFieldDescriptor(scalars.getDescriptorForType().getOneofs().get(0));
    return set == null ? "" : set.getName();
  }

  /** Whether the column holds vectors: it carries {@code vectors}, or its type is a vector type. */
  static boolean isVector(Message column) {
    Object type = QdrantDialect.fieldValue(column, "type");
    return Protos.message(column, "vectors") != null
        || type instanceof com.google.protobuf.Descriptors.EnumValueDescriptor value
        && MilvusRules.isVectorType(value.getName());
  }

  /**
   * A column without its vectors, and how many vectors were removed.
   *
   * @param column what is left, or {@code null} when nothing is
   */
  record Stripped(@Nullable Message column, long vectors) {}

  /**
   * {@code column} without vectors: a vector column goes whole; a struct array column keeps its
   * scalar sub-fields ({@code Array}) and loses its vector ones ({@code ArrayOfVector}), going
   * whole when it has no other; any other column stays.
   */
  static Stripped withoutVectors(Message column) {
    Message structs = Protos.message(column, "struct_arrays");
    if (structs == null) {
      return isVector(column) ? new Stripped(null, vectorCount(column)) : new Stripped(column, 0);
    }
    List<Message> kept = new ArrayList<>();
    long vectors = 0;
    for (Message sub : Protos.messages(structs, "fields")) {
      Stripped stripped = withoutVectors(sub);
      vectors += stripped.vectors();
      if (stripped.column() != null) {
        kept.add(stripped.column());
      }
    }
    if (kept.isEmpty()) {
      return new Stripped(null, vectors);
    }
    Message.Builder s = structs.toBuilder();
    s.setField(Protos.field(s, "fields"), kept);
    Message.Builder b = column.toBuilder();
    b.setField(Protos.field(b, "struct_arrays"), s.build());
    return new Stripped(b.build(), vectors);
  }

  /** How many vectors a vector column stores (nullable vectors are stored compactly, one per valid row). */
  static long vectorCount(Message column) {
    Message vectors = Protos.message(column, "vectors");
    return vectors == null ? 0 : count(vectors, 0);
  }

  /**
   * The vectors in one {@code VectorField}: its data over the bytes or floats one vector of
   * {@code dim} takes ({@code dim/8} binary, {@code 2*dim} float16 and bfloat16, {@code dim} int8),
   * one per sparse {@code contents} entry, the sum of a {@code vector_array}'s fields.
   */
  private static long count(Message field, long fallbackDim) {
    Long declared = Protos.number(field, "dim");
    long dim = declared != null && declared > 0 ? declared : fallbackDim;
    FieldDescriptor set = field.getOneofFieldDescriptor(field.getDescriptorForType().getOneofs().get(0));
    if (set == null) {
      return 0;
    }
    Object value = field.getField(set);
    return switch (set.getName()) {
      case "float_vector" -> per(((Message) value).getRepeatedFieldCount(Protos.field((Message) value, "data")), dim);
      case "binary_vector" -> per(((ByteString) value).size(), dim / 8);
      case "float16_vector", "bfloat16_vector" -> per(((ByteString) value).size(), dim * 2);
      case "int8_vector" -> per(((ByteString) value).size(), dim);
      case "sparse_float_vector" -> ((Message) value).getRepeatedFieldCount(Protos.field((Message) value, "contents"));
      case "vector_array" -> {
        long n = 0;
        for (Message element : Protos.messages((Message) value, "data")) {
          n += count(element, dim);
        }
        yield n;
      }
      // A kind of vector this guard does not know yet: at least one.
      default -> value instanceof ByteString bytes && bytes.isEmpty() ? 0 : 1;
    };
  }

  /** How many vectors of {@code size} units each {@code total} units hold, rounded up; one when the size is unknown. */
  private static long per(long total, long size) {
    if (total == 0) {
      return 0;
    }
    return size <= 0 ? 1 : (total + size - 1) / size;
  }

  /** One value per row; {@code null} for rows {@code valid_data} marks invalid. */
  static List<@Nullable Object> values(Message column) {
    String kind = scalarKind(column);
    List<Object> data = new ArrayList<>();
    if (kind != null && !kind.isEmpty()) {
      Message array = (Message) Protos.message(column, "scalars").getField(
          Protos.field(Protos.message(column, "scalars"), kind));
      FieldDescriptor f = Protos.field(array, "data");
      for (int i = 0; i < array.getRepeatedFieldCount(f); i++) {
        Object v = array.getRepeatedField(f, i);
        data.add(switch (kind) {
          case "json_data" -> parseJson((ByteString) v);
          case "bool_data", "int_data", "long_data", "float_data", "double_data", "string_data" -> v;
          default -> OPAQUE;
        });
      }
    }
    FieldDescriptor validField = Protos.field(column, "valid_data");
    int validCount = column.getRepeatedFieldCount(validField);
    if (validCount == 0) {
      return new ArrayList<>(data);
    }
    List<Object> out = new ArrayList<>();
    boolean compact = data.size() < validCount;
    int next = 0;
    for (int i = 0; i < validCount; i++) {
      boolean valid = (Boolean) column.getRepeatedField(validField, i);
      Object v = compact ? (valid && next < data.size() ? data.get(next++) : null) : (i < data.size() ? data.get(i) : null);
      out.add(valid ? v : null);
    }
    return out;
  }

  /** How many rows a scalar column holds, {@code values(column).size()}, without reading or parsing them. */
  static int rowCount(Message column) {
    int valid = column.getRepeatedFieldCount(Protos.field(column, "valid_data"));
    if (valid > 0) {
      return valid;
    }
    String kind = scalarKind(column);
    if (kind == null || kind.isEmpty()) {
      return 0;
    }
    Message scalars = Protos.message(column, "scalars");
    Message array = (Message) scalars.getField(Protos.field(scalars, kind));
    return array.getRepeatedFieldCount(Protos.field(array, "data"));
  }

  /** {@code column} holding {@code values}, full length, nulls as invalid rows with placeholders. */
  static Message withValues(Message column, List<@Nullable Object> values) {
    String kind = scalarKind(column);
    Message.Builder b = column.toBuilder();
    Message.Builder scalars = b.newBuilderForField(Protos.field(b, "scalars"));
    boolean rewritable = kind != null && List.of("bool_data", "int_data", "long_data", "float_data", "double_data",
        "string_data", "json_data").contains(kind);
    FieldDescriptor arrayField = rewritable ? Protos.field(scalars, kind) : Protos.field(scalars, "string_data");
    Message.Builder array = scalars.newBuilderForField(arrayField);
    FieldDescriptor data = Protos.field(array, "data");
    FieldDescriptor valid = Protos.field(b, "valid_data");
    b.clearField(valid);
    boolean anyNull = false;
    for (Object v : values) {
      Object stored = v == null || !rewritable ? null : coerce(kind, v);
      anyNull |= stored == null;
      array.addRepeatedField(data, stored == null ? placeholder(rewritable ? kind : "string_data") : stored);
      b.addRepeatedField(valid, stored != null);
    }
    if (!anyNull && column.getRepeatedFieldCount(Protos.field(column, "valid_data")) == 0) {
      b.clearField(valid);
    }
    scalars.setField(arrayField, array.build());
    b.setField(Protos.field(b, "scalars"), scalars.build());
    return b.build();
  }

  /** The value in the column's own type, or {@code null} when masking made it something else. */
  private static @Nullable Object coerce(String kind, Object v) {
    return switch (kind) {
      case "string_data" -> v instanceof String s && !s.equals(OPAQUE) ? s : null;
      case "bool_data" -> v instanceof Boolean ? v : null;
      case "int_data" -> v instanceof Integer ? v : null;
      case "long_data" -> v instanceof Long || v instanceof Integer ? ((Number) v).longValue() : null;
      case "float_data" -> v instanceof Float ? v : null;
      case "double_data" -> v instanceof Double ? v : null;
      case "json_data" -> {
        try {
          yield ByteString.copyFrom(JSON.writeValueAsBytes(v));
        } catch (IOException e) {
          yield null;
        }
      }
      default -> null;
    };
  }

  private static Object placeholder(String kind) {
    return switch (kind) {
      case "bool_data" -> false;
      case "int_data" -> 0;
      case "long_data" -> 0L;
      case "float_data" -> 0f;
      case "double_data" -> 0d;
      case "json_data" -> ByteString.copyFromUtf8("null");
      default -> "";
    };
  }

  private static @Nullable Object parseJson(ByteString bytes) {
    try {
      return JSON.readValue(bytes.toByteArray(), Object.class);
    } catch (IOException e) {
      return OPAQUE;
    }
  }

  /** A row of the scalar (non-vector, non-JSON) columns, for masking as one record. */
  static Map<String, Object> row(Map<String, List<Object>> columns, int i) {
    Map<String, Object> row = new LinkedHashMap<>();
    columns.forEach((name, values) -> row.put(name, i < values.size() ? values.get(i) : null));
    return row;
  }
}
