package dev.vectorguard.approval;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Checks just-in-time approvals for calls whose decision is {@link dev.vectorguard.Decision.NeedsApproval}.
 *
 * <p>Implementations are thread-safe. {@link #check} is called on the request path: it answers
 * from local state (verified grants), never by waiting for a person.
 */
@FunctionalInterface
public interface ApprovalService {

  /** Whether a valid grant covers {@code request}; when none does, the pending request's id. */
  ApprovalStatus check(ApprovalRequest request);

  /**
   * Completes once {@code request} is granted or {@code wait} has passed, with the last status;
   * waits off the calling thread. By default, does not wait: completes at once with {@code first}
   * (the status {@link #check} gave).
   */
  default CompletableFuture<ApprovalStatus> await(ApprovalRequest request, Duration wait, ApprovalStatus first) {
    return CompletableFuture.completedFuture(first);
  }

  /** A service that has no grants: every call that needs approval is refused, with a request id. */
  static ApprovalService none() {
    return request -> ApprovalStatus.pending("apr_" + UUID.randomUUID(),
        "no approval service is configured, so no grant can exist");
  }
}
