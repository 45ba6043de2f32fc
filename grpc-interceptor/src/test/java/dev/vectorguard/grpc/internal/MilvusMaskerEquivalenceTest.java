package dev.vectorguard.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.vectorguard.Obligations;
import dev.vectorguard.mask.MaskPlan;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.BoolArray;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DoubleArray;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.IDs;
import io.milvus.grpc.IntArray;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link MilvusMasker}, which reads only the columns a rule reaches, against
 * {@link LegacyMilvusMasker}, which read every scalar column and masked whole rows: for random
 * query and search results (every scalar kind, JSON and dynamic {@code $meta} columns, arrays,
 * vectors, nullable columns in both forms, non-finite numbers, group-by values), random rules,
 * allowed fields and vector stripping, both give the same bytes, counts and row count, or fail
 * with the same error.
 */
class MilvusMaskerEquivalenceTest {
  private static final List<String> SELECTORS = List.of("email", "title", "n", "f", "d", "b", "doc", "doc.email",
      "phone", "city", "*", "**.email", "id", "arr", "vector", "$meta", "doc[].x");
  private static final List<String> NAMES = List.of("id", "email", "title", "n", "f", "d", "b", "doc", "arr",
      "vector", "phone", "city");
  private static final List<String> TEXTS = List.of("ann@example.com", "call +47 22 33 44 55", "plain", "",
      "4111 1111 1111 1111");
  private static final List<String> JSON = List.of("{\"email\":\"a@b.io\",\"x\":1}", "[1,{\"x\":2}]", "\"text\"",
      "1e400", "3", "{\"phone\":\"+47 22 33 44 55\",\"n\":null}", "{", "null", "true");
  private static final List<String> META = List.of("{\"phone\":\"+47 22 33 44 55\",\"city\":\"Lyon\"}",
      "{\"email\":\"z@acme.io\",\"n\":{\"email\":\"y@acme.io\"}}", "{}", "5", "{\"city\":1e400}");

  @Test
  void masksEveryResultAsTheWholeRowPathDid() {
    MaskerOutcome.assertSameOnEvery(3000, 1617, random -> {
      Obligations ob = obligations(random);
      MaskPlan plan = ob.maskRules().isEmpty() ? null : MaskerOutcome.ENGINE.plan(ob.maskRules(), false);
      Message response = response(random);
      return new MaskerOutcome.Case(() -> ob + " on " + response,
          () -> LegacyMilvusMasker.mask(response, ob, plan), () -> MilvusMasker.mask(response, ob, plan));
    });
  }

  private static Obligations obligations(Random random) {
    Obligations.Builder b = Obligations.builder().stripVectors(random.nextBoolean());
    MaskerOutcome.randomRules(b, random, SELECTORS, 3);
    if (random.nextInt(3) == 0) {
      Set<String> allowed = new LinkedHashSet<>();
      NAMES.stream().filter(n -> random.nextBoolean()).forEach(allowed::add);
      b.allowedOutputFields(allowed);
    }
    return b.build();
  }

  private static Message response(Random random) {
    int rows = random.nextInt(5);
    List<FieldData> columns = columns(random, rows);
    List<String> names = columns.stream().map(FieldData::getFieldName).toList();
    if (random.nextBoolean()) {
      return QueryResults.newBuilder().addAllFieldsData(columns).addAllOutputFields(names)
          .setPrimaryFieldName("id").setCollectionName("docs").build();
    }
    LongArray.Builder ids = LongArray.newBuilder();
    SearchResultData.Builder data = SearchResultData.newBuilder().setNumQueries(1).setTopK(rows).addTopks(rows)
        .addAllFieldsData(columns).addAllOutputFields(names).setPrimaryFieldName("id");
    for (int i = 0; i < rows; i++) {
      ids.addData(i);
      data.addScores(1f / (i + 1));
    }
    data.setIds(IDs.newBuilder().setIntId(ids));
    if (random.nextInt(4) == 0) {
      data.setGroupByFieldValue(random.nextBoolean() ? string("email", rows, random) : vector(rows));
    }
    return SearchResults.newBuilder().setCollectionName("docs").setResults(data).build();
  }

