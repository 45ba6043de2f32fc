package dev.vectorguard.approval;

import dev.vectorguard.Spi;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

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

  /**
   * Completes once a grant for {@code request} is ready or {@code wait} has passed, with the last
   * status (granted: ready to use; the caller's next {@link #check} uses it). Waits off the calling
   * thread. {@code first} is the status {@link #check} just gave, or {@code null} when the caller
   * has not checked: then the service looks (and opens a request) without using any grant. By
   * default, does not wait: completes at once with {@code first}, or a pending status.
   */
  default CompletableFuture<ApprovalStatus> await(ApprovalRequest request, Duration wait,
      @Nullable ApprovalStatus first) {
    return CompletableFuture.completedFuture(first != null ? first
        : ApprovalStatus.pending("apr_unknown", "this approval service does not wait for grants"));
  }

  /** A service that has no grants: every call that needs approval is refused, with a request id. */
  static ApprovalService none() {
    return request -> ApprovalStatus.pending("apr_" + UUID.randomUUID(),
        "no approval service is configured, so no grant can exist");
  }
}
