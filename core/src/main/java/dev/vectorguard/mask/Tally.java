package dev.vectorguard.mask;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Mutable counts for one masking run, turned into {@link MaskCounts} at the end. Not public API. */
final class Tally {
  private final long[] fields = new long[MaskAction.values().length];
  private final Map<String, Long> entities = new TreeMap<>();
  private long vectors;
  private long records;

  void field(MaskAction action) {
    fields[action.ordinal()]++;
  }

  void entity(String type) {
    entities.merge(type, 1L, Long::sum);
  }

  void vectors(long n) {
    vectors += n;
  }

  void record() {
    records++;
  }

  MaskCounts counts() {
    Map<MaskAction, Long> byAction = new EnumMap<>(MaskAction.class);
    for (MaskAction action : MaskAction.values()) {
      if (fields[action.ordinal()] > 0) {
        byAction.put(action, fields[action.ordinal()]);
      }
    }
    return MaskCounts.tallied(byAction, entities, vectors, records);
  }
}
