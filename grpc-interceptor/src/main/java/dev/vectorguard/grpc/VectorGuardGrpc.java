package dev.vectorguard.grpc;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.token.CredentialHeaders;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Guards gRPC calls to Qdrant (and unshaded Milvus SDKs) with a {@link VectorGuard}.
 *
 * <pre>{@code
 * VectorGuardGrpc grpc = VectorGuardGrpc.create(guard);
 * ManagedChannel channel = grpc.guardedChannel(
 *     ManagedChannelBuilder.forAddress("qdrant", 6334).useTransportSecurity().build());
 * QdrantClient qdrant = new QdrantClient(QdrantGrpcClient.newBuilder(channel, true, false).build());
 * try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
 *   qdrant.searchAsync(request).get();   // decided, rewritten, masked and audited
 * }
 * }</pre>
 *
 * <p>Each call is held back until its first request message, then classified, decided and
 * rewritten; the guard's credential replaces any the client set ({@code withApiKey}, call
 * credentials, credential headers). A refused call is closed with {@code PERMISSION_DENIED} (or
 * {@code INVALID_ARGUMENT}/{@code UNAUTHENTICATED} when the guard could not decide) and a
 * description naming the rules; nothing is sent. Trailers {@code vectorguard-call-id},
 * {@code vectorguard-rules} and, when approval is needed, {@code vectorguard-approval-id} say more.
 * Responses are masked before the application sees them and every call's end is audited, also
 * when it is cancelled or its deadline passes.
 *
 * <p><b>Error statuses.</b> A database's error description can quote what the request sent or
 * what it stores (a Qdrant {@code "Wrong input: ..."}, a Milvus expression error), and its trailers
 * ({@code grpc-status-details-bin}) can carry more. When a call's obligations
 * {@link dev.vectorguard.Obligations#hidesFields() hide fields} (mask rules, restricted output
 * fields), a call that closes with any code but {@code OK}, {@code CANCELLED} and
 * {@code DEADLINE_EXCEEDED} keeps its code, but its description is replaced by the guard's and its
 * trailers by {@code vectorguard-call-id} alone; a Milvus error reported inside an OK response
 * ({@code status.reason}, {@code detail}, {@code extra_info}) is withheld the same way, keeping
 * {@code error_code}, {@code code} and {@code retriable}. {@code call.completed} records the code,
 * never the description. Under any other obligations, and with none, statuses pass unchanged.
 *
 * <p>The actor is the one in {@link #ACTOR} of the gRPC {@link Context} current where the call is
 * created, or else {@link dev.vectorguard.GuardContext#current()} there.
 *
 * <p>Collection listings are filtered to the collections the policy would let the caller
 * describe. Qdrant aliases seen in alias listings are remembered (per instance), so that a call
 * naming an alias is also decided on the collection behind it; list aliases once at startup to
 * close that bypass. The Qdrant client's version check at {@code build()} is a {@code health}
 * call: allow it, or build with {@code checkCompatibility = false}. Only unary and
 * server-streaming methods are let through. A request must be of the type its method takes (per
 * the official client's service descriptors, or at least of the backend's proto package) and carry
 * no unknown fields: the server reads fields by number, the guard by name. Immutable and thread-safe.
 */
public final class VectorGuardGrpc {
  /** The gRPC context key carrying the actor, for code that propagates {@link Context} rather than threads. */
  public static final Context.Key<Actor> ACTOR = Context.key("vectorguard-actor");

  /**
   * The actor from {@link #ACTOR}, else {@link GuardContext}; the credential as call credentials,
   * which gRPC applies after every interceptor, so that the client's own cannot win over it.
   */
  private static final GuardClientInterceptor.Binding BINDING = new GuardClientInterceptor.Binding() {
    @Override
    public @Nullable Actor actor() {
      Actor actor = ACTOR.get(Context.current());
      return actor != null ? actor : GuardContext.current();
    }

    @Override
    public CallOptions attach(CallOptions callOptions, Metadata headers, List<CredentialHeaders.Header> credential) {
      return callOptions.withCallCredentials(new GuardCallCredentials(callOptions.getCredentials(), credential));
    }
  };

  private final GuardClientInterceptor interceptor;

  private VectorGuardGrpc(VectorGuard guard) {
    this.interceptor = new GuardClientInterceptor(guard, BINDING);
  }

  /** The gRPC adapter of {@code guard}. */
  public static VectorGuardGrpc create(VectorGuard guard) {
    return new VectorGuardGrpc(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * The interceptor; put it on a channel ({@code ManagedChannelBuilder.intercept(...)}) so that it
   * sees every call, including the Qdrant client's version check.
   */
  public ClientInterceptor newClientInterceptor() {
    return interceptor;
  }

  /**
   * A channel whose calls pass the guard, for {@code QdrantGrpcClient.newBuilder(channel, ...)};
   * shutting it down shuts {@code channel} down. {@code channel} itself is left unguarded: hand
   * only the returned channel to the client.
   */
  public ManagedChannel guardedChannel(ManagedChannel channel) {
    return new GuardedManagedChannel(Objects.requireNonNull(channel, "channel"), interceptor);
  }
}
