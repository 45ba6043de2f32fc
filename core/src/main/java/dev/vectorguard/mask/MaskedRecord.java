package dev.vectorguard.mask;

import java.util.Map;
import java.util.Objects;

/**
 * A record after masking, with what masking did to it.
 *
 * @param record the masked copy (JSON-like values: String, Number, Boolean, null, List, Map)
 * @param counts what was masked
 */
public record MaskedRecord(Map<String, Object> record, MaskCounts counts) {
  public MaskedRecord {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(counts, "counts");
  }
}
