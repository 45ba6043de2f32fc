package dev.vectorguard.approval;

import dev.vectorguard.Spi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where approval requests and grants live, shared by every guard (replica) and every tool that
 * decides on them. The store holds state and makes each change atomic; the lifecycle rules (who
 * may decide, what a vote needs, when a grant holds) are {@link Approvals}'s.
 *
 * <p>Implementations are thread-safe, and safe across processes when the store is shared: of two
 * racing {@link #open}s for one fingerprint one record is created; of racing {@link #spend}s of a
 * grant exactly one returns {@code true}; of racing {@link #vote}s each approver counts once.
 * {@link #inMemory()} is the default, for one process; {@code vectorguard-approvals-jdbc} shares
 * one database. Methods throw {@link ApprovalException} when the store fails.
 */
@Spi
public interface ApprovalStore {

  /**
   * The live (pending or approved) request for {@code candidate.fingerprint()}, creating
   * {@code candidate} when there is none. The caller tells which happened by comparing ids.
   */
  ApprovalRecord open(ApprovalRecord candidate);

  /** The request {@code id}, in any state, or {@code null}. */
  @Nullable ApprovalRecord find(String id);

  /** The live request for {@code fingerprint}, or {@code null}. */
  @Nullable ApprovalRecord live(String fingerprint);

  /** Requests in {@code states} (every state when empty), newest first, at most {@code limit}. */
  List<ApprovalRecord> list(Set<ApprovalState> states, int limit);

  /**
   * Adds {@code vote} to the pending request {@code id}, atomically; when the votes reach its
   * {@code minApprovals}, the request is approved with a grant expiring at
   * {@code vote.at() + lifetime}.
   *
   * @return the request after the vote
   * @throws ApprovalException when the request is not pending, or the approver has voted on it
   */
  ApprovalRecord vote(String id, ApprovalRecord.Vote vote, Duration lifetime);

  /**
   * Moves request {@code id} to {@code to} if, atomically, it is in one of {@code from}.
   *
   * @return the request after the change, or {@code null} when it was not in {@code from}
   */
  @Nullable ApprovalRecord transition(String id, Set<ApprovalState> from, ApprovalState to, @Nullable String by,
      @Nullable String reason, Instant at);

  /**
   * Spends the single-use grant {@code id}: atomically, if it is approved and expires after
   * {@code at}, it becomes spent and this returns {@code true}; otherwise {@code false}.
   */
  boolean spend(String id, Instant at);

  /** A store in this process's memory: requests are lost when it ends. */
  static ApprovalStore inMemory() {
    return new InMemoryApprovalStore();
  }
}
