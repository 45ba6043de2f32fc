package dev.vectorguard.approval;

import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import java.util.Objects;

/**
 * A call that needs a just-in-time approval: who, what, and the decision that asked for it.
 *
 * @param identity the caller
 * @param call the call
 * @param decision the policy's decision, naming the approvers, grant lifetime and single use
 */
public record ApprovalRequest(Identity identity, VectorCall call, Decision.NeedsApproval decision) {
  public ApprovalRequest {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(decision, "decision");
  }
}
