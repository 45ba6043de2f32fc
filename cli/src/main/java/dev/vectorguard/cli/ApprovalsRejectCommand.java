package dev.vectorguard.cli;

import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import picocli.CommandLine.Command;

/** {@code vectorguard approvals reject ID --as user:bob --group group:dba --reason "…"}. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending request.")
final class ApprovalsRejectCommand extends ApprovalDecisionCommand {
  @Override
  ApprovalRecord decide(Approvals approvals, Approver approver) {
    return approvals.reject(id, approver, reason);
  }
}
