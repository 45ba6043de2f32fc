package dev.vectorguard;

import java.util.Locale;

/**
 * The guard could not decide a call safely, so it refused it: the request could not be
 * classified or parsed, the token could not be had, the audit event could not be written in
 * required mode, or the response could not be masked. Carries the {@link Cause}. Nothing
 * unguarded was sent or returned.
 */
public final class GuardFailureException extends VectorGuardException {
  private static final long serialVersionUID = 1L;

  /** What the guard could not do. */
  public enum Cause {
    /** The request is of no endpoint or method the dialect knows how to classify safely. */
    CLASSIFY,
    /** The request body or path could not be read safely (malformed, ambiguous, too large). */
    PARSE,
    /** The caller's workload identity could not be established or verified. */
    IDENTITY,
    /** The policy could not be evaluated. */
    DECIDE,
    /** No valid credential could be had. */
    TOKEN,
    /** The audit event could not be written in required mode. */
    AUDIT,
    /**
     * The response could not be masked, so it was not passed on; or the obligations' mask rules
     * cannot be applied at all, so the call was not sent.
     */
    MASK;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Cause failure;

  GuardFailureException(String message, String callId, Cause failure, Throwable cause) {
    super(message, callId, cause);
    this.failure = failure;
  }

  /** What the guard could not do. */
  public Cause failure() {
    return failure;
  }
}
