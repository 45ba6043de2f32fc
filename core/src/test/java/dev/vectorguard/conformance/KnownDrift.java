package dev.vectorguard.conformance;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The row × wire pairs that fall short of their row today because a backend's rules were written
 * twice and drifted. A listed pair aborts instead of failing; once it meets its row it fails until
 * it is removed here, so this list only shrinks. Nothing else may be added to make the build pass.
 */
public final class KnownDrift {
  /**
   * One pair that falls short.
   *
   * @param row the scenario id
   * @param wire where it falls short
   * @param cause which rule is missing or drifted, and in which file
   */
  public record Entry(String row, Wire wire, String cause) {
    public Entry {
      Objects.requireNonNull(row, "row");
      Objects.requireNonNull(wire, "wire");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** Every known-failing pair, with its cause: none, every row holds on every transport it is spelled for. */
  public static final List<Entry> KNOWN_DRIFT = List.of();

  private KnownDrift() {}

  /** The entry for {@code row} on {@code wire}, or {@code null} when the pair is not listed. */
  public static @Nullable Entry find(String row, Wire wire) {
    for (Entry entry : KNOWN_DRIFT) {
      if (entry.row().equals(row) && entry.wire() == wire) {
        return entry;
      }
    }
    return null;
  }

  private static Entry drift(String row, Wire wire, String cause) {
    return new Entry(row, wire, cause);
  }
}
