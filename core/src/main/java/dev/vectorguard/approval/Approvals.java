package dev.vectorguard.approval;

import dev.vectorguard.Actor;
import dev.vectorguard.Decision;
import dev.vectorguard.VectorCall;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.internal.Display;
import dev.vectorguard.internal.Ids;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Just-in-time approvals over an {@link ApprovalStore}: a call that needs approval opens a pending
 * request (one per distinct call); approvers {@link #approve}, {@link #reject} or {@link #revoke}
 * it, from this process or another one sharing the store (the {@code vectorguard approvals} CLI,
 * the actuator endpoint); once {@code min_approvals} distinct approvers have approved, the next
 * identical call proceeds while the grant lasts (once, when single-use). Every state change is
 * an audit event ({@code approval.*}) written to this instance's sink.
 *
 * <pre>{@code
 * Approvals approvals = Approvals.builder(ApprovalStore.inMemory()).auditSink(trail).build();
 * VectorGuard guard = VectorGuard.builder(policy).workload(workload).approvals(approvals).build();
 * // a call is refused with "approval request apr_3f…"; an approver in group:dba says yes:
 * approvals.approve("apr_3f…", new Approver("user:bob", Set.of("group:dba")), "ticket OPS-12", null);
 * }</pre>
 *
 * <p>Rules: the approver must be named by the rule's {@code approvers} (by id or a principal they
 * hold); the requesting workload or actor never decides its own request; each approver counts
 * once; a grant lasts the rule's {@code ttl} at most; a grant is used only inside the rule's
 * {@code window}. Thread-safe.
 */
public final class Approvals implements ApprovalService {
  private static final System.Logger LOG = System.getLogger(Approvals.class.getName());

  private final ApprovalStore store;
  private final AuditSink auditSink;
  private final Clock clock;
  private final Duration pendingLifetime;
  private final ApprovalNotifier notifier;
  private final Duration pollInterval;
  private final @Nullable ScheduledExecutorService scheduler;

  private Approvals(Builder builder) {
    this.store = builder.store;
    this.auditSink = builder.auditSink;
    this.clock = builder.clock;
    this.pendingLifetime = builder.pendingLifetime;
    this.notifier = builder.notifier;
    this.pollInterval = builder.pollInterval;
    this.scheduler = builder.scheduler;
  }

  /** Starts building approvals kept in {@code store}. */
  public static Builder builder(ApprovalStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  public ApprovalStore store() {
    return store;
  }

  @Override
  public ApprovalStatus check(ApprovalRequest request) {
    Instant now = clock.instant();
    String fingerprint = RequestFingerprint.of(request);
    ApprovalRecord live = store.live(fingerprint);
    if (live != null && live.state() == ApprovalState.APPROVED) {
      ApprovalStatus status = useGrant(live, request.decision(), now);
      if (status != null) {
        return status;
      }
    } else if (live != null && !now.isBefore(live.pendingUntil())) {
      expire(live, ApprovalState.PENDING, "nobody decided within " + pendingLifetime, now);
    } else if (live != null) {
      return waiting(live);
    }
    ApprovalRecord candidate = newRequest(request, fingerprint, now);
    ApprovalRecord opened = store.open(candidate);
    if (opened.id().equals(candidate.id())) {
      audit(ApprovalEvents.of(AuditEvent.APPROVAL_REQUESTED, opened, null, null, now), false);
      notifyRequested(opened);
    }
    return opened.state() == ApprovalState.APPROVED ? check(request) : waiting(opened);
  }

  /** The status of a call covered by the grant {@code live}, or {@code null} when the grant is gone. */
  private @Nullable ApprovalStatus useGrant(ApprovalRecord live, Decision.NeedsApproval decision, Instant now) {
    Instant expiresAt = Objects.requireNonNull(live.expiresAt(), "an approved request has an expiry");
    if (!now.isBefore(expiresAt)) {
      expire(live, ApprovalState.APPROVED, "its grant's ttl ran out at " + expiresAt, now);
      return null;
    }
    for (ApprovalWindow window : decision.windows()) {
      if (!window.contains(now)) {
        return ApprovalStatus.pending(live.id(), "approved, but the grant may be used only " + window);
      }
    }
    String by = "granted by " + approversOf(live);
    if (!live.singleUse()) {
      return ApprovalStatus.granted(live.id(), by + " until " + expiresAt);
    }
    if (!store.spend(live.id(), now)) {
      return null; // another call (maybe on another replica) used it first
    }
    ApprovalRecord spent = store.find(live.id());
    audit(ApprovalEvents.of(AuditEvent.APPROVAL_USED, spent == null ? live : spent, null, null, now), false);
    return ApprovalStatus.granted(live.id(), by + ", single use, now spent");
  }

  /**
   * Waits off the calling thread, polling the store, until {@code request} is granted or
   * {@code wait} runs out; completes with the last status (never exceptionally unless the store
   * fails). Without a scheduler configured, completes at once with {@code first}.
   */
  @Override
  public CompletableFuture<ApprovalStatus> await(ApprovalRequest request, Duration wait,
      @Nullable ApprovalStatus first) {
    if (first == null) {
      first = look(request);
    }
    if (scheduler == null || first.granted() || wait.isZero() || wait.isNegative()) {
      return CompletableFuture.completedFuture(first);
    }
    CompletableFuture<ApprovalStatus> result = new CompletableFuture<>();
    long deadline = System.nanoTime() + wait.toNanos();
    poll(request, deadline, wait, first, result);
    return result;
  }

  private void poll(ApprovalRequest request, long deadline, Duration wait, ApprovalStatus last,
      CompletableFuture<ApprovalStatus> result) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      result.complete(ApprovalStatus.pending(last.approvalId(), last.reason() + "; no grant within the wait of "
          + wait));
      return;
    }
    long delay = Math.min(left, pollInterval.toNanos());
    Objects.requireNonNull(scheduler).schedule(() -> {
      try {
        ApprovalStatus outcome = outcome(last.approvalId());
        if (outcome != null) {
          result.complete(outcome);
        } else {
          poll(request, deadline, wait, last, result);
        }
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }, delay, TimeUnit.NANOSECONDS);
  }

