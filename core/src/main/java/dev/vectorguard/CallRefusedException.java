package dev.vectorguard;

import org.jspecify.annotations.Nullable;

/**
 * The policy refused a call: denied, or approval needed and not granted; or it allowed the call
 * but its request cannot be made to obey the decision's obligations (a facet on a masked field, a
 * write into another tenant). Carries the decision, so the caller can see which rules decided and
 * why. Nothing was sent.
 */
public final class CallRefusedException extends VectorGuardException {
  private static final long serialVersionUID = 1L;

  private final transient Decision decision;
  private final @Nullable String approvalId;

  CallRefusedException(String message, String callId, Decision decision, @Nullable String approvalId) {
    super(message, callId, null);
    this.decision = decision;
    this.approvalId = approvalId;
  }

  /** The decision that refused the call. */
  public Decision decision() {
    return decision;
  }

  /** For calls that need approval: the approval request to ask an approver for; otherwise {@code null}. */
  public @Nullable String approvalId() {
    return approvalId;
  }
}
