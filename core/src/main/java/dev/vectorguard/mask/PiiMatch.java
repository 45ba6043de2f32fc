package dev.vectorguard.mask;

import java.util.Objects;

/**
 * One PII entity found in a text: its type and the span {@code [start, end)} of chars.
 * {@link #toString()} shows the span only, never the text.
 *
 * @param type the entity type, such as {@code EMAIL}; {@code detect-pii} writes {@code <EMAIL>}
 * @param start the index of the first char
 * @param end the index after the last char
 */
public record PiiMatch(String type, int start, int end) {
  public PiiMatch {
    Objects.requireNonNull(type, "type");
    if (type.isEmpty()) {
      throw new IllegalArgumentException("type must not be empty");
    }
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("span must be non-empty and non-negative, but was ["
          + start + ", " + end + ")");
    }
  }

  public int length() {
    return end - start;
  }
}
