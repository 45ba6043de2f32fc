package dev.vectorguard;

import org.jspecify.annotations.Nullable;

/**
 * A classified call the guard has identified and decided, once, but not yet begun: made by
 * {@link VectorGuard#prepare}, handed to {@link VectorGuard#readyToBegin(PreparedCall)} (which
 * waits for an approval when the decision asks for one) and then to {@link VectorGuard#beginNow(
 * PreparedCall, RequestRewrite, dev.vectorguard.approval.ApprovalStatus)}, which audits and starts
 * or refuses it. A transport that must not hold a thread thus identifies the caller and decides
 * the call once, where it used to do both in each step.
 *
 * <p>Nothing is audited and no listener is told until {@code beginNow}: a workload that could not
 * be established or a policy that failed is kept and refused there, with the same events as
 * {@link VectorGuard#begin(VectorCall, Actor, RequestRewrite)}. A call that waited for an approval
 * is identified and decided again when it begins, as the policy or the workload may have changed
 * during the wait. Begin a prepared call once. Safe to hand between threads (for instance through
 * the future that {@code readyToBegin} returns).
 */
public final class PreparedCall {
  private final VectorGuard guard;
  private final VectorCall call;
  private final @Nullable Actor actor;
  private final @Nullable Identity identity;
  private final @Nullable GuardFailureException unidentified;
  private final @Nullable Decision decision;
  private final @Nullable RuntimeException undecided;
  private final boolean enforced;
  private volatile boolean waited;

  private PreparedCall(VectorGuard guard, VectorCall call, @Nullable Actor actor, @Nullable Identity identity,
      @Nullable GuardFailureException unidentified, @Nullable Decision decision, @Nullable RuntimeException undecided,
      boolean enforced) {
    this.guard = guard;
    this.call = call;
    this.actor = actor;
    this.identity = identity;
    this.unidentified = unidentified;
    this.decision = decision;
    this.undecided = undecided;
    this.enforced = enforced;
  }

  /** A call whose workload identity could not be established; refused (audited) when begun. */
  static PreparedCall unidentified(VectorGuard guard, VectorCall call, @Nullable Actor actor,
      GuardFailureException failure) {
    return new PreparedCall(guard, call, actor, null, failure, null, null, true);
  }

  /**
   * A call identified as {@code identity} and decided: {@code decision} is what the policy returned
   * ({@code null} when it returned none), or {@code undecided} what it threw.
   */
  static PreparedCall decided(VectorGuard guard, VectorCall call, @Nullable Actor actor, Identity identity,
      @Nullable Decision decision, @Nullable RuntimeException undecided, boolean enforced) {
    return new PreparedCall(guard, call, actor, identity, null, decision, undecided, enforced);
  }

  public VectorCall call() {
    return call;
  }

  /** The actor the call is made for, as it was given to {@link VectorGuard#prepare}, or {@code null}. */
  public @Nullable Actor actor() {
    return actor;
  }

  /**
   * The policy's decision, or {@code null} when the caller could not be identified or the policy
   * failed (the call will be refused when begun). In monitor mode it may be a deny that is not enforced.
   */
  public @Nullable Decision decision() {
    return decision;
  }

  VectorGuard guard() {
    return guard;
  }

  @Nullable Identity identity() {
    return identity;
  }

  @Nullable GuardFailureException unidentified() {
    return unidentified;
  }

  @Nullable RuntimeException undecided() {
    return undecided;
  }

  /** Whether the decision is enforced: only an explicit monitor mode lets a refusal through. */
  boolean enforced() {
    return enforced;
  }

  /** Marks that an approval wait was started for this call: its decision is then taken again. */
  void startedWaiting() {
    waited = true;
  }

  boolean waited() {
    return waited;
  }

  @Override
  public String toString() {
    Decision d = decision;
    return "PreparedCall{" + call.backend().id() + ' ' + call.operation().id() + ", "
        + (d != null ? d.effect().id() : unidentified != null ? "unidentified" : "undecided") + '}';
  }
}
