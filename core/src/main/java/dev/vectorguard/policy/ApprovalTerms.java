package dev.vectorguard.policy;

import dev.vectorguard.approval.ApprovalWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The approval terms of several approve rules that match one call, combined so that each rule's
 * terms hold: the most approvals any asks for, the shortest wait, every window. Not public API.
 */
record ApprovalTerms(int minApprovals, Duration maxWait, List<ApprovalWindow> windows) {
  static final ApprovalTerms NONE = new ApprovalTerms(1, Duration.ZERO, List.of());

  ApprovalTerms and(int otherMin, Duration otherWait, List<ApprovalWindow> otherWindows) {
    List<ApprovalWindow> all = new ArrayList<>(windows);
    otherWindows.stream().filter(w -> !all.contains(w)).forEach(all::add);
    // A rule that does not wait makes the call not wait: holding a call is never more than each rule allows.
    Duration shorter = this == NONE ? otherWait : otherWait.compareTo(maxWait) < 0 ? otherWait : maxWait;
    return new ApprovalTerms(Math.max(minApprovals, otherMin), shorter, List.copyOf(all));
  }
}
