package dev.vectorguard.testkit;

import com.google.protobuf.ByteString;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.BoolArray;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DoubleArray;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.IntArray;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SparseFloatArray;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.StructArrayField;
import io.milvus.grpc.StructArrayFieldSchema;
import io.milvus.grpc.VectorArray;
import io.milvus.grpc.VectorField;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Converts between Milvus {@code FieldData} columns and the test server's rows, the way Milvus
 * lays them out ({@code schema.proto}): float vectors flattened into one {@code FloatArray};
 * binary, float16, bfloat16 and int8 vectors concatenated into one {@code bytes} of
 * {@code dim/8}, {@code 2*dim}, {@code 2*dim} and {@code dim} bytes per row; sparse vectors one
 * {@code contents} entry per row of little-endian (uint32 index, float32 value) pairs; nullable
 * vectors stored compactly (only valid rows) beside {@code valid_data}; struct arrays as
 * {@code struct_arrays} of one {@code Array} or {@code ArrayOfVector} column per sub-field.
 *
 * <p>Row values: float vectors are {@code List<Float>}, the byte-encoded ones {@code byte[]} (one
 * vector), sparse vectors {@code SortedMap<Long, Float>}, struct arrays
 * {@code List<Map<String, Object>>} (a sub-field's vectors as {@code List<Float>}).
 */
final class MilvusColumnsCodec {
  static final String META = "$meta";

  private MilvusColumnsCodec() {}

  /** The values of one column, one per row ({@code null} where {@code valid_data} is false). */
  static List<Object> read(FieldData column, int dim) {
    List<Object> values = new ArrayList<>();
    if (column.hasVectors()) {
      VectorField v = column.getVectors();
      int d = (int) (v.getDim() > 0 ? v.getDim() : dim);
      values.addAll(vectors(column.getType(), v, d));
      return expand(values, column.getValidDataList());
    }
    ScalarField s = column.getScalars();
    switch (s.getDataCase()) {
      case BOOL_DATA -> values.addAll(s.getBoolData().getDataList());
      case INT_DATA -> s.getIntData().getDataList().forEach(v -> values.add(v.longValue()));
      case LONG_DATA -> values.addAll(s.getLongData().getDataList());
      case FLOAT_DATA -> s.getFloatData().getDataList().forEach(v -> values.add(v.doubleValue()));
      case DOUBLE_DATA -> values.addAll(s.getDoubleData().getDataList());
      case STRING_DATA -> values.addAll(s.getStringData().getDataList());
      case JSON_DATA -> s.getJsonData().getDataList().forEach(b -> values.add(b.toStringUtf8()));
      default -> throw new IllegalArgumentException("the Milvus test server does not store " + s.getDataCase() + " columns");
    }
    if (column.getValidDataCount() > 0) {
      for (int i = 0; i < column.getValidDataCount() && i < values.size(); i++) {
        if (!column.getValidData(i)) {
          values.set(i, null);
        }
      }
    }
    return values;
  }

  private static List<Object> vectors(DataType type, VectorField v, int dim) {
    List<Object> out = new ArrayList<>();
    switch (type) {
      case FloatVector -> {
        List<Float> data = v.getFloatVector().getDataList();
        for (int i = 0; dim > 0 && i + dim <= data.size(); i += dim) {
          out.add(List.copyOf(data.subList(i, i + dim)));
        }
      }
      case BinaryVector, Float16Vector, BFloat16Vector, Int8Vector -> {
        ByteString data = bytes(type, v);
        int per = bytesPerVector(type, dim);
        for (int i = 0; per > 0 && i + per <= data.size(); i += per) {
          out.add(data.substring(i, i + per).toByteArray());
        }
      }
      case SparseFloatVector -> v.getSparseFloatVector().getContentsList().forEach(c -> out.add(sparse(c)));
      default -> throw new IllegalArgumentException("the Milvus test server does not store " + type + " columns");
    }
    return out;
  }

  /** Compact vector data (valid rows only) spread over the rows {@code valid_data} names. */
  private static List<Object> expand(List<Object> stored, List<Boolean> valid) {
    if (valid.isEmpty()) {
      return stored;
    }
    List<Object> out = new ArrayList<>();
    int next = 0;
    for (boolean v : valid) {
      out.add(v && next < stored.size() ? stored.get(next++) : null);
    }
    return out;
  }

  /** The column of field {@code field} over {@code rows}. */
  static FieldData write(FieldSchema field, List<Map<String, Object>> rows) {
    FieldData.Builder b = FieldData.newBuilder().setFieldName(field.getName()).setType(field.getDataType())
        .setFieldId(field.getFieldID()).setIsDynamic(field.getIsDynamic());
    DataType type = field.getDataType();
    if (isVector(type)) {
      List<Object> values = rows.stream().map(r -> r.get(field.getName())).toList();
      if (values.contains(null)) {
        values.forEach(v -> b.addValidData(v != null));
      }
      return b.setVectors(vectorField(type, dim(field), values.stream().filter(v -> v != null).toList())).build();
    }
    boolean nullable = rows.stream().anyMatch(r -> r.get(field.getName()) == null);
    ScalarField.Builder s = ScalarField.newBuilder();
    switch (type) {
      case Bool -> s.setBoolData(BoolArray.newBuilder().addAllData(
          rows.stream().map(r -> (Boolean) r.getOrDefault(field.getName(), false)).map(v -> v != null && v).toList()));
      case Int8, Int16, Int32 -> s.setIntData(IntArray.newBuilder().addAllData(
          rows.stream().map(r -> number(r.get(field.getName())).intValue()).toList()));
      case Int64 -> s.setLongData(LongArray.newBuilder().addAllData(
          rows.stream().map(r -> number(r.get(field.getName())).longValue()).toList()));
      case Float -> s.setFloatData(FloatArray.newBuilder().addAllData(
          rows.stream().map(r -> number(r.get(field.getName())).floatValue()).toList()));
      case Double -> s.setDoubleData(DoubleArray.newBuilder().addAllData(
          rows.stream().map(r -> number(r.get(field.getName())).doubleValue()).toList()));
      case VarChar, String -> s.setStringData(StringArray.newBuilder().addAllData(
          rows.stream().map(r -> r.get(field.getName()) == null ? "" : r.get(field.getName()).toString()).toList()));
      case JSON -> s.setJsonData(JSONArray.newBuilder().addAllData(rows.stream()
          .map(r -> ByteString.copyFrom(String.valueOf(r.getOrDefault(field.getName(), "{}")), StandardCharsets.UTF_8))
          .toList()));
      default -> throw new IllegalArgumentException("the Milvus test server does not return " + type + " columns");
    }
    if (nullable) {
      rows.forEach(r -> b.addValidData(r.get(field.getName()) != null));
    }
    return b.setScalars(s).build();
  }

  /**
   * The column of struct array field {@code struct} over {@code rows}: per sub-field an
   * {@code Array} column (one {@code ScalarField} per row) or an {@code ArrayOfVector} column
   * (one {@code VectorField} per row in a {@code VectorArray}).
   */
  static FieldData writeStruct(StructArrayFieldSchema struct, List<Map<String, Object>> rows) {
    StructArrayField.Builder subs = StructArrayField.newBuilder();
    for (FieldSchema sub : struct.getFieldsList()) {
      List<List<Object>> perRow = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> elements = (List<Map<String, Object>>) row.getOrDefault(struct.getName(), List.of());
        perRow.add(elements.stream().map(e -> e.get(sub.getName())).toList());
      }
      FieldData.Builder column = FieldData.newBuilder().setFieldName(sub.getName()).setType(sub.getDataType())
          .setFieldId(sub.getFieldID());
      if (sub.getDataType() == DataType.ArrayOfVector) {
        int dim = dim(sub);
        VectorArray.Builder array = VectorArray.newBuilder().setDim(dim).setElementType(sub.getElementType());
        perRow.forEach(values -> array.addData(vectorField(sub.getElementType(), dim, values)));
        column.setVectors(VectorField.newBuilder().setDim(dim).setVectorArray(array));
      } else {
        ArrayArray.Builder array = ArrayArray.newBuilder().setElementType(sub.getElementType());
        for (List<Object> values : perRow) {
          array.addData(switch (sub.getElementType()) {
            case VarChar, String -> ScalarField.newBuilder().setStringData(StringArray.newBuilder()
                .addAllData(values.stream().map(String::valueOf).toList()));
            case Int64 -> ScalarField.newBuilder().setLongData(LongArray.newBuilder()
                .addAllData(values.stream().map(v -> number(v).longValue()).toList()));
            default -> throw new IllegalArgumentException("the Milvus test server does not return arrays of "
                + sub.getElementType());
          });
        }
        column.setScalars(ScalarField.newBuilder().setArrayData(array));
      }
      subs.addFields(column);
    }
    return FieldData.newBuilder().setFieldName(struct.getName()).setType(DataType.ArrayOfStruct)
        .setFieldId(struct.getFieldID()).setStructArrays(subs).build();
  }

  private static VectorField vectorField(DataType type, int dim, List<Object> values) {
    VectorField.Builder v = VectorField.newBuilder().setDim(dim);
    switch (type) {
      case FloatVector -> {
        FloatArray.Builder data = FloatArray.newBuilder();
        for (Object value : values) {
          @SuppressWarnings("unchecked")
          List<Float> floats = (List<Float>) value;
          data.addAllData(floats);
        }
        v.setFloatVector(data);
      }
      case BinaryVector, Float16Vector, BFloat16Vector, Int8Vector -> {
        ByteString.Output data = ByteString.newOutput();
        for (Object value : values) {
          byte[] bytes = (byte[]) value;
          if (bytes.length != bytesPerVector(type, dim)) {
            throw new IllegalArgumentException("a " + type + " of dimension " + dim + " has "
                + bytesPerVector(type, dim) + " bytes, not " + bytes.length);
          }
          data.write(bytes, 0, bytes.length);
        }
        switch (type) {
          case BinaryVector -> v.setBinaryVector(data.toByteString());
          case Float16Vector -> v.setFloat16Vector(data.toByteString());
          case BFloat16Vector -> v.setBfloat16Vector(data.toByteString());
          default -> v.setInt8Vector(data.toByteString());
        }
      }
      case SparseFloatVector -> {
        SparseFloatArray.Builder sparse = SparseFloatArray.newBuilder();
        long max = 0;
        for (Object value : values) {
          @SuppressWarnings("unchecked")
          SortedMap<Long, Float> map = (SortedMap<Long, Float>) value;
          sparse.addContents(sparse(map));
          max = Math.max(max, map.isEmpty() ? 0 : map.lastKey() + 1);
        }
        v.setDim(max);
        v.setSparseFloatVector(sparse.setDim(max));
      }
      default -> throw new IllegalArgumentException("the Milvus test server does not return " + type + " columns");
    }
    return v.build();
  }

  static boolean isVector(DataType type) {
    return switch (type) {
      case FloatVector, BinaryVector, Float16Vector, BFloat16Vector, Int8Vector, SparseFloatVector -> true;
      default -> false;
    };
  }

  private static ByteString bytes(DataType type, VectorField v) {
    return switch (type) {
      case BinaryVector -> v.getBinaryVector();
      case Float16Vector -> v.getFloat16Vector();
      case BFloat16Vector -> v.getBfloat16Vector();
      default -> v.getInt8Vector();
    };
  }

  private static int bytesPerVector(DataType type, int dim) {
    return switch (type) {
      case BinaryVector -> dim / 8;
      case Float16Vector, BFloat16Vector -> dim * 2;
      default -> dim;
    };
  }

  private static ByteString sparse(SortedMap<Long, Float> vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
    vector.forEach((index, value) -> buffer.putInt((int) (long) index).putFloat(value));
    return ByteString.copyFrom(buffer.array());
  }

  private static SortedMap<Long, Float> sparse(ByteString content) {
    ByteBuffer buffer = content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    SortedMap<Long, Float> out = new TreeMap<>();
    while (buffer.remaining() >= 8) {
      out.put(Integer.toUnsignedLong(buffer.getInt()), buffer.getFloat());
    }
    return out;
  }

  private static Number number(Object v) {
    return v instanceof Number n ? n : 0;
  }

  static int dim(FieldSchema field) {
    return field.getTypeParamsList().stream().filter(kv -> kv.getKey().equals("dim"))
        .map(kv -> Integer.parseInt(kv.getValue())).findFirst().orElse(0);
  }
}
