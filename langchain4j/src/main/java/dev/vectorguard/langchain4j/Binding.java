package dev.vectorguard.langchain4j;

import dev.vectorguard.rest.RestGuard;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RestGuard} bound to the calling thread by {@link VectorGuardLangChain4j#bind}, for the
 * SPI factory; closing it restores the previous binding. Thread-confined.
 */
public final class Binding implements AutoCloseable {
  // Scoped like GuardContext's actor: set for the duration of a store's construction, on one thread.
  private static final ThreadLocal<@Nullable RestGuard> CURRENT = new ThreadLocal<>();

  private final @Nullable RestGuard previous;
  private boolean closed;

  private Binding(@Nullable RestGuard previous) {
    this.previous = previous;
  }

  static Binding open(RestGuard rest) {
    Binding binding = new Binding(CURRENT.get());
    CURRENT.set(rest);
    return binding;
  }

  /** The guard bound to the calling thread, or {@code null}. */
  static @Nullable RestGuard current() {
    return CURRENT.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
