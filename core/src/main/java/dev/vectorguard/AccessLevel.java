package dev.vectorguard;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How much a call can do, ordered {@code none < read < write < manage < admin}.
 *
 * <p>Dialects classify every call at least as strictly as the database's own authorization for
 * the same call: an operation Qdrant treats as a write is never {@link #READ} here.
 */
public enum AccessLevel {
  /** Health and version probes: no data, no metadata. */
  NONE,
  /** Reads points or collection metadata. */
  READ,
  /** Inserts, updates or deletes points. */
  WRITE,
  /** Changes collections: create, drop, alter, indexes, aliases, snapshots. */
  MANAGE,
  /** Cluster, users, roles, databases: everything else. */
  ADMIN;

  /** The lower-case name used in policies ({@code "read"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this level is at least {@code other}. */
  public boolean atLeast(AccessLevel other) {
    return compareTo(other) >= 0;
  }

  /** The level with this {@link #id()}, or {@code null} when there is none. */
  public static @Nullable AccessLevel fromId(String id) {
    for (AccessLevel level : values()) {
      if (level.id().equals(id)) {
        return level;
      }
    }
    return null;
  }
}
