package dev.vectorguard.testkit;

import com.google.protobuf.ByteString;
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
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts between Milvus {@code FieldData} columns and the test server's rows. */
final class MilvusColumnsCodec {
  static final String META = "$meta";

  private MilvusColumnsCodec() {}

  /** The values of one column, one per row ({@code null} where {@code valid_data} is false). */
  static List<Object> read(FieldData column, int dim) {
    List<Object> values = new ArrayList<>();
    if (column.hasVectors()) {
      List<Float> data = column.getVectors().getFloatVector().getDataList();
      int d = (int) (column.getVectors().getDim() > 0 ? column.getVectors().getDim() : dim);
      for (int i = 0; i + d <= data.size(); i += d) {
        values.add(List.copyOf(data.subList(i, i + d)));
      }
      return values;
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

  /** The column of field {@code field} over {@code rows}. */
  static FieldData write(FieldSchema field, List<Map<String, Object>> rows) {
    FieldData.Builder b = FieldData.newBuilder().setFieldName(field.getName()).setType(field.getDataType())
        .setFieldId(field.getFieldID()).setIsDynamic(field.getIsDynamic());
    DataType type = field.getDataType();
    if (type == DataType.FloatVector) {
      int dim = dim(field);
      FloatArray.Builder data = FloatArray.newBuilder();
      for (Map<String, Object> row : rows) {
        @SuppressWarnings("unchecked")
        List<Float> v = (List<Float>) row.get(field.getName());
        data.addAllData(v);
      }
      return b.setVectors(VectorField.newBuilder().setDim(dim).setFloatVector(data)).build();
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

  private static Number number(Object v) {
    return v instanceof Number n ? n : 0;
  }

  static int dim(FieldSchema field) {
    return field.getTypeParamsList().stream().filter(kv -> kv.getKey().equals("dim"))
        .map(kv -> Integer.parseInt(kv.getValue())).findFirst().orElse(0);
  }
}
