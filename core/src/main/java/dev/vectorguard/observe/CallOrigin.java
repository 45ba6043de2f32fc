package dev.vectorguard.observe;

/**
 * What a {@link CallListener} captured where a call was created, for an adapter to bring back on
 * the thread that begins the call: {@code try (CallOrigin.Restored r = origin.restore()) { ... }}.
 * Immutable; may be restored on any thread, more than once.
 */
@FunctionalInterface
public interface CallOrigin {
  /** Captures nothing and restores nothing. */
  CallOrigin NONE = () -> () -> {};

  /** Makes the captured state current on this thread until the returned scope is closed. */
  Restored restore();

  /** A restored origin; closing it, on the same thread, puts back what was current before. */
  @FunctionalInterface
  interface Restored extends AutoCloseable {
    @Override
    void close();
  }
}
