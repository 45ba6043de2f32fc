package dev.vectorguard;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The actor of the current unit of work, scoped to a thread with try-with-resources.
 *
 * <pre>{@code
 * try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
 *   qdrant.searchAsync(request).get();   // decided for tenant "acme"
 * }                                       // the previous actor (usually none) is back
 * }</pre>
 *
 * <p>Closing a scope restores exactly what was there before it opened, so nothing leaks to the
 * next task of a pooled thread. Adapters capture the actor where a call is created ({@link
 * #current()}) and carry it to wherever the call runs; they never read it on a dispatcher thread.
 * Thread-safe: each thread has its own context.
 */
public final class GuardContext {
  private static final ThreadLocal<@Nullable Actor> CURRENT = new ThreadLocal<>();

  private GuardContext() {}

  /** Makes {@code actor} current on this thread until the returned scope is closed. */
  public static Scope actAs(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    Scope scope = new Scope(CURRENT.get(), Thread.currentThread());
    CURRENT.set(actor);
    return scope;
  }

  /** The actor of the current thread's unit of work, or {@code null} when none is set. */
  public static @Nullable Actor current() {
    return CURRENT.get();
  }

  /** An open actor scope; closing it restores the previous actor. Close it on the opening thread. */
  public static final class Scope implements AutoCloseable {
    private final @Nullable Actor previous;
    private final Thread owner;
    private boolean closed;

    private Scope(@Nullable Actor previous, Thread owner) {
      this.previous = previous;
      this.owner = owner;
    }

    /**
     * Restores the previous actor. Idempotent.
     *
     * @throws IllegalStateException when called from another thread than the one that opened it
     */
    @Override
    public void close() {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("a GuardContext scope must be closed on the thread that opened it ("
            + owner.getName() + "), not on " + Thread.currentThread().getName());
      }
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
}
