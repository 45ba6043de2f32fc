package dev.vectorguard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reference to a payload field after a backend's parser has read it: the object keys from the
 * record's root to the field, with array steps ({@code []}, {@code [3]}) dropped, because the
 * guard's masks treat an array's elements as sitting at the array's own path. Two spellings that
 * the server reads as the same field give equal paths ({@code "email"}, {@code "\"email\""}).
 * Immutable.
 *
 * <p>Backends own their spelling rules: {@code dev.vectorguard.qdrant.QdrantPaths} parses Qdrant's
 * JSON paths, the policy's own selectors are parsed by {@link #selector}. Compare paths, never
 * the strings a request spelled them with.
 */
public final class FieldPath {
  /** The payload root: every field lies inside it. */
  public static final FieldPath ROOT = new FieldPath(List.of());

  private final List<String> keys;

  private FieldPath(List<String> keys) {
    this.keys = keys;
  }

  /**
   * The path through {@code keys}.
   *
   * @throws IllegalArgumentException when a key is empty
   */
  public static FieldPath of(List<String> keys) {
    for (String key : keys) {
      if (Objects.requireNonNull(key, "key").isEmpty()) {
        throw new IllegalArgumentException("a field path key must not be empty, but the keys were " + keys);
      }
    }
    return new FieldPath(List.copyOf(keys));
  }

  /**
   * A policy selector ({@code customer.email}, {@code contacts[].email}, {@code meta.*},
   * {@code **}) as a path whose keys may be the wildcards {@code *} (one level) and {@code **}
   * (any depth).
   *
   * @throws IllegalArgumentException when the selector has an empty key
   */
  public static FieldPath selector(String selector) {
    List<String> keys = new ArrayList<>();
    for (String part : selector.replace("[]", "").split("\\.", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("the field selector '" + selector + "' has an empty key");
      }
      keys.add(part);
    }
    return new FieldPath(List.copyOf(keys));
  }

  /** The keys from the root; empty for {@link #ROOT}. */
  public List<String> keys() {
    return keys;
  }

  /** The top-level key, or {@code ""} for {@link #ROOT}. */
  public String first() {
    return keys.isEmpty() ? "" : keys.get(0);
  }

  /**
   * Whether this selector (which may hold wildcards) and the concrete {@code field} overlap: one
   * selects the other, a part of it, or an object holding it. Reading such a field reads what the
   * selector protects.
   */
  public boolean overlaps(FieldPath field) {
    return overlaps(0, field, 0);
  }

  private boolean overlaps(int i, FieldPath field, int j) {
    if (i == keys.size() || j == field.keys.size()) {
      return true; // one is a prefix of the other
    }
    String key = keys.get(i);
    if (key.equals("**")) {
      return true;
    }
    return (key.equals("*") || key.equals(field.keys.get(j))) && overlaps(i + 1, field, j + 1);
  }

  /** Whether this path is {@code other} or lies inside it ({@code meta.lang} inside {@code meta}). */
  public boolean within(FieldPath other) {
    return keys.size() >= other.keys.size() && keys.subList(0, other.keys.size()).equals(other.keys);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath other && keys.equals(other.keys);
  }

  @Override
  public int hashCode() {
    return keys.hashCode();
  }

  /** The keys joined by dots, as the policy language writes a field. */
  @Override
  public String toString() {
    return String.join(".", keys);
  }
}
