package dev.vectorguard;

import dev.vectorguard.approval.ApprovalRequest;
import dev.vectorguard.approval.ApprovalService;
import dev.vectorguard.approval.ApprovalStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Holding a call that needs approval until its grant is ready ({@code approval.wait}): the
 * approval service waits off this thread; once a grant is ready the call checks again, which is
 * what uses (spends) it. Not public API.
 */
final class ApprovalWaits {
  private static final Duration MAX_WAIT = Duration.ofHours(1);

  private ApprovalWaits() {}

  static Duration checked(Duration wait) {
    Objects.requireNonNull(wait, "wait");
    if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException("approvalWait must be between 0 and 1h, but was " + wait);
    }
    return wait;
  }

  /** The rule's wait when it sets one, else the guard's. */
  static Duration waitFor(Decision.NeedsApproval decision, Duration guardWait) {
    return decision.maxWait().isZero() ? guardWait : decision.maxWait();
  }

  /** Waits up to {@code wait} for a ready grant, then checks again; {@code first} when no wait is set. */
  static ApprovalStatus waitThenCheck(ApprovalService approvals, ApprovalRequest request, ApprovalStatus first,
      Duration wait, Supplier<ApprovalStatus> checkAgain) {
    if (wait.isZero()) {
      return first;
    }
    ApprovalStatus ready = await(approvals.await(request, wait, first), wait, first);
    return ready.granted() ? checkAgain.get() : ready;
  }

  private static ApprovalStatus await(CompletableFuture<ApprovalStatus> future, Duration wait, ApprovalStatus first) {
    try {
      // The service completes by itself when the wait runs out; the margin only covers a stuck service.
      return future.get(wait.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApprovalStatus.pending(first.approvalId(), first.reason() + "; the wait was interrupted");
    } catch (TimeoutException e) {
      future.cancel(false);
      return ApprovalStatus.pending(first.approvalId(), first.reason() + "; no grant within the wait of " + wait);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the approval service failed while waiting: " + e.getCause(), e.getCause());
    }
  }
}
