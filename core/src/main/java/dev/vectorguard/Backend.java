package dev.vectorguard;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The vector databases Vectorguard understands. */
public enum Backend {
  QDRANT,
  MILVUS,
  CHROMA;

  /** The lower-case name used in policies, audit records and the CLI ({@code "qdrant"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The backend with this {@link #id()}, or {@code null} when there is none. */
  public static @Nullable Backend fromId(String id) {
    for (Backend backend : values()) {
      if (backend.id().equals(id)) {
        return backend;
      }
    }
    return null;
  }
}
