package dev.vectorguard.observe;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.VectorGuardException;

/**
 * Sees one call after {@link CallListener#starting}: either {@link #refused} once, or
 * {@link #admitted} and later {@link #completed} once. Each method is called after the audit event
 * it corresponds to was written, possibly on different threads (a response is often completed on a
 * transport thread). What a method throws is logged and ignored.
 */
public interface CallObserver {
  /** Observes nothing. */
  CallObserver NONE = new CallObserver() {};

  /** The call may proceed: its decision, obligations and credential are on {@code call}. */
  default void admitted(GuardedCall call) {}

  /**
   * The guard refused the call before anything was sent: a {@link dev.vectorguard.CallRefusedException}
   * (the policy, or a request the obligations cannot be applied to) or a
   * {@link dev.vectorguard.GuardFailureException} (the guard could not decide safely).
   */
  default void refused(VectorGuardException refusal) {}

  /** The admitted {@code call} ended with {@code outcome} (masking counts included). */
  default void completed(GuardedCall call, CallOutcome outcome) {}
}
