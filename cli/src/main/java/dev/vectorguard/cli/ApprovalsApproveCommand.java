package dev.vectorguard.cli;

import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vectorguard approvals approve ID --as user:bob --group group:dba --reason "…" [--for 10m]}. */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = {"Approve a pending request; with min_approvals, each distinct approver counts once.",
        "The grant lasts --for (an ISO-8601 duration or 90s, 15m, 2h), at most the rule's ttl."})
final class ApprovalsApproveCommand extends ApprovalDecisionCommand {
  @Option(names = "--for", paramLabel = "DURATION", description = "How long the grant lasts (default: the rule's ttl).")
  String duration;

  @Override
  ApprovalRecord decide(Approvals approvals, Approver approver) {
    return approvals.approve(id, approver, reason, duration == null ? null : parse(duration));
  }

  private static Duration parse(String text) {
    java.util.regex.Matcher short_ = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(text);
    if (short_.matches()) {
      long n = Long.parseLong(short_.group(1));
      return switch (short_.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("--for must be a duration such as 90s, 15m, 2h or PT10M, but was '" + text
          + "'");
    }
  }
}
