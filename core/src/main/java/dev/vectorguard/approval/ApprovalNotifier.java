package dev.vectorguard.approval;

import dev.vectorguard.Spi;

/**
 * Told when a call opens a new approval request, so that an approver hears of it
 * ({@link WebhookNotifier} posts to a webhook or Slack). Called on the request path: an
 * implementation hands the work to its own thread and returns at once; what it throws is logged
 * and never changes the call's outcome.
 */
@Spi
@FunctionalInterface
public interface ApprovalNotifier {

  /** A new request is waiting; {@code record} holds names and a summary, never a value or a credential. */
  void requested(ApprovalRecord record);

  /** Tells nobody. */
  static ApprovalNotifier none() {
    return record -> {};
  }
}
