package dev.vectorguard;

import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.observe.CallObserver;
import dev.vectorguard.token.Credential;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A call the guard let through: its decision, the obligations the adapter must apply, and the
 * credential to attach. The adapter ends it exactly once with {@link #complete(CallOutcome)}, on
 * success, error and cancellation alike. Thread-safe: {@code complete} may be called from any
 * thread; only the first call counts.
 */
public final class GuardedCall {
  private final VectorGuard guard;
  private final String callId;
  private final Identity identity;
  private final VectorCall call;
  private final Decision decision;
  private final Obligations obligations;
  private final @Nullable MaskPlan maskPlan;
  private final boolean enforced;
  private final Credential credential;
  private final @Nullable String approvalId;
  private final long startNanos;
  private final AtomicBoolean completed = new AtomicBoolean();
  private volatile @Nullable String capturedRequest;
  private volatile @Nullable String capturedResponse;
  private volatile CallObserver observer = CallObserver.NONE;

  GuardedCall(VectorGuard guard, String callId, Identity identity, VectorCall call, Decision decision,
      Obligations obligations, @Nullable MaskPlan maskPlan, boolean enforced, Credential credential,
      @Nullable String approvalId, long startNanos) {
    this.guard = guard;
    this.callId = callId;
    this.identity = identity;
    this.call = call;
    this.decision = decision;
    this.obligations = obligations;
    this.maskPlan = maskPlan;
    this.enforced = enforced;
    this.credential = credential;
    this.approvalId = approvalId;
    this.startNanos = startNanos;
  }

  public String callId() {
    return callId;
  }

  public Identity identity() {
    return identity;
  }

  public VectorCall call() {
    return call;
  }

  /** The policy's decision. In monitor mode it may be a deny that was not enforced. */
  public Decision decision() {
    return decision;
  }

  /** What the adapter must apply: the decision's obligations, or none in monitor mode. */
  public Obligations obligations() {
    return obligations;
  }

  /**
   * The plan of the obligations' {@link Obligations#maskRules() mask rules}, compiled by the guard's
   * {@link VectorGuard#masking() masking engine} when it checked them before the call began, without
   * vector stripping (what {@code masking().plan(obligations().maskRules(), false)} returns); or
   * {@code null} when the obligations mask nothing. For adapters, so that a call is planned once.
   */
  public @Nullable MaskPlan maskPlan() {
    return maskPlan;
  }

  /** Whether the decision is enforced ({@code false} in monitor mode). */
  public boolean enforced() {
    return enforced;
  }

  /** The credential to attach in place of any the client set; {@link Credential#NONE} attaches nothing. */
  /**
   * Whether a collection listing passing through this call may show {@code collection}: when the
   * call is not enforced (monitor mode), always; otherwise when the policy would let the caller
   * describe it. One rule for every backend and transport; a decision that fails hides the name.
   */
  public boolean mayList(String collection) {
    if (!enforced) {
      return true;
    }
    if (collection.isEmpty()) {
      return false;
    }
    VectorCall describe = VectorCall.builder(call.backend(), Operation.DESCRIBE_COLLECTION).collection(collection)
        .database(call.database()).endpoint(call.endpoint()).build();
    try {
      return guard.decide(identity, describe).allowed();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public Credential credential() {
    return credential;
  }

  /** The approval grant that let the call through, or {@code null}. */
  public @Nullable String approvalId() {
    return approvalId;
  }

  /**
   * Gives the audit trail the request as sent, after the guard's rewriting, as JSON (gRPC adapters
   * convert the message). Kept for {@code call.completed} when the guard's
   * {@link VectorGuard#captureLevel() capture level} is {@code QUERY} (its query fields) or
   * {@code FULL}; ignored otherwise and after {@link #complete}. Vectors and credential-like fields
   * are removed before anything is written.
   */
  public void captureRequest(String normalisedBodyJson) {
    Objects.requireNonNull(normalisedBodyJson, "normalisedBodyJson");
    if (guard.captureLevel() != dev.vectorguard.audit.CaptureLevel.METADATA) {
      capturedRequest = normalisedBodyJson;
    }
  }

  /**
   * Gives the audit trail the response as returned to the caller, after masking, as JSON. Kept for
   * {@code call.completed} at capture level {@code FULL}; ignored otherwise. Pass only the masked
   * body: the trail must never hold a value that masking removed.
   */
  public void captureResponse(String maskedBodyJson) {
    Objects.requireNonNull(maskedBodyJson, "maskedBodyJson");
    if (guard.captureLevel() == dev.vectorguard.audit.CaptureLevel.FULL) {
      capturedResponse = maskedBodyJson;
    }
  }

  @Nullable String capturedRequest() {
    return capturedRequest;
  }

  @Nullable String capturedResponse() {
    return capturedResponse;
  }

  /** Set once by the guard before the call is handed to the adapter. */
  void observedBy(CallObserver observer) {
    this.observer = observer;
  }

  /**
   * Records how the call ended and writes its {@code call.completed} event. Only the first call
   * counts; later ones return {@code false}.
   */
  public boolean complete(CallOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    if (!completed.compareAndSet(false, true)) {
      return false;
    }
    guard.completed(this, outcome, startNanos);
    observer.completed(this, outcome);
    return true;
  }

  /** Whether {@link #complete} has been called. */
  public boolean isCompleted() {
    return completed.get();
  }

  @Override
  public String toString() {
    return "GuardedCall{" + callId + ", " + call.backend().id() + ' ' + call.operation().id()
        + ' ' + dev.vectorguard.internal.Display.names(call.collections()) + ", " + decision.effect().id() + (enforced ? "" : " (monitor)") + '}';
  }
}
