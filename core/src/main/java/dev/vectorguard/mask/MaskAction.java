package dev.vectorguard.mask;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What to do with a selected payload field, ordered from the action that reveals the most
 * ({@link #DETECT_PII}) to the one that reveals the least ({@link #DROP}). When two rules select
 * the same field, the stronger action wins.
 */
public enum MaskAction {
  /** Scan string values and replace each detected PII entity by its type, such as {@code <EMAIL>}. */
  DETECT_PII("detect-pii"),
  /** Keep the last N characters, replacing the rest. */
  PARTIAL("partial"),
  /** Replace with a keyed HMAC-SHA256 pseudonym, stable so joins still work. */
  HASH("hash"),
  /** Replace with a marker, {@code "[REDACTED]"} by default. */
  REDACT("redact"),
  /** Set the value to null. */
  NULL("null"),
  /** Remove the field. */
  DROP("drop");

  private final String id;

  MaskAction(String id) {
    this.id = id;
  }

  /** The name used in policies ({@code "detect-pii"}). */
  public String id() {
    return id;
  }

  /** Whether this action reveals no more than {@code other}. */
  public boolean atLeastAsStrongAs(MaskAction other) {
    return compareTo(other) >= 0;
  }

  /** The stronger of two actions. */
  public static MaskAction strongest(MaskAction a, MaskAction b) {
    return a.atLeastAsStrongAs(b) ? a : b;
  }

  /** The action with this {@link #id()}, or {@code null} when there is none. */
  public static @Nullable MaskAction fromId(String id) {
    for (MaskAction action : values()) {
      if (action.id.equals(id.toLowerCase(Locale.ROOT))) {
        return action;
      }
    }
    return null;
  }
}