  /** The status of {@code request} without using a grant: ready, or pending (opening a request when none is live). */
  private ApprovalStatus look(ApprovalRequest request) {
    ApprovalRecord live = store.live(RequestFingerprint.of(request));
    if (live == null) {
      return check(request); // nothing live, so nothing to use: this only opens a request
    }
    ApprovalStatus outcome = outcome(live.id());
    return outcome != null ? outcome : waiting(live);
  }

  /**
   * How the wait for request {@code id} ends: granted when its grant is ready to use (without using
   * it: the caller's next {@link #check} does, and spends it when single-use), refused when it was
   * rejected, revoked, expired or spent, or {@code null} while it is pending.
   */
  private @Nullable ApprovalStatus outcome(String id) {
    ApprovalRecord waited = store.find(id);
    if (waited == null || waited.state() == ApprovalState.PENDING) {
      return null;
    }
    Instant expiresAt = waited.expiresAt();
    if (waited.state() == ApprovalState.APPROVED && expiresAt != null && clock.instant().isBefore(expiresAt)) {
      return ApprovalStatus.granted(id, "approved by " + approversOf(waited));
    }
    return ApprovalStatus.pending(id, "the request was " + waited.state().id()
        + (waited.decidedBy() == null ? "" : " by " + waited.decidedBy())
        + (waited.decisionReason() == null ? "" : ": " + waited.decisionReason()));
  }

