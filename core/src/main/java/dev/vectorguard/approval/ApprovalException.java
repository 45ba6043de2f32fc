package dev.vectorguard.approval;

/**
 * A decision on an approval request that cannot be made: no such request, not pending any more,
 * an approver who may not decide it (not among the rule's approvers, or the requester), a second
 * vote by the same approver, or a store that failed. The message says which, in one line, and
 * names the request.
 */
public class ApprovalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ApprovalException(String message) {
    super(message);
  }

  public ApprovalException(String message, Throwable cause) {
    super(message, cause);
  }
}
