package dev.vectorguard.cli;

import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import picocli.CommandLine.Command;

/** {@code vectorguard approvals revoke ID --as user:bob --group group:dba --reason "…"}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = "Revoke a pending request or a grant that is not used up.")
final class ApprovalsRevokeCommand extends ApprovalDecisionCommand {
  @Override
  ApprovalRecord decide(Approvals approvals, Approver approver) {
    return approvals.revoke(id, approver, reason);
  }
}
