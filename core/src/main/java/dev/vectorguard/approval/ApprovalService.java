package dev.vectorguard.approval;

import dev.vectorguard.Spi;
import java.util.UUID;

/**
 * Checks just-in-time approvals for calls whose decision is {@link dev.vectorguard.Decision.NeedsApproval}.
 *
 * <p>Implementations are thread-safe. {@link #check} is called on the request path: it answers
 * from local state (verified grants), never by waiting for a person.
 */
@FunctionalInterface
@Spi
public interface ApprovalService {

  /** Whether a valid grant covers {@code request}; when none does, the pending request's id. */
  ApprovalStatus check(ApprovalRequest request);

  /** A service that has no grants: every call that needs approval is refused, with a request id. */
  static ApprovalService none() {
    return request -> ApprovalStatus.pending("apr_" + UUID.randomUUID(),
        "no approval service is configured, so no grant can exist");
  }
}
