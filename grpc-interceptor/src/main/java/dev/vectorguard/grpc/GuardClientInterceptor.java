package dev.vectorguard.grpc;

import com.google.protobuf.Message;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.PreparedCall;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.grpc.internal.Dialects;
import dev.vectorguard.grpc.internal.GrpcDialect;
import dev.vectorguard.grpc.internal.GuardedExchange;
import dev.vectorguard.internal.WithheldErrors;
import dev.vectorguard.model.AliasBook;
import dev.vectorguard.observe.CallOrigin;
import dev.vectorguard.token.CredentialHeaders;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Guards each call: the call is held back until its first request message, so that the decision
 * and the credential are ready before any header leaves the process. A refused call is closed
 * with a status and nothing is sent; {@code start()} never throws. Under obligations that hide
 * fields an error status's description and trailers are withheld ({@link VectorGuardGrpc} says
 * what stays). Thread-safe.
 *
 * <p>Where the actor comes from and how the credential reaches the server differ between clients
 * and make a {@link Binding}: {@link VectorGuardGrpc} uses the gRPC {@code Context} and call
 * credentials, the Milvus SDKs use {@link #HEADERS_FIRST}. This file is also relocated at build
 * time to the Milvus SDK's shaded gRPC (SDK 2.6.18+) as {@code MilvusShadedInterceptor}, as
 * grpc-netty-shaded is made from grpc-netty (see this module's pom); so it names no class of ours
 * built on {@code io.grpc}, such as {@link GuardCallCredentials}. The Milvus SDK 2.5.x, whose gRPC
 * is not shaded, is guarded by this class as compiled, with {@link #HEADERS_FIRST} ({@link PlainMilvusStubs}).
 */
final class GuardClientInterceptor implements ClientInterceptor {
  /** What differs between the clients served; implementations are thread-safe. */
  interface Binding {
    /** The actor of a call being created on the current thread, or {@code null} when none is set. */
    @Nullable Actor actor();

    /**
     * Attaches the guard's {@code credential} to a call about to start with {@code headers}, which
     * no longer hold any credential header, and returns the options to start it with.
     */
    CallOptions attach(CallOptions callOptions, Metadata headers, List<CredentialHeaders.Header> credential);

    /**
     * The value of header {@code name} that the client adds after this interceptor, which therefore
     * does not see it, or {@code null}; read only when the call's own headers lack it.
     */
    default @Nullable String laterHeader(String name) {
      return null;
    }
  }

  /** {@link HeadersFirst} for a client whose later headers are unknown. */
  static final Binding HEADERS_FIRST = new HeadersFirst(null);

  /**
   * The actor from {@link GuardContext}; the credential put first in the headers, because the
   * Milvus SDKs' own interceptors run after this one and append their {@code authorization} (call
   * credentials would come after it), and Milvus reads the first value. The SDK's interceptors
   * also add {@code dbname}, the database the server decides on when the request names none (SDK
   * 2.5's V2 client names none in a search), so the database a client was connected to is given
   * here, to be decided on.
   */
  static final class HeadersFirst implements Binding {
    private final @Nullable String database;

    /** {@code database}: the {@code dbname} header the client adds later, or {@code null} when unknown. */
    HeadersFirst(@Nullable String database) {
      this.database = database;
    }

    @Override
    public @Nullable Actor actor() {
      return GuardContext.current();
    }

    @Override
    public CallOptions attach(CallOptions callOptions, Metadata headers, List<CredentialHeaders.Header> credential) {
      for (CredentialHeaders.Header header : credential) {
        headers.put(Metadata.Key.of(header.name(), Metadata.ASCII_STRING_MARSHALLER), header.value());
      }
      return callOptions;
    }

    @Override
    public @Nullable String laterHeader(String name) {
      return name.equals("dbname") ? database : null;
    }
  }

  private final VectorGuard guard;
  private final Binding binding;
  private final AliasBook aliases = new AliasBook();
  /** The server of the last call's authority; racy by design (any thread's parse is as good). */
  private volatile @Nullable ServerAuthority server;

  GuardClientInterceptor(VectorGuard guard, Binding binding) {
    this.guard = guard;
    this.binding = binding;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
      CallOptions callOptions, Channel next) {
    // The actor is captured where the call is created, not where it runs.
    return new DelayedCall<>(guard, binding, aliases, method, callOptions, next, binding.actor(),
        origin(guard, next.authority()));
  }

  /** The listeners' origin of a call created now, to the server of {@code authority} ({@code host:port}). */
  private CallOrigin origin(VectorGuard guard, @Nullable String authority) {
    if (authority == null) {
      return guard.captureOrigin(null, -1);
    }
    // A channel's authority does not change: parsed once, not on every call.
    ServerAuthority known = server;
    if (known == null || !known.authority().equals(authority)) {
      known = ServerAuthority.of(authority);
      server = known;
    }
    return guard.captureOrigin(known.host(), known.port());
  }

  static Metadata trailers(Map<String, String> values) {
    Metadata trailers = new Metadata();
    values.forEach((k, v) -> trailers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    return trailers;
  }

  /** Buffers start, request and half-close until the first message has been decided. */
  private static final class DelayedCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
    private final VectorGuard guard;
    private final Binding binding;
    private final AliasBook aliases;
    private final MethodDescriptor<ReqT, RespT> method;
    private final CallOptions callOptions;
    private final Channel next;
    private final @Nullable Actor actor;
    private final CallOrigin origin;

    private @Nullable Listener<RespT> listener;
    private @Nullable Metadata headers;
    private volatile @Nullable ClientCall<ReqT, RespT> delegate;
    /** The real call once started, before {@link #delegate} is published (after its message is sent). */
    private @Nullable ClientCall<ReqT, RespT> starting;
    private int pendingRequests;
    private boolean halfClosed;
    private boolean decided;
    private boolean closed;
    private boolean cancelled;
    private @Nullable Boolean compression;

    DelayedCall(VectorGuard guard, Binding binding, AliasBook aliases, MethodDescriptor<ReqT, RespT> method,
        CallOptions callOptions, Channel next, @Nullable Actor actor, CallOrigin origin) {
      this.guard = guard;
      this.binding = binding;
      this.aliases = aliases;
      this.method = method;
      this.callOptions = callOptions;
      this.next = next;
      this.actor = actor;
      this.origin = origin;
    }

    @Override
    public void start(Listener<RespT> responseListener, Metadata metadata) {
      this.listener = responseListener;
      this.headers = metadata;
    }

    @Override
    public void request(int numMessages) {
      // request() alone may be called from any thread, also while the call is being decided.
      ClientCall<ReqT, RespT> call;
      synchronized (this) {
        call = delegate;
        if (call == null) {
          pendingRequests += numMessages;
          return;
        }
      }
      call.request(numMessages);
    }

    @Override
    public void sendMessage(ReqT message) {
      if (delegate != null) {
        // Only unary and server-streaming methods are let through, so a second message is a misuse.
        delegate.cancel("Vectorguard guards one request message per call", null);
        return;
      }
      if (!decided) {
        decideInOrigin(message);
      }
    }

    @Override
    public void halfClose() {
      // While the call waits for an approval, it is decided and sent on another thread.
      ClientCall<ReqT, RespT> call;
      synchronized (this) {
        call = delegate;
        if (call == null) {
          halfClosed = true;
        }
      }
      if (call != null) {
        call.halfClose();
      } else if (!decided) {
        decideInOrigin(null);
      }
    }

    @Override
    public void cancel(@Nullable String message, @Nullable Throwable cause) {
      // A future's cancel() may come from another thread while the call is being decided.
      ClientCall<ReqT, RespT> call;
      synchronized (this) {
        call = delegate != null ? delegate : starting;
        if (call == null) {
          cancelled = true;
        }
      }
      if (call != null) {
        call.cancel(message, cause);
        return;
      }
      close(Status.CANCELLED.withDescription(message).withCause(cause), new Metadata());
    }

    @Override
    public boolean isReady() {
      return delegate == null ? !closed : delegate.isReady();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      if (delegate != null) {
        delegate.setMessageCompression(enabled);
      } else {
        compression = enabled;
      }
    }

    /** Decides where the call was created, for listeners: a message sent from another thread is decided alike. */
    private void decideInOrigin(@Nullable ReqT message) {
      try (CallOrigin.Restored restored = origin.restore()) {
        decide(message);
      }
    }

    private @Nullable String header(Metadata metadata, String name) {
      String value = metadata.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
      return value != null ? value : binding.laterHeader(name);
    }

    private void decide(@Nullable ReqT message) {
      decided = true;
      Listener<RespT> target = listener;
      Metadata metadata = headers;
      synchronized (this) {
        if (target == null || metadata == null || closed) {
          closed = true;
          return;
        }
      }
      String name = method.getFullMethodName();
      GrpcDialect dialect = Dialects.forMethod(name);
      if (dialect == null) {
        proceed(target, metadata, refuse(name, "no Vectorguard dialect speaks the service of " + name));
      } else if (method.getType() != MethodDescriptor.MethodType.UNARY
          && method.getType() != MethodDescriptor.MethodType.SERVER_STREAMING) {
        proceed(target, metadata, refuse(name, "client-streaming calls cannot be guarded message by message"));
      } else {
        Function<String, @Nullable String> header = h -> header(metadata, h);
        VectorCall call;
        try {
          call = GuardedExchange.classifyTargets(dialect, name, message, header, aliases);
        } catch (RuntimeException e) {
          proceed(target, metadata, GuardedExchange.unclassifiable(guard, name, actor, e));
          return;
        }
        // Identified and decided once: the approval wait and the start share the decision.
        PreparedCall prepared = guard.prepare(call, actor);
        CompletableFuture<@Nullable ApprovalStatus> ready = guard.readyToBegin(prepared);
        if (ready.isDone()) {
          // No wait: begun on this thread, in the origin restored around decide().
          proceed(target, metadata, GuardedExchange.begin(guard, dialect, prepared, (Message) message, aliases,
              ready.join()));
          return;
        }
        // A call that waits for an approval waits off this thread; it is then begun where the wait ends
        // (the call's executor, else the approval service's scheduler), so no thread is held.
        Executor executor = callOptions.getExecutor() == null ? Runnable::run : callOptions.getExecutor();
        ready.thenAccept(waited -> executor.execute(() -> {
          try (CallOrigin.Restored restored = origin.restore()) {
            proceed(target, metadata, GuardedExchange.begin(guard, dialect, prepared, (Message) message, aliases,
                waited));
          }
        }));
      }
    }

    private void proceed(Listener<RespT> target, Metadata metadata, GuardedExchange.Start start) {
      if (start instanceof GuardedExchange.Refused refused) {
        close(Status.fromCode(Status.Code.valueOf(refused.code())).withDescription(refused.description()),
            trailers(refused.trailers()));
        return;
      }
      GuardedExchange.Proceed proceed = (GuardedExchange.Proceed) start;
      for (String key : metadata.keys()) {
        if (CredentialHeaders.isCredentialHeader(key)) {
          metadata.discardAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        }
      }
      ClientCall<ReqT, RespT> started = null;
      try {
        ClientCall<ReqT, RespT> call =
            next.newCall(method, binding.attach(callOptions, metadata, proceed.credentialHeaders()));
        synchronized (this) {
          if (cancelled) {
            // The application's listener was closed by cancel(); nothing is sent.
            proceed.onClose("CANCELLED", "cancelled before it was sent");
            return;
          }
          call.start(new GuardedListener<>(target, proceed, call), metadata);
          started = call;
          starting = call;
          if (compression != null) {
            call.setMessageCompression(compression);
          }
          if (pendingRequests > 0) {
            call.request(pendingRequests);
            pendingRequests = 0;
          }
        }
        @SuppressWarnings("unchecked")
        ReqT rewritten = (ReqT) proceed.request();
        call.sendMessage(rewritten);
        // Published only now, so that a halfClose() from another thread cannot overtake the message.
        boolean close;
        int more;
        synchronized (this) {
          delegate = call;
          close = halfClosed;
          more = pendingRequests;
          pendingRequests = 0;
        }
        if (more > 0) {
          call.request(more);
        }
        if (close) {
          call.halfClose();
        }
      } catch (RuntimeException e) {
        if (started != null) {
          // The listener audits the close the cancellation causes.
          started.cancel("Vectorguard could not send the call", e);
        } else {
          proceed.onClose("INTERNAL", "Vectorguard could not send the call: " + e);
          close(Status.INTERNAL.withDescription("Vectorguard could not send the call").withCause(e), new Metadata());
        }
      }
    }

    private GuardedExchange.Start refuse(String name, String detail) {
      var e = guard.refuse(dev.vectorguard.GuardFailureException.Cause.CLASSIFY, name, actor, detail, null);
      return new GuardedExchange.Refused("PERMISSION_DENIED", e.getMessage(),
          Map.of(GuardTrailers.CALL_ID, e.callId(), GuardTrailers.FAILURE, e.failure().id()));
    }

    /** Closes the application's listener once, whichever of a refusal and a cancel() comes first. */
    private void close(Status status, Metadata trailers) {
      Listener<RespT> target;
      synchronized (this) {
        if (closed || listener == null) {
          closed = true;
          return;
        }
        closed = true;
        target = listener;
      }
      target.onClose(status, trailers);
    }
  }

  /** Masks each response message and audits the close before the application sees it. */
  private static final class GuardedListener<RespT>
      extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {
    private final GuardedExchange.Proceed proceed;
    private final ClientCall<?, RespT> call;
    private volatile @Nullable RuntimeException maskFailure;

    GuardedListener(ClientCall.Listener<RespT> delegate, GuardedExchange.Proceed proceed, ClientCall<?, RespT> call) {
      super(delegate);
      this.proceed = proceed;
      this.call = call;
    }

    @Override
    public void onMessage(RespT message) {
      if (maskFailure != null) {
        return;
      }
      Object masked;
      try {
        masked = proceed.onResponse(message);
      } catch (RuntimeException e) {
        maskFailure = e;
        call.cancel("Vectorguard withheld the response", e);
        return;
      }
      @SuppressWarnings("unchecked")
      RespT typed = (RespT) masked;
      super.onMessage(typed);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      RuntimeException failure = maskFailure;
      if (failure != null) {
        super.onClose(Status.INTERNAL.withDescription(failure.getMessage()), trailers);
        return;
      }
      String code = status.getCode().name();
      proceed.onClose(code, status.getDescription());
      if (proceed.withholdsError(code)) {
        // The description and the trailers (grpc-status-details-bin among them) can quote hidden values.
        super.onClose(Status.fromCode(status.getCode()).withDescription(WithheldErrors.MESSAGE),
            trailers(Map.of(GuardTrailers.CALL_ID, proceed.call().callId())));
        return;
      }
      super.onClose(status, trailers);
    }
  }
}