  private static List<FieldData> columns(Random random, int rows) {
    List<FieldData> columns = new ArrayList<>();
    for (String name : NAMES) {
      if (random.nextInt(10) >= 7) {
        continue;
      }
      FieldData column = switch (name) {
        case "id" -> column(name, DataType.Int64, rows, random,
            (s, i) -> s.setLongData(LongArray.newBuilder().addAllData(longs(i))));
        case "email", "title" -> string(name, rows, random);
        case "n" -> column(name, DataType.Int32, rows, random, (s, i) -> {
          IntArray.Builder a = IntArray.newBuilder();
          i.forEach(x -> a.addData(x * 7));
          s.setIntData(a);
        });
        case "f" -> column(name, DataType.Float, rows, random, (s, i) -> {
          FloatArray.Builder a = FloatArray.newBuilder();
          i.forEach(x -> a.addData(random.nextInt(40) == 0 ? Float.NaN : x * 1.5f));
          s.setFloatData(a);
        });
        case "d" -> column(name, DataType.Double, rows, random, (s, i) -> {
          DoubleArray.Builder a = DoubleArray.newBuilder();
          i.forEach(x -> a.addData(random.nextInt(40) == 0 ? Double.POSITIVE_INFINITY : x / 3.0));
          s.setDoubleData(a);
        });
        case "b" -> column(name, DataType.Bool, rows, random, (s, i) -> {
          BoolArray.Builder a = BoolArray.newBuilder();
          i.forEach(x -> a.addData(x % 2 == 0));
          s.setBoolData(a);
        });
        case "doc" -> json(name, rows, random, JSON, false);
        case "arr" -> column(name, DataType.Array, rows, random, (s, i) -> {
          ArrayArray.Builder a = ArrayArray.newBuilder();
          i.forEach(x -> a.addData(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(x))));
          s.setArrayData(a);
        });
        case "vector" -> vector(rows);
        default -> null;
      };
      if (column != null) {
        columns.add(column);
      }
    }
    if (random.nextBoolean()) {
      columns.add(json("$meta", rows, random, META, true));
    }
    Collections.shuffle(columns, random);
    return columns;
  }

  private interface Fill {
    void fill(ScalarField.Builder scalars, List<Integer> rows);
  }

  /**
   * A scalar column of {@code rows} rows: all valid, or nullable with {@code valid_data} in the
   * full-length form (placeholders in invalid rows) or the compact one (valid rows only).
   */
  private static FieldData column(String name, DataType type, int rows, Random random, Fill fill) {
    FieldData.Builder b = FieldData.newBuilder().setFieldName(name).setType(type);
    List<Integer> stored = new ArrayList<>();
    int form = random.nextInt(4);
    for (int i = 0; i < rows; i++) {
      boolean valid = form < 2 || random.nextBoolean();
      if (form >= 2) {
        b.addValidData(valid);
      }
      if (valid || form == 2) {
        stored.add(i);
      }
    }
    ScalarField.Builder scalars = ScalarField.newBuilder();
    fill.fill(scalars, stored);
    return b.setScalars(scalars).build();
  }

  private static FieldData string(String name, int rows, Random random) {
    return column(name, DataType.VarChar, rows, random, (s, i) -> {
      StringArray.Builder a = StringArray.newBuilder();
      i.forEach(x -> a.addData(TEXTS.get(random.nextInt(TEXTS.size()))));
      s.setStringData(a);
    });
  }

  private static FieldData json(String name, int rows, Random random, List<String> texts, boolean dynamic) {
    FieldData column = column(name, DataType.JSON, rows, random, (s, i) -> {
      JSONArray.Builder a = JSONArray.newBuilder();
      i.forEach(x -> a.addData(ByteString.copyFromUtf8(texts.get(random.nextInt(texts.size())))));
      s.setJsonData(a);
    });
    return dynamic ? column.toBuilder().setIsDynamic(true).build() : column;
  }

  private static FieldData vector(int rows) {
    FloatArray.Builder data = FloatArray.newBuilder();
    for (int i = 0; i < rows * 2; i++) {
      data.addData(i);
    }
    return FieldData.newBuilder().setFieldName("vector").setType(DataType.FloatVector)
        .setVectors(VectorField.newBuilder().setDim(2).setFloatVector(data)).build();
  }

  private static List<Long> longs(List<Integer> rows) {
    return rows.stream().map(Integer::longValue).toList();
  }
}
