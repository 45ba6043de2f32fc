package dev.vectorguard;

import dev.vectorguard.approval.ApprovalRequest;
import dev.vectorguard.approval.ApprovalService;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditMode;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.CaptureLevel;
import dev.vectorguard.internal.AuditGap;
import dev.vectorguard.internal.CallEvents;
import dev.vectorguard.internal.CallListeners;
import dev.vectorguard.internal.Display;
import dev.vectorguard.internal.Ids;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.observe.CallListener;
import dev.vectorguard.observe.CallObserver;
import dev.vectorguard.observe.CallOrigin;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.TokenRequest;
import dev.vectorguard.token.TokenSource;
import dev.vectorguard.token.TokenUnavailableException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The engine facade: identifies the caller, decides a classified call, asks for approval when
 * needed, fetches the credential and audits, so that a transport adapter only has to classify,
 * rewrite, send and mask.
 *
 * <pre>{@code
 * VectorGuard guard = VectorGuard.builder(policy)
 *     .workload(Workload.configured("spiffe://acme.io/ns/prod/sa/rag"))
 *     .tokenSource(tokens)
 *     .auditSink(sink)
 *     .build();
 * GuardedRequest<byte[]> started = guard.begin(vectorCall, GuardContext.current(),
 *     obligations -> rewrite(body, obligations));        // throws when refused
 * ... send started.request() with started.call().credential() ...
 * started.call().complete(CallOutcome.ok("200").build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; build one per application. {@link #begin} either returns a call
 * that may proceed, or throws a {@link VectorGuardException} after auditing the refusal: a
 * {@link CallRefusedException} when the policy refused (or the request cannot be brought under the
 * obligations of the decision), a {@link GuardFailureException} when the guard could not decide
 * safely. It never lets a call through on error, and every call has exactly one
 * {@code call.refused}, or one {@code call.started} and then one {@code call.completed}.
 */
public final class VectorGuard implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(VectorGuard.class.getName());

  private final Policy policy;
  private final Supplier<Workload> workload;
  private final TokenSource tokenSource;
  private final AuditSink auditSink;
  private final AuditMode auditMode;
  private final ApprovalService approvals;
  private final java.time.Duration approvalWait;
  private final Clock clock;
  private final MaskEngine masking;
  private final CaptureLevel captureLevel;
  private final int captureLimit;
  private final CallListeners listeners;
  private final LongAdder auditFailures = new LongAdder();
  private final AuditGap auditGap = new AuditGap();

  private VectorGuard(Builder builder) {
    this.policy = builder.policy;
    this.workload = Objects.requireNonNull(builder.workload, "a workload is required: call workload(...)");
    this.tokenSource = builder.tokenSource;
    this.auditSink = builder.auditSink;
    this.auditMode = builder.auditMode;
    this.approvals = builder.approvals;
    this.approvalWait = builder.approvalWait;
    this.clock = builder.clock;
    this.masking = builder.masking;
    this.captureLevel = builder.captureLevel;
    this.captureLimit = builder.captureLimit;
    this.listeners = builder.listeners;
  }

  /** Starts building a guard that decides with {@code policy}. */
  public static Builder builder(Policy policy) {
    return new Builder(Objects.requireNonNull(policy, "policy"));
  }

  public Policy policy() {
    return policy;
  }

  public Clock clock() {
    return clock;
  }

  /** The engine adapters use to mask responses, per {@link Obligations#maskRules()}. */
  public MaskEngine masking() {
    return masking;
  }

  public AuditMode auditMode() {
    return auditMode;
  }

  /** How much of each call the audit trail records; adapters capture bodies only when it asks for them. */
  public CaptureLevel captureLevel() {
    return captureLevel;
  }

  /** The most bytes of one captured body kept in an audit event. */
  public int captureLimit() {
    return captureLimit;
  }

  /** How many audit events the sink did not accept since this guard was built. */
  public long auditFailures() {
    return auditFailures.sum();
  }

  /**
   * The caller's identity: the guard's workload and {@code actor}.
   *
   * @throws GuardFailureException (cause {@code identity}) when the workload cannot be established
   */
  public Identity identify(@Nullable Actor actor) {
    Workload current;
    try {
      current = workload.get();
    } catch (RuntimeException e) {
      throw unidentified("" + e.getMessage(), e);
    }
    if (current == null) {
      throw unidentified("the workload supplier returned none", null);
    }
    return Identity.of(current, actor);
  }

  private static GuardFailureException unidentified(String detail, @Nullable Throwable error) {
    String reason = "Vectorguard refused the call: the workload identity could not be established: " + detail;
    return new GuardFailureException(reason, Ids.next("call_"), GuardFailureException.Cause.IDENTITY, error);
  }

  /** {@link #identify}, auditing the refusal when the workload cannot be established. */
  private Identity identifyAudited(@Nullable Actor actor, String endpoint) {
    try {
      return identify(actor);
    } catch (GuardFailureException e) {
      audit(CallEvents.unidentified(e.callId(), clock.instant(), actor, endpoint, e.getMessage()), false);
      throw e;
    }
  }

  /** Decides {@code call} for {@code identity}, without auditing or side effects. */
  public Decision decide(Identity identity, VectorCall call) {
    return policy.decide(Objects.requireNonNull(identity, "identity"), Objects.requireNonNull(call, "call"));
  }

  /**
   * Decides {@code call} for the guard's workload acting for {@code actor}, and either returns the
   * call to proceed with or refuses it, for adapters that send the request as it is. Writes
   * {@code call.started} before returning, or {@code call.refused} before throwing.
   *
   * @param actor the actor captured where the call was created, or {@code null}
   * @throws CallRefusedException when the policy denies the call or approval is needed and not granted
   * @throws GuardFailureException when the guard cannot decide safely (identity, policy, token, audit)
   */
  public GuardedCall begin(VectorCall call, @Nullable Actor actor) {
    return begin(call, actor, obligations -> null).call();
  }

  /**
   * Decides {@code call} as {@link #begin(VectorCall, Actor)} does and, when it may go ahead, runs
   * {@code rewrite} with its obligations before anything is audited as started: a request the
   * rewrite cannot bring under them is refused like a denied call, with one {@code call.refused}
   * event that carries the allowing decision, the obligations and the reason. Only then is the
   * credential fetched and {@code call.started} written.
   *
   * <pre>{@code
   * GuardedRequest<Message> started = guard.begin(call, actor, obligations -> rewrite(message, obligations));
   * send(started.request(), started.call().credential());
   * }</pre>
   *
   * @throws CallRefusedException when the policy refuses the call, or the rewrite finds that its
   *     request cannot be served under the obligations ({@link CallRefusedException#decision()} then
   *     allows)
   * @throws GuardFailureException when the guard cannot decide safely (identity, policy, token,
   *     audit), the obligations' mask rules cannot be applied ({@code MASK}), or the rewrite fails
   *     ({@code PARSE})
   */
  public <R extends @Nullable Object> GuardedRequest<R> begin(VectorCall call, @Nullable Actor actor,
      RequestRewrite<R> rewrite) {
    return begin(call, actor, rewrite, true, null, null);
  }

  /**
   * {@link #begin(VectorCall, Actor, RequestRewrite)} without holding the thread for an approval
   * ({@code approval.wait}): for a thread that must not block, such as an HTTP client's
   * dispatcher, after {@link #readyToBegin} has done the waiting; {@code waited} is what it
   * completed with ({@code null} when the caller did not wait). A wait that ended without a grant
   * (rejected, revoked, run out) refuses the call with that reason and opens no new request.
   */
  public <R extends @Nullable Object> GuardedRequest<R> beginNow(VectorCall call, @Nullable Actor actor,
      RequestRewrite<R> rewrite, @Nullable ApprovalStatus waited) {
    return begin(call, actor, rewrite, false, waited, null);
  }

  /**
   * Completes when {@code call} may be begun without waiting: at once (with {@code null}) unless
   * it needs an approval that its rule (or this guard) lets it wait for; then, once the grant is
   * ready to use (without using it: {@link #beginNow} does) or the wait has ended, with the
   * approval's status, to pass to {@code beginNow}. Waits on the approval service's scheduler,
   * never on the calling thread; never completes exceptionally (a failure leaves the decision to
   * {@code beginNow}, which refuses).
   */
  public CompletableFuture<@Nullable ApprovalStatus> readyToBegin(VectorCall call,
      @Nullable Actor actor) {
    return readyToBegin(prepare(call, actor));
  }

  /**
   * Identifies the caller ({@code actor} for the guard's workload) and decides {@code call}, once,
   * for {@link #readyToBegin(PreparedCall)} and {@link #beginNow(PreparedCall, RequestRewrite,
   * ApprovalStatus)} to share. Audits nothing, tells no listener and never throws: a failure to
   * identify or decide is kept, and refused (audited) when the call is begun.
   */
  public PreparedCall prepare(VectorCall call, @Nullable Actor actor) {
    Objects.requireNonNull(call, "call");
    Identity identity;
    try {
      identity = identify(actor);
    } catch (GuardFailureException e) {
      return PreparedCall.unidentified(this, call, actor, e);
    }
    try {
      Decision decision = decide(identity, call);
      // Only an explicit monitor mode lets a refusal through; anything else is enforced.
      return PreparedCall.decided(this, call, actor, identity, decision, null, policy.mode() != PolicyMode.MONITOR);
    } catch (RuntimeException e) {
      return PreparedCall.decided(this, call, actor, identity, null, e, true);
    }
  }

  /**
   * {@link #readyToBegin(VectorCall, Actor)} for a call already {@link #prepare prepared}, without
   * deciding it again. A call it starts waiting for is decided again by {@code beginNow}.
   *
   * @throws IllegalArgumentException when another guard prepared the call
   */
  public CompletableFuture<@Nullable ApprovalStatus> readyToBegin(PreparedCall prepared) {
    owned(prepared);
    CompletableFuture<@Nullable ApprovalStatus> none =
        CompletableFuture.completedFuture(null);
    Identity identity = prepared.identity();
    if (identity == null || !(prepared.decision() instanceof Decision.NeedsApproval needs) || !prepared.enforced()) {
      return none;
    }
    try {
      Duration wait = ApprovalWaits.waitFor(needs, approvalWait);
      if (wait.isZero()) {
        return none;
      }
      prepared.startedWaiting();
      return approvals.await(new ApprovalRequest(identity, prepared.call(), needs), wait, null)
          .handle((status, error) -> error == null ? status : null);
    } catch (RuntimeException e) {
      return none;
    }
  }

  /**
   * {@link #beginNow(VectorCall, Actor, RequestRewrite, ApprovalStatus)} for a call already
   * {@link #prepare prepared}: its identity and decision are used as they are unless
   * {@link #readyToBegin(PreparedCall)} waited for an approval, when they are taken again. Writes
   * {@code call.started}, or {@code call.refused} before throwing, as {@code begin} does; tells the
   * listeners as {@code begin} does.
   *
   * @throws CallRefusedException when the policy refuses the call, or the rewrite finds that its
   *     request cannot be served under the obligations
   * @throws GuardFailureException when the guard cannot decide safely (identity, policy, token, audit)
   * @throws IllegalArgumentException when another guard prepared the call
   */
  public <R extends @Nullable Object> GuardedRequest<R> beginNow(PreparedCall prepared, RequestRewrite<R> rewrite,
      @Nullable ApprovalStatus waited) {
    owned(prepared);
    return begin(prepared.call(), prepared.actor(), rewrite, false, waited, prepared.waited() ? null : prepared);
  }

  private void owned(PreparedCall prepared) {
    Objects.requireNonNull(prepared, "prepared");
    if (prepared.guard() != this) {
      throw new IllegalArgumentException("the call was prepared by another VectorGuard");
    }
  }

  /** {@code prepared}: the call identified and decided already, or {@code null} to do both now. */
  private <R extends @Nullable Object> GuardedRequest<R> begin(VectorCall call, @Nullable Actor actor,
      RequestRewrite<R> rewrite, boolean mayWait, @Nullable ApprovalStatus waited, @Nullable PreparedCall prepared) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(rewrite, "rewrite");
    CallObserver observer = listeners.starting(call);
    GuardedRequest<R> started;
    try {
      started = decideAndStart(call, actor, rewrite, mayWait, waited, prepared);
    } catch (VectorGuardException e) {
      observer.refused(e);
      throw e;
    }
    started.call().observedBy(observer);
    observer.admitted(started.call());
    return started;
  }

  private <R extends @Nullable Object> GuardedRequest<R> decideAndStart(VectorCall call, @Nullable Actor actor,
      RequestRewrite<R> rewrite, boolean mayWait, @Nullable ApprovalStatus waited, @Nullable PreparedCall prepared) {
    long startNanos = System.nanoTime();
    PreparedCall decided = prepared != null ? prepared : prepare(call, actor);
    Identity identity = decided.identity();
    if (identity == null) {
      GuardFailureException e = Objects.requireNonNull(decided.unidentified());
      audit(CallEvents.unidentified(e.callId(), clock.instant(), actor, call.endpoint(), e.getMessage()), false);
      throw e;
    }
    String callId = Ids.next("call_");
    Decision decision = decided.decision();
    boolean enforced = decided.enforced();
    RuntimeException undecided = decided.undecided();
    if (undecided != null) {
      throw failure(callId, identity, call, GuardFailureException.Cause.DECIDE,
          "the policy could not be evaluated: " + undecided, undecided);
    }
    if (decision == null) {
      throw failure(callId, identity, call, GuardFailureException.Cause.DECIDE,
          "the policy could not be evaluated: it returned no decision", null);
    }
    Obligations obligations = Obligations.NONE;
    String approvalId = null;
    String approvalNote = null;
    if (decision instanceof Decision.Allow allow) {
      obligations = allow.obligations();
    } else if (decision instanceof Decision.NeedsApproval needsApproval) {
      // A wait that ended without a grant decides: checking again would open a new request.
      ApprovalStatus status = waited != null && !waited.granted() ? waited
          : checkApproval(callId, identity, call, needsApproval);
      if (!status.granted() && enforced && mayWait) {
        status = ApprovalWaits.waitThenCheck(approvals, new ApprovalRequest(identity, call, needsApproval), status,
            ApprovalWaits.waitFor(needsApproval, approvalWait), () -> checkApproval(callId, identity, call,
                needsApproval));
      }
      approvalId = status.approvalId();
      approvalNote = status.reason();
      if (status.granted()) {
        obligations = needsApproval.obligations();
      } else if (enforced) {
        String reason = "Vectorguard refused " + describe(call) + ": " + decision.reason()
            + "; approval request " + approvalId + ": " + status.reason();
        audit(CallEvents.refused(callId, clock.instant(), identity, call, decision, approvalId, approvalNote, null, null,
            reason), false);
        throw new CallRefusedException(reason, callId, decision, approvalId);
      }
    } else if (enforced) {
      // The policy's reason already names the rules (or says "default deny").
      String reason = "Vectorguard refused " + describe(call) + ": " + decision.reason();
      audit(CallEvents.refused(callId, clock.instant(), identity, call, decision, null, null, null, reason), false);
      throw new CallRefusedException(reason, callId, decision, null);
    }
    if (!enforced) {
      obligations = Obligations.NONE;
    }
    MaskPlan plan = checkMasks(callId, identity, call, obligations);
    R request;
    try {
      request = rewrite.apply(obligations);
    } catch (UnenforceableRequestException e) {
      String reason = "Vectorguard refused " + describe(call) + ": " + e.getMessage();
      audit(CallEvents.unenforceable(callId, clock.instant(), identity, call, decision, approvalId, approvalNote,
          obligations, reason), false);
      throw new CallRefusedException(reason, callId, decision, approvalId);
    } catch (RuntimeException e) {
      throw failure(callId, identity, call, GuardFailureException.Cause.PARSE,
          "the request could not be rewritten to obey its obligations: " + e, e);
    }
    Credential credential = credential(callId, identity, call);
    AuditEvent started = CallEvents.started(callId, clock.instant(), identity, call, decision, enforced,
        obligations, credential, approvalId, approvalNote, captureLevel);
    Throwable notWritten = write(started);
    if (notWritten != null && missed(notWritten, true)) {
      throw failure(callId, identity, call, GuardFailureException.Cause.AUDIT,
          "its call.started audit event could not be written and audit is required", notWritten);
    }
    return new GuardedRequest<>(new GuardedCall(this, callId, identity, call, decision, obligations, plan, enforced,
        credential, approvalId, startNanos), request);
  }

  /**
   * Refuses, before anything is sent, a call whose mask rules the masking engine cannot apply: the
   * builder checked the policy's, but a policy that is not in the policy language was not checked.
   * Returns the plan (vectors left alone), or {@code null} when nothing is masked.
   */
  private @Nullable MaskPlan checkMasks(String callId, Identity identity, VectorCall call, Obligations obligations) {
    if (obligations.maskRules().isEmpty()) {
      return null;
    }
    try {
      return masking.plan(obligations.maskRules(), false);
    } catch (RuntimeException e) {
      throw failure(callId, identity, call, GuardFailureException.Cause.MASK,
          "its mask rules cannot be applied: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a call the adapter could not classify or parse, auditing the refusal. Returns the
   * exception for the adapter to throw or report; never throws it (when the workload cannot be
   * established either, the returned exception says that, with cause {@code IDENTITY}).
   *
   * @param cause why the guard could not go on: {@code CLASSIFY} or {@code PARSE} usually
   * @param endpoint what was called, as the adapter saw it ({@code "POST /collections/x/points/search"})
   * @param detail one line saying what was wrong, with no secret in it
   */
  public GuardFailureException refuse(GuardFailureException.Cause cause, String endpoint, @Nullable Actor actor,
      String detail, @Nullable Throwable error) {
    Identity identity;
    try {
      identity = identifyAudited(actor, endpoint);
    } catch (GuardFailureException e) {
      // Already audited; returned, not thrown, so that adapters can report it like any refusal.
      listeners.unclassified(endpoint, e);
      return e;
    }
    String callId = Ids.next("call_");
    String reason = "Vectorguard refused " + Display.value(endpoint) + ": " + detail;
    audit(CallEvents.refused(callId, clock.instant(), identity, null, null, null, cause.id(), endpoint, reason), false);
    GuardFailureException refusal = new GuardFailureException(reason, callId, cause, error);
    listeners.unclassified(endpoint, refusal);
    return refusal;
  }

  /**
   * Captures the {@link CallListener#captureOrigin origin} of a call being created on this thread,
   * for an adapter that may begin the call on another thread to restore around it.
   *
   * @param serverAddress the host the call goes to, or {@code null} when not known
   * @param serverPort its port, or {@code -1} when not known
   */
  public CallOrigin captureOrigin(@Nullable String serverAddress, int serverPort) {
    return listeners.captureOrigin(serverAddress, serverPort);
  }

  /**
   * Reports that the response of an allowed call could not be masked: the call is completed as an
   * error and the returned exception is for the adapter to raise instead of the response.
   */
  public GuardFailureException maskingFailed(GuardedCall call, String detail, @Nullable Throwable error) {
    String reason = "Vectorguard withheld the response of " + describe(call.call()) + ": " + detail;
    call.complete(CallOutcome.error("mask_failed", reason).build());
    return new GuardFailureException(reason, call.callId(), GuardFailureException.Cause.MASK, error);
  }

  void completed(GuardedCall call, CallOutcome outcome, long startNanos) {
    long latencyMicros = (System.nanoTime() - startNanos) / 1_000;
    audit(CallEvents.completed(call.callId(), clock.instant(), call.identity(), call.call(), outcome, latencyMicros,
        captureLevel, call.capturedRequest(), call.capturedResponse(), captureLimit), false);
  }

  /** Flushes and closes the audit sink. */
  @Override
  public void close() throws IOException {
    auditSink.close();
  }

  private ApprovalStatus checkApproval(String callId, Identity identity, VectorCall call,
      Decision.NeedsApproval decision) {
    try {
      return Objects.requireNonNull(approvals.check(new ApprovalRequest(identity, call, decision)),
          "the approval service returned null");
    } catch (RuntimeException e) {
      throw failure(callId, identity, call, GuardFailureException.Cause.DECIDE,
          "the approval service failed: " + e, e);
    }
  }

  private Credential credential(String callId, Identity identity, VectorCall call) {
    Credential credential;
    try {
      credential = tokenSource.credential(new TokenRequest(call.backend(), identity, call.scope(),
          call.collections(), call.access(), call.database(), call.operation()));
    } catch (TokenUnavailableException e) {
      throw failure(callId, identity, call, GuardFailureException.Cause.TOKEN,
          "no valid credential: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A third-party message might quote a secret: name the failure; the cause keeps the rest.
      throw failure(callId, identity, call, GuardFailureException.Cause.TOKEN,
          "no valid credential: the token source failed with " + e.getClass().getName(), e);
    }
    if (credential == null) {
      throw failure(callId, identity, call, GuardFailureException.Cause.TOKEN,
          "no valid credential: the token source returned none", null);
    }
    return credential;
  }

  private GuardFailureException failure(String callId, Identity identity, VectorCall call,
      GuardFailureException.Cause cause, String detail, @Nullable Throwable error) {
    String reason = "Vectorguard refused " + describe(call) + ": " + detail;
    audit(CallEvents.refused(callId, clock.instant(), identity, call, null, null, cause.id(), null, reason), false);
    return new GuardFailureException(reason, callId, cause, error);
  }

  /** Writes an event; returns whether the call may go on (the sink accepted it, or need not). Never throws. */
  private boolean audit(AuditEvent event, boolean requiredForCall) {
    Throwable notWritten = write(event);
    return notWritten == null || !missed(notWritten, requiredForCall);
  }

  /**
   * Writes an event, and after it what the sink did not accept before, if anything; returns why
   * the sink did not accept it, or {@code null}. Never throws.
   */
  private @Nullable Throwable write(AuditEvent event) {
    try {
      auditSink.write(event);
    } catch (IOException | RuntimeException | LinkageError | AssertionError e) {
      // A sink is often the application's code: a bug in it is an audit failure, never a crash of
      // the call path (as IsolatedAuditSink treats it).
      auditFailures.increment();
      LOG.log(Level.WARNING, "audit sink did not accept " + event.type() + " of " + event.callId() + ": " + e);
      return e;
    }
    auditGap.close(auditSink, clock.instant());
    return null;
  }

  /** Counts an event the sink did not accept; returns whether its call must be refused for it. */
  private boolean missed(Throwable notWritten, boolean requiredForCall) {
    boolean refuse = requiredForCall && auditMode == AuditMode.REQUIRED;
    auditGap.missed(clock.instant(), notWritten, refuse, requiredForCall && !refuse);
    return refuse;
  }

  private static String describe(VectorCall call) {
    // Collection names come from the request: escaped and shortened, so a refusal stays one short line.
    return call.backend().id() + ' ' + call.operation().id()
        + (call.collections().isEmpty() ? "" : " on " + Display.names(call.collections()));
  }

  /** Builds a {@link VectorGuard}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Policy policy;
    private @Nullable Supplier<Workload> workload;
    private TokenSource tokenSource = TokenSource.none();
    private AuditSink auditSink = event -> {};
    private AuditMode auditMode = AuditMode.REQUIRED;
    private ApprovalService approvals = ApprovalService.none();
    private java.time.Duration approvalWait = java.time.Duration.ZERO;
    private Clock clock = Clock.systemUTC();
    private MaskEngine masking = MaskEngine.create(MaskSettings.defaults());
    private CaptureLevel captureLevel = CaptureLevel.METADATA;
    private int captureLimit = 64 * 1024;
    private CallListeners listeners = CallListeners.NONE;

    private Builder(Policy policy) {
      this.policy = policy;
    }

    /** The workload every call is made as. */
    public Builder workload(Workload workload) {
      Objects.requireNonNull(workload, "workload");
      this.workload = () -> workload;
      return this;
    }

    /**
     * Where the workload comes from on each call, such as a verified token file. The supplier is
     * called on the request path and must be fast; when it throws, the call is refused.
     */
    public Builder workload(Supplier<Workload> workload) {
      this.workload = Objects.requireNonNull(workload, "workload");
      return this;
    }

    public Builder tokenSource(TokenSource tokenSource) {
      this.tokenSource = Objects.requireNonNull(tokenSource, "tokenSource");
      return this;
    }

    /** Where audit events go; by default nowhere. The guard closes it on {@link VectorGuard#close()}. */
    public Builder auditSink(AuditSink auditSink) {
      this.auditSink = Objects.requireNonNull(auditSink, "auditSink");
      return this;
    }

    /**
     * Whether a call whose {@code call.started} event cannot be written is refused; required by
     * default. Either way, once the sink accepts events again the guard writes an
     * {@code audit.dropped} event (cause {@code sink_failed}) that counts the events it did not
     * accept, the calls refused for it and the calls that went ahead unaudited.
     */
    public Builder auditMode(AuditMode auditMode) {
      this.auditMode = Objects.requireNonNull(auditMode, "auditMode");
      return this;
    }

    public Builder approvals(ApprovalService approvals) {
      this.approvals = Objects.requireNonNull(approvals, "approvals");
      return this;
    }

    /**
     * How long a call that needs approval is held waiting for a grant when its rule sets no
     * {@code approval.wait}; zero (the default) refuses at once with the approval id. At most 1 hour.
     */
    public Builder approvalWait(Duration wait) {
      this.approvalWait = ApprovalWaits.checked(wait);
      return this;
    }

    /** The masking engine (hash key, marker, detectors); by default one with {@link MaskSettings#defaults()}. */
    public Builder masking(MaskEngine masking) {
      this.masking = Objects.requireNonNull(masking, "masking");
      return this;
    }

    /** How much of each call the audit trail records; {@link CaptureLevel#METADATA} by default. */
    public Builder captureLevel(CaptureLevel captureLevel) {
      this.captureLevel = Objects.requireNonNull(captureLevel, "captureLevel");
      return this;
    }

    /** The most bytes of one captured body kept in an audit event, 256 B to 4 MiB; 64 KiB by default. */
    public Builder captureLimit(int bytes) {
      if (bytes < 256 || bytes > 4 << 20) {
        throw new IllegalArgumentException("captureLimit must be between 256 and 4194304 bytes, but was " + bytes);
      }
      this.captureLimit = bytes;
      return this;
    }

    /**
     * Adds a listener that sees every call start, and be refused or end (tracing, metrics); listeners
     * are called in the order added, and what they throw is logged and ignored.
     */
    public Builder listener(CallListener listener) {
      this.listeners = listeners.and(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the guard, and makes it a {@link Policy#require requirement} of the policy that the
     * masking engine can apply every mask rule in it, now and after every reload (a reload that
     * brings a {@code hash} rule to a guard without a hash key is rejected and the policy in
     * force stays).
     *
     * @throws NullPointerException when no workload was set
     * @throws IllegalStateException when the masking engine cannot apply a mask rule of the policy
     *     (a {@code hash} rule without a hash key, {@code detect-pii} without detectors); the
     *     message names each policy rule and field
     */
    public VectorGuard build() {
      Objects.requireNonNull(workload, "a workload is required: call workload(...)");
      MaskEngine engine = masking;
      try {
        policy.require(compiled -> compiled.maskErrors(engine::unsupported));
      } catch (PolicyValidationException e) {
        throw new IllegalStateException("Vectorguard cannot enforce the policy with this masking engine ("
            + engine.settings() + "):\n" + e.getMessage(), e);
      }
      return new VectorGuard(this);
    }
  }
}
