package dev.vectorguard.audit;

/**
 * How much of a call the audit trail records. Tokens, vectors and values that masking removed are
 * never recorded at any level.
 */
public enum CaptureLevel {
  /** Who, what, the decision and the outcome: the default. */
  METADATA,
  /**
   * Adds the normalised query to {@code call.completed}: filters, limits, offsets, requested
   * fields and search parameters, never vectors or payloads.
   */
  QUERY,
  /**
   * Adds the request and the masked response bodies to {@code call.completed}, vectors removed
   * and each body cut at the guard's capture limit: a session recording.
   */
  FULL;

  /** Whether this level records at least what {@code other} records. */
  public boolean includes(CaptureLevel other) {
    return compareTo(other) >= 0;
  }
}
