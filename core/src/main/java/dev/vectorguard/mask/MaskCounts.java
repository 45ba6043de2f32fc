package dev.vectorguard.mask;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What masking did to one response: fields changed per action, PII entities replaced per type,
 * vectors stripped, records visited. Counts only, never values. Immutable.
 */
public final class MaskCounts {
  public static final MaskCounts NONE = new MaskCounts(Map.of(), Map.of(), 0, 0);

  private final Map<MaskAction, Long> fieldsByAction;
  private final Map<String, Long> entitiesByType;
  private final long vectorsStripped;
  private final long records;

  private MaskCounts(Map<MaskAction, Long> fieldsByAction, Map<String, Long> entitiesByType,
      long vectorsStripped, long records) {
    this.fieldsByAction = fieldsByAction.isEmpty() ? Map.of() : new EnumMap<>(fieldsByAction);
    this.entitiesByType = Map.copyOf(entitiesByType);
    this.vectorsStripped = vectorsStripped;
    this.records = records;
  }

  /**
   * Counts as given.
   *
   * @throws IllegalArgumentException when a count is negative
   */
  public static MaskCounts of(Map<MaskAction, Long> fieldsByAction, Map<String, Long> entitiesByType,
      long vectorsStripped, long records) {
    Objects.requireNonNull(fieldsByAction, "fieldsByAction");
    Objects.requireNonNull(entitiesByType, "entitiesByType");
    if (vectorsStripped < 0 || records < 0
        || fieldsByAction.values().stream().anyMatch(n -> n < 0)
        || entitiesByType.values().stream().anyMatch(n -> n < 0)) {
      throw new IllegalArgumentException("mask counts must not be negative");
    }
    return new MaskCounts(fieldsByAction, entitiesByType, vectorsStripped, records);
  }

  /** Counts a masking run has tallied, non-negative by construction: no check (it showed in masked gRPC searches). */
  static MaskCounts tallied(Map<MaskAction, Long> fieldsByAction, Map<String, Long> entitiesByType,
      long vectorsStripped, long records) {
    return new MaskCounts(fieldsByAction, entitiesByType, vectorsStripped, records);
  }

  public Map<MaskAction, Long> fieldsByAction() {
    return fieldsByAction;
  }

  public Map<String, Long> entitiesByType() {
    return entitiesByType;
  }

  public long vectorsStripped() {
    return vectorsStripped;
  }

  public long records() {
    return records;
  }

  /** Total fields changed by any action. */
  public long fieldsMasked() {
    return fieldsByAction.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The sum of this and {@code other}. */
  public MaskCounts plus(MaskCounts other) {
    Map<MaskAction, Long> fields = new EnumMap<>(MaskAction.class);
    fields.putAll(fieldsByAction);
    other.fieldsByAction.forEach((k, v) -> fields.merge(k, v, Long::sum));
    Map<String, Long> entities = new TreeMap<>(entitiesByType);
    other.entitiesByType.forEach((k, v) -> entities.merge(k, v, Long::sum));
    return new MaskCounts(fields, entities, vectorsStripped + other.vectorsStripped, records + other.records);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskCounts other
        && fieldsByAction.equals(other.fieldsByAction)
        && entitiesByType.equals(other.entitiesByType)
        && vectorsStripped == other.vectorsStripped
        && records == other.records;
  }

  @Override
  public int hashCode() {
    return Objects.hash(fieldsByAction, entitiesByType, vectorsStripped, records);
  }

  @Override
  public String toString() {
    return "MaskCounts{fields=" + fieldsByAction + ", entities=" + new TreeMap<>(entitiesByType)
        + ", vectorsStripped=" + vectorsStripped + ", records=" + records + '}';
  }
}
