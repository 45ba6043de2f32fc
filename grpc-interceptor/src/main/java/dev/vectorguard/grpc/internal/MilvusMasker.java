package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.Obligations;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskedRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Masks Milvus {@code QueryResults} and {@code SearchResults} (of searches and hybrid searches):
 * when vectors are stripped, every vector column whatever its encoding (float, binary, float16,
 * bfloat16, int8, sparse) is removed with its {@code output_fields} entry, and struct array
 * columns lose their vector sub-fields (the whole column when nothing else is left), each stored
 * vector counted; columns outside the allowed
 * output fields removed, and each row's scalar values and dynamic {@code $meta} JSON masked as
 * one record. A masked value that no longer fits its column's type becomes null through
 * {@code valid_data}; rows are never added or removed, so ids, scores and topks stay aligned.
 */
final class MilvusMasker {
  private MilvusMasker() {}

  static GrpcDialect.Masked mask(Message response, Obligations ob, @Nullable MaskPlan plan) {
    String type = response.getDescriptorForType().getFullName();
    if (type.equals("milvus.proto.milvus.QueryResults")) {
      Result r = columns(response, ob, plan);
      return new GrpcDialect.Masked(r.message, r.counts, r.rows);
    }
    if (type.equals("milvus.proto.milvus.SearchResults")) {
      Message results = Protos.message(response, "results");
      if (results == null) {
        return new GrpcDialect.Masked(response, MaskCounts.NONE, 0);
      }
      Result r = columns(results, ob, plan);
      Message.Builder b = response.toBuilder();
      b.setField(Protos.field(b, "results"), r.message);
      return new GrpcDialect.Masked(b.build(), r.counts, r.rows);
    }
    return new GrpcDialect.Masked(response, MaskCounts.NONE, null);
  }

  private record Result(Message message, MaskCounts counts, int rows) {}

  private static Result columns(Message m, Obligations ob, @Nullable MaskPlan plan) {
    String pk = Protos.string(m, "primary_field_name");
    Set<String> allowed = ob.allowedOutputFields();
    List<Message> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    long vectors = 0;
    int rows = 0;
    checkColumnNames(m);
    for (Message column : Protos.messages(m, "fields_data")) {
      String name = Protos.string(column, "field_name");
      boolean dynamic = Boolean.TRUE.equals(QdrantDialect.fieldValue(column, "is_dynamic"));
      boolean vector = MilvusColumns.isVector(column);
      if (vector || MilvusColumns.scalarKind(column) == null) {
        // Vector and struct columns are not rewritten value by value: one a mask rule names goes
        // whole, and so does a struct column any rule could reach inside (a wildcard, say).
        if ((allowed != null && !allowed.contains(name)) || maskedWhole(name, ob)
            || !vector && plan != null && plan.touches(name)) {
          removed.add(name);
          continue;
        }
        if (ob.stripVectors()) {
          MilvusColumns.Stripped stripped = MilvusColumns.withoutVectors(column);
          vectors += stripped.vectors();
          if (stripped.column() == null) {
            removed.add(name);
            continue;
          }
          column = stripped.column();
        }
      } else {
        rows = Math.max(rows, MilvusColumns.rowCount(column));
        if (allowed != null && !dynamic && !allowed.contains(name) && !name.equals(pk) && !name.equals("count(*)")) {
          removed.add(name);
          continue;
        }
      }
      kept.add(column);
    }
    MaskCounts counts = MaskCounts.of(Map.of(), Map.of(), vectors, 0);
    if (plan != null || allowed != null) {
      MaskOutcome outcome = maskRows(kept, rows, pk, plan, allowed);
      kept = outcome.columns;
      counts = counts.plus(outcome.counts);
    }
    Message.Builder b = m.toBuilder();
    b.setField(Protos.field(b, "fields_data"), kept);
    FieldDescriptor outputs = Protos.field(b, "output_fields");
    List<String> names = Protos.strings(m, "output_fields").stream().filter(n -> !removed.contains(n)).toList();
    b.setField(outputs, names);
    Message groupBy = Protos.message(m, "group_by_field_value");
    if (groupBy != null && ob.stripVectors() && MilvusColumns.isVector(groupBy)) {
      // Milvus groups by scalars only; a vector here would still be one per hit.
      counts = counts.plus(MaskCounts.of(Map.of(), Map.of(), MilvusColumns.withoutVectors(groupBy).vectors(), 0));
      b.clearField(Protos.field(b, "group_by_field_value"));
    } else if (groupBy != null && plan != null && !plan.isNoop()) {
      Message masked = maskRows(List.of(groupBy), MilvusColumns.values(groupBy).size(), "", plan, null).columns.get(0);
      b.setField(Protos.field(b, "group_by_field_value"), masked);
    }
    if (rows == 0) {
      rows = idCount(m);
    }
    return new Result(b.build(), counts, rows);
  }

