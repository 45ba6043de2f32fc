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
 * <p>Closing a scope restores the actor of the innermost scope still open (none once all are
 * closed, even when they are closed out of order), so nothing leaks to the next task of a pooled
 * thread. Adapters capture the actor where a call is created ({@link
 * #current()}) and carry it to wherever the call runs; they never read it on a dispatcher thread.
 * Thread-safe: each thread has its own context.
 */
public final class GuardContext {
  /** The innermost open scope of this thread; it links to the scopes it is nested in. */
  private static final ThreadLocal<@Nullable Scope> CURRENT = new ThreadLocal<>();

  private GuardContext() {}

  /** Makes {@code actor} current on this thread until the returned scope is closed. */
  public static Scope actAs(Actor actor) {
    Objects.requireNonNull(actor, "actor");
    Scope scope = new Scope(actor, CURRENT.get(), Thread.currentThread());
    CURRENT.set(scope);
    return scope;
  }

  /** The actor of the current thread's unit of work, or {@code null} when none is set. */
  public static @Nullable Actor current() {
    Scope scope = CURRENT.get();
    return scope == null ? null : scope.actor;
  }

  /**
   * An open actor scope; closing it restores the actor of the innermost scope still open (none
   * when all are closed). Close it on the opening thread.
   *
   * <p>Scopes closed out of order never bring a closed scope's actor back: closing an outer scope
   * while an inner one is open leaves the inner actor current, and when the inner one closes,
   * the closed outer one is skipped.
   */
  public static final class Scope implements AutoCloseable {
    private final Actor actor;
    private final @Nullable Scope enclosing;
    private final Thread owner;
    private boolean closed;

    private Scope(Actor actor, @Nullable Scope enclosing, Thread owner) {
      this.actor = actor;
      this.enclosing = enclosing;
      this.owner = owner;
    }

    /**
     * Ends this scope. Idempotent.
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
      if (CURRENT.get() != this) {
        // Closed out of order: an inner scope is still open; it skips this one when it closes.
        return;
      }
      Scope open = enclosing;
      while (open != null && open.closed) {
        open = open.enclosing;
      }
      if (open == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(open);
      }
    }
  }
}