  /**
   * {@code approver} approves request {@code id}; when that makes {@code min_approvals}, the
   * request is approved and its grant lasts {@code duration} (the rule's {@code ttl} when null or
   * longer).
   *
   * @return the request after the vote
   * @throws ApprovalException when there is no such pending request, the approver is not among
   *     its approvers, is the requester, or has approved it already
   */
  public ApprovalRecord approve(String id, Approver approver, String reason, @Nullable Duration duration) {
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(reason, "reason");
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      throw new ApprovalException("a grant's duration must be positive, but was " + duration);
    }
    Instant now = clock.instant();
    ApprovalRecord record = pending(id, now);
    mayDecide(record, approver, "approve");
    Duration lifetime = duration == null || duration.compareTo(record.grantTtl()) > 0 ? record.grantTtl() : duration;
    ApprovalRecord next = store.vote(id, new ApprovalRecord.Vote(approver.id(), reason, now), lifetime);
    String type = next.state() == ApprovalState.APPROVED ? AuditEvent.APPROVAL_APPROVED : AuditEvent.APPROVAL_VOTED;
    audit(ApprovalEvents.of(type, next, approver.id(), reason, now), true);
    return next;
  }

  /**
   * {@code approver} rejects the pending request {@code id}; the call stays refused.
   *
   * @throws ApprovalException when there is no such pending request or the approver is not among its approvers
   */
  public ApprovalRecord reject(String id, Approver approver, String reason) {
    return close(id, Set.of(ApprovalState.PENDING), ApprovalState.REJECTED, approver, reason,
        AuditEvent.APPROVAL_REJECTED);
  }

  /**
   * {@code approver} withdraws request {@code id}, pending or approved and not yet used up.
   *
   * @throws ApprovalException when there is no such live request or the approver is not among its approvers
   */
  public ApprovalRecord revoke(String id, Approver approver, String reason) {
    return close(id, Set.of(ApprovalState.PENDING, ApprovalState.APPROVED), ApprovalState.REVOKED, approver, reason,
        AuditEvent.APPROVAL_REVOKED);
  }

  /** Request {@code id}, or {@code null}. */
  public @Nullable ApprovalRecord find(String id) {
    return store.find(Objects.requireNonNull(id, "id"));
  }

  /** Requests in {@code states} (all when empty), newest first, at most {@code limit}. */
  public List<ApprovalRecord> list(Set<ApprovalState> states, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, but was " + limit);
    }
    return store.list(states, limit);
  }

  private ApprovalRecord close(String id, Set<ApprovalState> from, ApprovalState to, Approver approver,
      String reason, String eventType) {
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(reason, "reason");
    Instant now = clock.instant();
    ApprovalRecord record = known(id);
    if (!from.contains(record.state())) {
      throw notIn(record, from);
    }
    mayDecide(record, approver, to == ApprovalState.REJECTED ? "reject" : "revoke");
    ApprovalRecord next = store.transition(id, from, to, approver.id(), reason, now);
    if (next == null) {
      throw notIn(Objects.requireNonNullElse(store.find(id), record), from);
    }
    audit(ApprovalEvents.of(eventType, next, approver.id(), reason, now), true);
    return next;
  }

  private ApprovalRecord known(String id) {
    ApprovalRecord record = store.find(Objects.requireNonNull(id, "id"));
    if (record == null) {
      throw new ApprovalException("no approval request " + Display.value(id));
    }
    return record;
  }

  /** The pending request {@code id}, expiring it first when nobody decided in time. */
  private ApprovalRecord pending(String id, Instant now) {
    ApprovalRecord record = known(id);
    if (record.state() == ApprovalState.PENDING && !now.isBefore(record.pendingUntil())) {
      expire(record, ApprovalState.PENDING, "nobody decided within " + pendingLifetime, now);
      throw new ApprovalException("approval request " + id + " expired at " + record.pendingUntil()
          + "; the call must be made again to ask anew");
    }
    if (record.state() != ApprovalState.PENDING) {
      throw notIn(record, Set.of(ApprovalState.PENDING));
    }
    return record;
  }

  private static ApprovalException notIn(ApprovalRecord record, Set<ApprovalState> from) {
    return new ApprovalException("approval request " + record.id() + " is " + record.state().id() + ", not "
        + String.join(" or ", from.stream().map(ApprovalState::id).sorted().toList()));
  }

  private static void mayDecide(ApprovalRecord record, Approver approver, String verb) {
    if (!approver.isAmong(record.approvers())) {
      throw new ApprovalException(approver.id() + " may not " + verb + " " + record.id()
          + ": the rule names approvers " + record.approvers() + " and " + approver.id() + " holds "
          + approver.groups().stream().sorted().toList());
    }
    if (!"reject".equals(verb) && isRequester(record, approver.id())) {
      throw new ApprovalException(approver.id() + " may not " + verb + " " + record.id()
          + ": it is their own request (no self-approval)");
    }
  }

  /** Whether {@code approverId} names the requesting workload or actor ({@code user:alice} or {@code alice}). */
  static boolean isRequester(ApprovalRecord record, String approverId) {
    if (approverId.equals(record.workload())) {
      return true;
    }
    for (Map.Entry<String, String> attribute : record.actor().entrySet()) {
      if (attribute.getKey().equals(Actor.TENANT)) {
        continue;
      }
      if (approverId.equals(attribute.getValue()) || approverId.equals(attribute.getKey() + ':' + attribute.getValue())) {
        return true;
      }
    }
    return false;
  }

  private void expire(ApprovalRecord record, ApprovalState from, String why, Instant now) {
    ApprovalRecord next = store.transition(record.id(), Set.of(from), ApprovalState.EXPIRED, null, why, now);
    if (next != null) {
      audit(ApprovalEvents.of(AuditEvent.APPROVAL_EXPIRED, next, null, why, now), false);
    }
  }

  private ApprovalRecord newRequest(ApprovalRequest request, String fingerprint, Instant now) {
    VectorCall call = request.call();
    Decision.NeedsApproval decision = request.decision();
    Actor actor = request.identity().actor();
    Map<String, String> actorAttributes = actor == null ? Map.of() : actor.attributes();
    String workload = request.identity().workload().id();
    String summary = workload + (actorAttributes.isEmpty() ? "" : " for " + new java.util.TreeMap<>(actorAttributes)) + " asks to "
        + call.operation().id() + (call.collections().isEmpty() ? "" : " " + Display.names(call.collections()))
        + " on " + call.backend().id() + (call.database() == null ? "" : " database " + Display.value(call.database()))
        + " (" + call.access().id() + " access)";
    return new ApprovalRecord(Ids.next("apr_"), fingerprint, ApprovalState.PENDING, workload, actorAttributes,
        call.backend().id(), call.operation().id(), call.collections(), decision.rules(), summary,
        decision.approvers(), decision.minApprovals(), decision.grantTtl(), decision.singleUse(), now,
        now.plus(pendingLifetime), List.of(), null, null, null, now);
  }

  private static ApprovalStatus waiting(ApprovalRecord record) {
    return ApprovalStatus.pending(record.id(), "waiting for " + (record.minApprovals() - record.votes().size())
        + " more approval(s) by " + record.approvers() + (record.votes().isEmpty() ? ""
        : ", approved so far by " + approversOf(record)));
  }

  private static String approversOf(ApprovalRecord record) {
    return String.join(", ", record.votes().stream().map(ApprovalRecord.Vote::approver).toList());
  }

  private void notifyRequested(ApprovalRecord record) {
    try {
      notifier.requested(record);
    } catch (RuntimeException e) {
      // A notifier is a side channel: its failure never changes the call's outcome.
      LOG.log(Level.WARNING, "the approval notifier failed for " + record.id() + ": " + e);
    }
  }

  /** Writes an event; a decision by a person fails when it cannot be audited, the request path only logs. */
  private void audit(AuditEvent event, boolean required) {
    try {
      auditSink.write(event);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "audit sink did not accept " + event.type() + ": " + e);
      if (required) {
        throw new ApprovalException("the decision was stored, but its " + event.type()
            + " audit event could not be written: " + e, e);
      }
    }
  }

  /** Builds {@link Approvals}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final ApprovalStore store;
    private AuditSink auditSink = event -> {};
    private Clock clock = Clock.systemUTC();
    private Duration pendingLifetime = Duration.ofDays(1);
    private ApprovalNotifier notifier = ApprovalNotifier.none();
    private Duration pollInterval = Duration.ofMillis(500);
    private @Nullable ScheduledExecutorService scheduler;

    private Builder(ApprovalStore store) {
      this.store = store;
    }

    /** Where the {@code approval.*} events go; usually the guard's own sink. */
    public Builder auditSink(AuditSink auditSink) {
      this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a request waits for a decision before it expires; 1 day by default. */
    public Builder pendingLifetime(Duration lifetime) {
      if (lifetime.isZero() || lifetime.isNegative()) {
        throw new IllegalArgumentException("pendingLifetime must be positive, but was " + lifetime);
      }
      this.pendingLifetime = lifetime;
      return this;
    }

    /** Who is told of new requests; nobody by default. Called on the request path: it must not block. */
    public Builder notifier(ApprovalNotifier notifier) {
      this.notifier = Objects.requireNonNull(notifier, "notifier");
      return this;
    }

    /**
     * Lets calls wait for a grant ({@code approval.wait}): the store is polled every
     * {@code interval} on {@code scheduler}, never on the waiting call's thread.
     */
    public Builder waitOn(ScheduledExecutorService scheduler, Duration interval) {
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("the poll interval must be positive, but was " + interval);
      }
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      this.pollInterval = interval;
      return this;
    }

    public Approvals build() {
      return new Approvals(this);
    }
  }
}
