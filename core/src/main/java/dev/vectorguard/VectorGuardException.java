package dev.vectorguard;

/**
 * Vectorguard refused a call. Either the policy refused it ({@link CallRefusedException}) or the
 * guard could not decide safely ({@link GuardFailureException}); in both cases nothing was sent.
 */
public abstract sealed class VectorGuardException extends RuntimeException
    permits CallRefusedException, GuardFailureException {
  private static final long serialVersionUID = 1L;

  private final String callId;

  VectorGuardException(String message, String callId, Throwable cause) {
    super(message, cause);
    this.callId = callId;
  }

  /** The id of the refused call, as written in its {@code call.refused} audit event. */
  public String callId() {
    return callId;
  }
}
