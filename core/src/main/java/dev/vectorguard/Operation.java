package dev.vectorguard;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a vector-database call does, independent of backend and protocol.
 *
 * <p>Each operation has a default {@link AccessLevel}; a dialect may classify a particular call
 * more strictly (never less). A call no dialect recognises is {@link #UNKNOWN}, whose level is
 * {@link AccessLevel#ADMIN}, so it is denied unless a rule names it.
 */
public enum Operation {
  SEARCH(AccessLevel.READ),
  QUERY(AccessLevel.READ),
  RECOMMEND(AccessLevel.READ),
  DISCOVER(AccessLevel.READ),
  SCROLL(AccessLevel.READ),
  GET(AccessLevel.READ),
  COUNT(AccessLevel.READ),
  FACET(AccessLevel.READ),
  UPSERT(AccessLevel.WRITE),
  UPDATE(AccessLevel.WRITE),
  DELETE(AccessLevel.WRITE),
  CREATE_COLLECTION(AccessLevel.MANAGE),
  DROP_COLLECTION(AccessLevel.MANAGE),
  ALTER_COLLECTION(AccessLevel.MANAGE),
  DESCRIBE_COLLECTION(AccessLevel.READ),
  LIST_COLLECTIONS(AccessLevel.READ),
  LOAD_COLLECTION(AccessLevel.MANAGE),
  CREATE_INDEX(AccessLevel.MANAGE),
  DROP_INDEX(AccessLevel.MANAGE),
  DESCRIBE_INDEX(AccessLevel.READ),
  PARTITION(AccessLevel.MANAGE),
  ALIAS(AccessLevel.MANAGE),
  LIST_ALIASES(AccessLevel.READ),
  SNAPSHOT(AccessLevel.MANAGE),
  FLUSH(AccessLevel.WRITE),
  DATABASE_ADMIN(AccessLevel.ADMIN),
  LIST_DATABASES(AccessLevel.READ),
  TENANT_ADMIN(AccessLevel.ADMIN),
  CLUSTER(AccessLevel.ADMIN),
  USER_ADMIN(AccessLevel.ADMIN),
  RESET(AccessLevel.ADMIN),
  HEALTH(AccessLevel.NONE),
  UNKNOWN(AccessLevel.ADMIN);

  private final AccessLevel defaultAccess;

  Operation(AccessLevel defaultAccess) {
    this.defaultAccess = defaultAccess;
  }

  /** The level this operation needs unless a dialect knows the call needs more. */
  public AccessLevel defaultAccess() {
    return defaultAccess;
  }

  /** The snake-case name used in policies ({@code "drop_collection"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operation with this {@link #id()}, or {@code null} when there is none. */
  public static @Nullable Operation fromId(String id) {
    for (Operation operation : values()) {
      if (operation.id().equals(id)) {
        return operation;
      }
    }
    return null;
  }
}
