package dev.vectorguard.mask;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Compiled mask rules plus vector stripping, ready to apply to responses. Immutable, thread-safe.
 * Contract fixed by the foundation; the masking issue implements it.
 */
public final class MaskPlan {
  private MaskPlan() {}

  /** Whether applying this plan changes nothing (no rules, no stripping). */
  public boolean isNoop() {
    throw new UnsupportedOperationException("masking engine not built yet");
  }

  /**
   * Copies a JSON body from {@code in} to {@code out}, masking the records and stripping the
   * vectors that {@code layout} locates. Streams: memory grows with nesting depth, not body size.
   *
   * @throws MaskingException when the body is malformed or truncated; what was written to
   *     {@code out} must then be discarded
   */
  public MaskCounts maskJson(InputStream in, OutputStream out, JsonLayout layout) throws MaskingException {
    throw new UnsupportedOperationException("masking engine not built yet");
  }

  /** Masks one record given as a JSON-like tree (String, Number, Boolean, null, List, Map). */
  public MaskedRecord maskRecord(Map<String, Object> record) {
    throw new UnsupportedOperationException("masking engine not built yet");
  }
}
