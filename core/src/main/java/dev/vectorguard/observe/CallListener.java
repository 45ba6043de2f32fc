package dev.vectorguard.observe;

import dev.vectorguard.GuardFailureException;
import dev.vectorguard.Spi;
import dev.vectorguard.VectorCall;
import org.jspecify.annotations.Nullable;

/**
 * Sees every call a {@link dev.vectorguard.VectorGuard} handles, from its start to its refusal or
 * its end: the hook behind tracing and call metrics. Set with
 * {@link dev.vectorguard.VectorGuard.Builder#listener(CallListener)}.
 *
 * <pre>{@code
 * VectorGuard guard = VectorGuard.builder(policy).workload(workload)
 *     .listener(call -> new CallObserver() {
 *       public void completed(GuardedCall guarded, CallOutcome outcome) { record(guarded, outcome); }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Called on the request path: implementations are thread-safe and fast. What they throw is
 * logged and otherwise ignored, so a listener can neither refuse a call nor let one through, and
 * never changes what is audited.
 */
@Spi
@FunctionalInterface
public interface CallListener {

  /**
   * A classified call reaches {@link dev.vectorguard.VectorGuard#begin}, before its identity and
   * decision; called on the thread that begins the call (where an adapter has
   * {@link CallOrigin#restore() restored} the call's origin, if it captured one). Returns the
   * observer of this one call, told exactly once of its refusal or, after it was admitted, of its
   * end; {@link CallObserver#NONE} to ignore it.
   */
  CallObserver starting(VectorCall call);

  /**
   * An adapter refused a request it could not classify or parse ({@link
   * dev.vectorguard.VectorGuard#refuse}); {@code endpoint} is what was called, as the adapter saw it.
   */
  default void unclassified(String endpoint, GuardFailureException refusal) {}

  /**
   * Captures, on the thread that creates a call, what {@link #starting} would read from the thread
   * that begins it (a tracing context), and the server the call goes to. Adapters whose calls may
   * begin on another thread (OkHttp's {@code enqueue}) restore it around the call.
   *
   * @param serverAddress the server's host name or address, or {@code null} when not known
   * @param serverPort the server's port, or {@code -1} when not known
   */
  default CallOrigin captureOrigin(@Nullable String serverAddress, int serverPort) {
    return CallOrigin.NONE;
  }
}