  /**
   * Refuses columns that share a name, or more than one dynamic column: the rows are masked by
   * column name, so a second column of the same name would stand in for the first one's values.
   */
  private static void checkColumnNames(Message m) {
    Set<String> names = new HashSet<>();
    int dynamic = 0;
    for (Message column : Protos.messages(m, "fields_data")) {
      String name = Protos.string(column, "field_name");
      if (!names.add(name)) {
        throw new IllegalArgumentException("the response has two columns named '" + name + "'");
      }
      if (Boolean.TRUE.equals(QdrantDialect.fieldValue(column, "is_dynamic")) && ++dynamic > 1) {
        throw new IllegalArgumentException("the response has more than one dynamic column");
      }
    }
  }

  /** Whether a mask rule names column {@code name} or something inside it. */
  private static boolean maskedWhole(String name, Obligations ob) {
    return ob.maskRules().stream().map(dev.vectorguard.mask.MaskRule::field).anyMatch(f -> f.equals(name)
        || f.startsWith(name + ".") || f.startsWith(name + "["));
  }

  private record MaskOutcome(List<Message> columns, MaskCounts counts) {}

  /**
   * Masks each row of the scalar columns as one record, and each row's {@code $meta} object as
   * another. Only the columns a rule can reach ({@link MaskPlan#touches}) and the dynamic column
   * are read: the others keep their values, which masking the whole row would return unchanged
   * and count nothing for, so they are left as they are, unread. A float, double or JSON column
   * holding a non-finite number is read all the same, for the plan to refuse it as it would in the
   * whole row.
   */
  private static MaskOutcome maskRows(List<Message> columns, int rows, String pk, @Nullable MaskPlan plan,
      @Nullable Set<String> allowed) {
    Map<String, List<Object>> values = new LinkedHashMap<>();
    Map<String, Message> byName = new LinkedHashMap<>();
    String meta = null;
    for (Message c : columns) {
      String kind = MilvusColumns.scalarKind(c);
      if (kind == null) {
        continue;
      }
      String name = Protos.string(c, "field_name");
      boolean dynamic = Boolean.TRUE.equals(QdrantDialect.fieldValue(c, "is_dynamic"));
      List<Object> read = null;
      if (!dynamic && (plan == null || !plan.touches(name))) {
        if (plan == null || !NUMERIC_KINDS.contains(kind)) {
          continue;
        }
        read = MilvusColumns.values(c);
        if (read.stream().noneMatch(MilvusMasker::nonFinite)) {
          continue;
        }
      }
      byName.put(name, c);
      values.put(name, read != null ? read : MilvusColumns.values(c));
      if (dynamic) {
        meta = name;
      }
    }
    Map<String, List<Object>> masked = new LinkedHashMap<>();
    values.keySet().forEach(k -> masked.put(k, new ArrayList<>()));
    MaskCounts counts = MaskCounts.NONE;
    for (int i = 0; i < rows; i++) {
      Map<String, Object> row = MilvusColumns.row(values, i);
      Object metaValue = meta == null ? null : row.remove(meta);
      if (plan != null) {
        MaskedRecord r = plan.maskRecord(row);
        counts = counts.plus(r.counts());
        row = r.record();
      }
      if (meta != null) {
        Object maskedMeta = metaValue;
        if (metaValue instanceof Map<?, ?> map) {
          @SuppressWarnings("unchecked")
          Map<String, Object> metaRecord = new LinkedHashMap<>((Map<String, Object>) map);
          if (allowed != null) {
            metaRecord.keySet().retainAll(allowed);
          }
          if (plan != null) {
            MaskedRecord r = plan.maskRecord(metaRecord);
            counts = counts.plus(r.counts());
            metaRecord = r.record();
          }
          maskedMeta = metaRecord;
        } else if (metaValue != null) {
          maskedMeta = null;
        }
        row.put(meta, maskedMeta);
      }
      for (String name : values.keySet()) {
        masked.get(name).add(row.get(name));
      }
    }
    List<Message> out = new ArrayList<>();
    for (Message c : columns) {
      String name = Protos.string(c, "field_name");
      if (!byName.containsKey(name) || masked.get(name).equals(values.get(name)) || name.equals(pk) && plan == null) {
        out.add(c);
      } else {
        out.add(MilvusColumns.withValues(c, masked.get(name)));
      }
    }
    return new MaskOutcome(out, counts);
  }

  /** The column kinds whose values can be numbers that are not finite. */
  private static final Set<String> NUMERIC_KINDS = Set.of("float_data", "double_data", "json_data");

  private static boolean nonFinite(@Nullable Object v) {
    return v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f);
  }

  private static int idCount(Message m) {
    Message ids = Protos.message(m, "ids");
    if (ids == null) {
      return 0;
    }
    for (String kind : List.of("int_id", "str_id")) {
      Message array = Protos.message(ids, kind);
      if (array != null) {
        return array.getRepeatedFieldCount(Protos.field(array, "data"));
      }
    }
    return 0;
  }
}
