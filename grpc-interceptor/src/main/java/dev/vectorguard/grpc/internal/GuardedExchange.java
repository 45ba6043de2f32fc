package dev.vectorguard.grpc.internal;

import com.google.protobuf.Message;
import dev.vectorguard.Actor;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.GuardedRequest;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.PreparedCall;
import dev.vectorguard.VectorCall;
import dev.vectorguard.RequestRewrite;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.grpc.GuardTrailers;
import dev.vectorguard.internal.WithheldErrors;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.model.AliasBook;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.token.CredentialHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The transport-neutral pipeline of one guarded gRPC call, shared by the {@code io.grpc}
 * interceptor and the Milvus SDK's shaded one: classify the first request message, decide,
 * rewrite, name the credential headers; then mask each response and audit the close.
 *
 * <p>{@link #begin} never throws: every failure becomes a {@link Refused} naming the gRPC status
 * code to close the call with, and is audited. Refusals use codes the Milvus SDK does not retry
 * ({@code PERMISSION_DENIED}, {@code INVALID_ARGUMENT}, {@code UNAUTHENTICATED}).
 */
public final class GuardedExchange {
  private static final System.Logger LOG = System.getLogger(GuardedExchange.class.getName());

  private GuardedExchange() {}

  /** What to do with a call. */
  public sealed interface Start permits Refused, Proceed {}

  /**
   * Close the call with {@code code} (a {@code Status.Code} name) without sending anything.
   *
   * @param trailers metadata to close with (call id, approval id, rules)
   */
  public record Refused(String code, String description, Map<String, String> trailers) implements Start {}

  /** Decides the call of {@code fullMethodName} whose first request message is {@code request}. */
  public static Start begin(VectorGuard guard, GrpcDialect dialect, String fullMethodName, @Nullable Object request,
      Function<String, @Nullable String> headers, @Nullable Actor actor) {
    return begin(guard, dialect, fullMethodName, request, headers, actor, new AliasBook());
  }

  /**
   * Decides the call as {@link #begin(VectorGuard, GrpcDialect, String, Object, Function, Actor)}
   * does, deciding calls that name a known Qdrant alias on the collection behind it as well.
   */
  public static Start begin(VectorGuard guard, GrpcDialect dialect, String fullMethodName, @Nullable Object request,
      Function<String, @Nullable String> headers, @Nullable Actor actor, AliasBook aliases) {
    return begin(guard, dialect, fullMethodName, request, headers, actor, aliases, true, null);
  }

  /**
   * Decides the call as {@link #begin(VectorGuard, GrpcDialect, String, Object, Function, Actor, AliasBook)}
   * does; without {@code mayWait}, never holds the thread for an approval, after
   * {@link VectorGuard#readyToBegin} completed with {@code waited}.
   */
  public static Start begin(VectorGuard guard, GrpcDialect dialect, String fullMethodName, @Nullable Object request,
      Function<String, @Nullable String> headers, @Nullable Actor actor, AliasBook aliases, boolean mayWait,
      @Nullable ApprovalStatus waited) {
    VectorCall call;
    try {
      call = classifyTargets(dialect, fullMethodName, request, headers, aliases);
    } catch (RuntimeException e) {
      return unclassifiable(guard, fullMethodName, actor, e);
    }
    return begin(guard, dialect, fullMethodName, call, (Message) request, actor, aliases, mayWait, waited);
  }

  /**
   * The call {@link #begin} decides: {@link #classify}, with a known Qdrant alias resolved to its
   * collection. For a caller that needs the call before deciding it (to wait for an approval), so
   * that the request is classified once.
   *
   * @throws RuntimeException when it cannot be classified; {@link #unclassifiable} refuses it
   */
  public static VectorCall classifyTargets(GrpcDialect dialect, String fullMethodName, @Nullable Object request,
      Function<String, @Nullable String> headers, AliasBook aliases) {
    return aliases.withTargets(classify(dialect, fullMethodName, request, headers));
  }

  /** Refuses (audited) a call whose request {@link #classifyTargets} could not classify. */
  public static Refused unclassifiable(VectorGuard guard, String fullMethodName, @Nullable Actor actor,
      RuntimeException error) {
    if (error instanceof RequestRejectedException rejected) {
      return refused(guard.refuse(rejected.failure(), fullMethodName, actor, rejected.getMessage(), null));
    }
    return refused(guard.refuse(GuardFailureException.Cause.PARSE, fullMethodName, actor,
        "the request could not be read: " + error, error));
  }

  /**
   * Decides {@code call}, classified from {@code message} by {@link #classifyTargets}; without
   * {@code mayWait}, never holds the thread for an approval, after {@link VectorGuard#readyToBegin}
   * completed with {@code waited}.
   */
  public static Start begin(VectorGuard guard, GrpcDialect dialect, String fullMethodName, VectorCall call,
      Message message, @Nullable Actor actor, AliasBook aliases, boolean mayWait, @Nullable ApprovalStatus waited) {
    return begin(guard, dialect, call, message, aliases, rewrite -> mayWait ? guard.begin(call, actor, rewrite)
        : guard.beginNow(call, actor, rewrite, waited));
  }

  /**
   * Begins {@code prepared}, classified from {@code message} by {@link #classifyTargets} and
   * {@link VectorGuard#prepare prepared} once, after {@link VectorGuard#readyToBegin(dev.vectorguard.PreparedCall)}
   * completed with {@code waited}: the caller is identified and the call decided once, never
   * holding the thread for an approval.
   */
  public static Start begin(VectorGuard guard, GrpcDialect dialect, PreparedCall prepared, Message message,
      AliasBook aliases, @Nullable ApprovalStatus waited) {
    return begin(guard, dialect, prepared.call(), message, aliases,
        rewrite -> guard.beginNow(prepared, rewrite, waited));
  }

  private static Start begin(VectorGuard guard, GrpcDialect dialect, VectorCall call, Message message,
      AliasBook aliases, Function<RequestRewrite<Message>, GuardedRequest<Message>> engine) {
    if (call.operation() == Operation.ALIAS) {
      aliases.forget(call.backend());
    }
    GuardedRequest<Message> started;
    try {
      // Rewritten before call.started: a request that cannot obey the obligations is one call.refused.
      started = engine.apply(obligations -> rewrite(dialect, call, message, obligations));
    } catch (CallRefusedException e) {
      Map<String, String> trailers = new LinkedHashMap<>();
      trailers.put(GuardTrailers.CALL_ID, e.callId());
      if (!e.decision().rules().isEmpty()) {
        trailers.put(GuardTrailers.RULES, String.join(",", e.decision().rules()));
      }
      if (e.approvalId() != null) {
        trailers.put(GuardTrailers.APPROVAL_ID, e.approvalId());
      }
      return new Refused("PERMISSION_DENIED", e.getMessage(), trailers);
    } catch (GuardFailureException e) {
      return refused(e);
    }
    GuardedCall guarded = started.call();
    // The guard compiled the plan when it checked the mask rules; null when nothing is masked.
    MaskPlan plan = guarded.maskPlan();
    List<CredentialHeaders.Header> credentials = CredentialHeaders.headersFor(call.backend(),
        CredentialHeaders.Transport.GRPC, guarded.credential());
    return new Proceed(guard, dialect, guarded, started.request(), credentials, plan, aliases);
  }

  /**
   * Classifies the call of {@code fullMethodName} whose first request message is {@code request},
   * after checking that it is the protobuf message the method takes, with no field the dialect
   * cannot read. Aliases are not resolved.
   *
   * @throws RequestRejectedException when the request cannot be classified safely
   */
  public static VectorCall classify(GrpcDialect dialect, String fullMethodName, @Nullable Object request,
      Function<String, @Nullable String> headers) {
    if (!(request instanceof Message message)) {
      throw new RequestRejectedException(GuardFailureException.Cause.PARSE, request == null
          ? "the call sent no request message" : "the request is not a protobuf message");
    }
    Protos.rejectUnknownFields(message);
    String expected = InputTypes.of(fullMethodName);
    String actual = message.getDescriptorForType().getFullName();
    if (expected != null && !expected.equals(actual)) {
      throw new RequestRejectedException(GuardFailureException.Cause.PARSE,
          "the request is a " + actual + ", but " + fullMethodName + " takes a " + expected);
    }
    return dialect.classify(fullMethodName, message, headers);
  }

  /**
   * The message to send for {@code request} under {@code obligations}: the guard's
   * {@link dev.vectorguard.RequestRewrite} for gRPC calls, and what the CLI's {@code policy
   * explain --grpc} prints.
   *
   * @throws UnenforceableRequestException when the request cannot be made to obey them
   */
  public static Message rewrite(GrpcDialect dialect, VectorCall call, Message request, Obligations obligations)
      throws UnenforceableRequestException {
    try {
      return dialect.rewrite(call, request, obligations);
    } catch (RequestRejectedException e) {
      throw new UnenforceableRequestException(e.getMessage());
    }
  }

  private static Refused refused(GuardFailureException e) {
    String code = switch (e.failure()) {
      case PARSE -> "INVALID_ARGUMENT";
      case TOKEN, IDENTITY -> "UNAUTHENTICATED";
      default -> "PERMISSION_DENIED";
    };
    return new Refused(code, e.getMessage(), Map.of(GuardTrailers.CALL_ID, e.callId(), GuardTrailers.FAILURE, e.failure().id()));
  }

  /** The call goes ahead: send {@link #request()} with {@link #credentialHeaders()}. Thread-safe. */
  public static final class Proceed implements Start {
    private final VectorGuard guard;
    private final GrpcDialect dialect;
    private final GuardedCall call;
    private final Message request;
    private final List<CredentialHeaders.Header> credentialHeaders;
    private final @Nullable MaskPlan plan;
    private final boolean masking;
    private final AliasBook aliases;
    private MaskCounts counts = MaskCounts.NONE;
    private @Nullable Integer results;
    private long bytesIn;

    Proceed(VectorGuard guard, GrpcDialect dialect, GuardedCall call, Message request,
        List<CredentialHeaders.Header> credentialHeaders, @Nullable MaskPlan plan, AliasBook aliases) {
      this.guard = guard;
      this.dialect = dialect;
      this.call = call;
      this.request = request;
      this.credentialHeaders = credentialHeaders;
      this.plan = plan;
      this.masking = dialect.needsMasking(call.call(), call.obligations());
      this.aliases = aliases;
    }

    public GuardedCall call() {
      return call;
    }

    /** The (rewritten) request message to send. */
    public Message request() {
      return request;
    }

    /** The metadata that carries the guard's credential; empty when it attaches none. */
    public List<CredentialHeaders.Header> credentialHeaders() {
      return credentialHeaders;
    }

    /**
     * The response to deliver in place of {@code response}.
     *
     * @throws GuardFailureException when it cannot be masked; the call is then completed as an
     *     error, and the adapter must cancel it and deliver nothing
     */
    public synchronized Object onResponse(Object response) {
      if (!(response instanceof Message message)) {
        throw guard.maskingFailed(call, "the response is not a protobuf message", null);
      }
      bytesIn += message.getSerializedSize();
      AliasResponses.learn(aliases, message, call.call().database());
      if ((call.call().operation() == Operation.LIST_COLLECTIONS
          || call.call().operation() == Operation.LIST_ALIASES)) {
        message = Listings.filter(message, call::mayList);
      }
      if (!masking) {
        return message;
      }
      try {
        GrpcDialect.Masked masked = dialect.mask(call.call(), message, call.obligations(), plan);
        counts = counts.plus(masked.counts());
        if (masked.results() != null) {
          results = (results == null ? 0 : results) + masked.results();
        }
        return masked.message();
      } catch (RuntimeException e) {
        throw guard.maskingFailed(call, "the response could not be masked: " + e, e);
      }
    }

    /**
     * Whether the server's description of a close with {@code code} (a {@code Status.Code} name)
     * must be withheld, with its trailers: when the call's obligations hide fields, since an error
     * message can quote what they hide. A cancellation or an expired deadline is the client's own.
     */
    public boolean withholdsError(String code) {
      return call.obligations().hidesFields() && !code.equals("OK") && !code.equals("CANCELLED")
          && !code.equals("DEADLINE_EXCEEDED");
    }

    /**
     * Audits how the call closed ({@code code} is a {@code Status.Code} name); a description that
     * {@link #withholdsError} is not recorded. Only the first close counts.
     */
    public synchronized void onClose(String code, @Nullable String description) {
      CallOutcome.Builder outcome = switch (code) {
        case "OK" -> CallOutcome.ok(code);
        case "CANCELLED", "DEADLINE_EXCEEDED" -> CallOutcome.cancelled(code).error(description);
        default -> CallOutcome.error(code, withholdsError(code) ? code + "; " + WithheldErrors.AUDITED
            : description == null ? code : description);
      };
      try {
        call.complete(outcome.resultCount(results).masked(counts).bytes(request.getSerializedSize(), bytesIn).build());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not audit the completion of " + call.callId() + ": " + e);
      }
    }
  }
}
