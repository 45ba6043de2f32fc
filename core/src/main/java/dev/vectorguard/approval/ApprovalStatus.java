package dev.vectorguard.approval;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a call that needs approval may proceed now.
 *
 * @param granted whether a valid grant covers the call
 * @param approvalId the id of the pending request or of the grant used; refusals name it so the
 *     caller can ask an approver for exactly this
 * @param reason one line a person can read
 */
public record ApprovalStatus(boolean granted, String approvalId, String reason) {
  public ApprovalStatus {
    Objects.requireNonNull(approvalId, "approvalId");
    Objects.requireNonNull(reason, "reason");
  }

  public static ApprovalStatus granted(String grantId, String reason) {
    return new ApprovalStatus(true, grantId, reason);
  }

  public static ApprovalStatus pending(String requestId, @Nullable String reason) {
    return new ApprovalStatus(false, requestId, reason == null ? "waiting for approval" : reason);
  }
}
