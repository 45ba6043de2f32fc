package dev.vectorguard.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One approval request as a store keeps it: what was asked, by whom, the rule's terms, and where it
 * is in its lifecycle. Immutable; a store returns a new record after each change. Never holds a
 * request body, a masked value or a credential: only names (workload, actor attributes,
 * operation, collections, rules) and a one-line summary.
 *
 * @param id the request's id, {@code apr_} and hex digits, named by refusals
 * @param fingerprint what the call asks ({@link RequestFingerprint}); one live request per fingerprint
 * @param state where it is
 * @param workload the requesting workload's id
 * @param actor the requesting actor's attributes (empty when none)
 * @param backend the backend id ({@code qdrant})
 * @param operation the operation id ({@code delete})
 * @param collections the collections of the call
 * @param rules the ids of the rules that asked for approval
 * @param summary one line: what was asked, by whom
 * @param approvers who may decide: approver ids or principals
 * @param minApprovals how many distinct approvers must approve
 * @param grantTtl the longest a grant may last
 * @param singleUse whether the grant is spent by its first call
 * @param requestedAt when it was opened
 * @param pendingUntil when it expires if nobody decides
 * @param votes the approvals so far, in order
 * @param decidedBy who rejected or revoked it, or {@code null}
 * @param decisionReason their reason, or {@code null}
 * @param expiresAt when the grant expires ({@code approved} and after), or {@code null}
 * @param changedAt when it last changed state
 */
public record ApprovalRecord(
    String id,
    String fingerprint,
    ApprovalState state,
    String workload,
    Map<String, String> actor,
    String backend,
    String operation,
    List<String> collections,
    List<String> rules,
    String summary,
    List<String> approvers,
    int minApprovals,
    Duration grantTtl,
    boolean singleUse,
    Instant requestedAt,
    Instant pendingUntil,
    List<Vote> votes,
    @Nullable String decidedBy,
    @Nullable String decisionReason,
    @Nullable Instant expiresAt,
    Instant changedAt) {

  public ApprovalRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(workload, "workload");
    actor = Map.copyOf(actor);
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(operation, "operation");
    collections = List.copyOf(collections);
    rules = List.copyOf(rules);
    Objects.requireNonNull(summary, "summary");
    approvers = List.copyOf(approvers);
    Objects.requireNonNull(grantTtl, "grantTtl");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(pendingUntil, "pendingUntil");
    votes = List.copyOf(votes);
    Objects.requireNonNull(changedAt, "changedAt");
  }

  /** This record in {@code next} state, changed at {@code at}. */
  public ApprovalRecord withState(ApprovalState next, @Nullable String by, @Nullable String reason, Instant at) {
    return new ApprovalRecord(id, fingerprint, next, workload, actor, backend, operation, collections, rules,
        summary, approvers, minApprovals, grantTtl, singleUse, requestedAt, pendingUntil, votes,
        by == null ? decidedBy : by, reason == null ? decisionReason : reason, expiresAt, at);
  }

  /** This record with {@code vote} added; approved, with a grant until {@code at + lifetime}, when it makes enough. */
  public ApprovalRecord withVote(Vote vote, Duration lifetime) {
    List<Vote> all = new java.util.ArrayList<>(votes);
    all.add(vote);
    boolean approved = all.size() >= minApprovals;
    return new ApprovalRecord(id, fingerprint, approved ? ApprovalState.APPROVED : state, workload, actor, backend,
        operation, collections, rules, summary, approvers, minApprovals, grantTtl, singleUse, requestedAt,
        pendingUntil, all, decidedBy, decisionReason, approved ? vote.at().plus(lifetime) : expiresAt,
        approved ? vote.at() : changedAt);
  }

  /**
   * What a store checks, atomically with the vote, before it adds {@code vote} to request {@code id}.
   *
   * @throws ApprovalException when the request is unknown or not pending, or the approver has voted on it
   */
  public static ApprovalRecord requireVotable(@Nullable ApprovalRecord record, String id, Vote vote) {
    if (record == null || record.state() != ApprovalState.PENDING) {
      throw new ApprovalException("approval request " + id + " is "
          + (record == null ? "unknown" : record.state().id()) + ", not pending");
    }
    if (record.votedBy(vote.approver())) {
      throw new ApprovalException(vote.approver() + " has already approved " + id
          + "; it needs " + record.minApprovals() + " distinct approvers");
    }
    return record;
  }

  /** Whether {@code approver} has approved it already. */
  public boolean votedBy(String approver) {
    return votes.stream().anyMatch(v -> v.approver().equals(approver));
  }

  /**
   * One approver's yes.
   *
   * @param approver the approver's id
   * @param reason why, as they said it
   * @param at when
   */
  public record Vote(String approver, String reason, Instant at) {
    public Vote {
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }
}
