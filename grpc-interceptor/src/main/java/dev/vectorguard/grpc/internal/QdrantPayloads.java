package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
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
 * A Qdrant point's {@code payload} map ({@code map<string, qdrant.Value>}) limited and masked where
 * it stands: only the entries a mask rule can reach ({@link MaskPlan#touches}) are converted to
 * Java values, masked by {@link MaskPlan#maskRecord} and converted back into their own position;
 * every other entry stays the same protobuf object. The result and the counts are those of masking
 * the whole payload as one record (the contract of {@code touches}), so the rules' meaning stays in
 * core. Stateless.
 */
final class QdrantPayloads {
  private static final PerType<Fields> FIELDS = new PerType<>(Fields::of);

  private QdrantPayloads() {}

  /**
   * The fields of one point type: its payload map (absent when the type has none, or not as a map),
   * the map entry's key and value, and {@code qdrant.Value}'s {@code double_value}.
   */
  record Fields(@Nullable FieldDescriptor payload, @Nullable FieldDescriptor key, @Nullable FieldDescriptor value,
      @Nullable FieldDescriptor doubleValue) {
    static Fields of(Descriptor point) {
      FieldDescriptor payload = point.findFieldByName("payload");
      if (payload == null || !payload.isMapField()) {
        return new Fields(null, null, null, null);
      }
      Descriptor entry = payload.getMessageType();
      FieldDescriptor value = entry.findFieldByName("value");
      return new Fields(payload, entry.findFieldByName("key"), value,
          value.getMessageType().findFieldByName("double_value"));
    }

    int size(Message point) {
      return payload == null ? 0 : point.getRepeatedFieldCount(payload);
    }

    Message entry(Message point, int i) {
      return (Message) point.getRepeatedField(payload, i);
    }

    String key(Message entry) {
      return (String) entry.getField(key);
    }

    Message value(Message entry) {
      return (Message) entry.getField(value);
    }

    /** Whether {@code value} is a number the masking check refuses; an unset one reads as 0. */
    boolean nonFinite(Message value) {
      return doubleValue != null && !Double.isFinite((Double) value.getField(doubleValue));
    }
  }

  static Fields fields(Message point) {
    return FIELDS.get(point.getDescriptorForType());
  }

  /**
   * The value of payload key {@code key} as a Java tree, {@code null} when absent or null; the
   * last entry wins, as in a map built from the entries.
   */
  static @Nullable Object get(Message point, String key) {
    Fields f = fields(point);
    Message found = null;
    for (int i = 0, n = f.size(point); i < n; i++) {
      Message entry = f.entry(point, i);
      if (f.key(entry).equals(key)) {
        found = f.value(entry);
      }
    }
    return found == null ? null : QdrantValues.toJava(found);
  }

  /**
   * A point's payload entries after limiting and masking ({@code null} when they stay as they
   * are), with what masking counted.
   */
  record Result(@Nullable List<Message> entries, MaskCounts counts) {}

  private static final Result UNCHANGED = new Result(null, MaskCounts.NONE);
  private static final Result UNCHANGED_RECORD = new Result(null, MaskCounts.of(Map.of(), Map.of(), 0, 1));

  /**
   * The payload entries of {@code point} limited to {@code allowed} (when not {@code null}) and
   * masked by {@code plan} (when not {@code null}). A payload left non-empty by {@code allowed}
   * counts as one record under a plan, as when masked whole.
   *
   * @throws IllegalArgumentException as {@link MaskPlan#maskRecord} does for the whole payload
   */
  static Result mask(Message point, @Nullable Set<String> allowed, @Nullable MaskPlan plan) {
    Fields f = fields(point);
    int size = f.size(point);
    if (size == 0 || (allowed == null && plan == null)) {
      return UNCHANGED;
    }
    List<Message> kept = new ArrayList<>(size);
    Map<String, Object> touched = null;
    for (int i = 0; i < size; i++) {
      Message entry = f.entry(point, i);
      String key = f.key(entry);
      if (allowed != null && !allowed.contains(key)) {
        continue;
      }
      kept.add(entry);
      // An entry no rule reaches is kept as it is; a non-finite number there still goes to the
      // plan, which refuses it as it would in the whole payload.
      if (plan != null && (plan.touches(key) || f.nonFinite(f.value(entry)))) {
        touched = touched == null ? new LinkedHashMap<>() : touched;
        touched.put(key, QdrantValues.toJava(f.value(entry)));
      }
    }
    if (plan == null || kept.isEmpty()) {
      return kept.size() < size ? new Result(kept, MaskCounts.NONE) : UNCHANGED;
    }
    if (touched == null) {
      return kept.size() < size ? new Result(kept, UNCHANGED_RECORD.counts()) : UNCHANGED_RECORD;
    }
    MaskedRecord masked = plan.maskRecord(touched);
    List<Message> out = new ArrayList<>(kept.size());
    for (Message entry : kept) {
      String key = f.key(entry);
      if (!touched.containsKey(key)) {
        out.add(entry);
      } else if (masked.record().containsKey(key)) {
        Message.Builder b = entry.newBuilderForType();
        b.setField(f.key, key);
        b.setField(f.value, QdrantValues.toValue(masked.record().get(key), b.newBuilderForField(f.value)));
        out.add(b.build());
      }
    }
    return new Result(out, masked.counts());
  }
}
