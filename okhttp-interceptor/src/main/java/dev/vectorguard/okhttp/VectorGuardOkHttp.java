package dev.vectorguard.okhttp;

import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.rest.RestDialect;
import dev.vectorguard.rest.RestGuard;
import java.util.Map;
import java.util.Objects;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Guards the calls an {@link OkHttpClient} makes to Qdrant REST, Milvus REST v2 and Chroma: each
 * is classified, decided, rewritten, sent with the guard's credential (any credential header the
 * application set is removed), masked and audited.
 *
 * <pre>{@code
 * VectorGuardOkHttp vg = VectorGuardOkHttp.builder(guard)
 *     .backend(HttpUrl.get("http://qdrant:6333/"), Backend.QDRANT)
 *     .build();
 * OkHttpClient client = vg.wrap(new OkHttpClient());   // a new client; the given one is unchanged
 * try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
 *   client.newCall(request).execute();                 // refused calls throw VectorGuardRefusedIOException
 * }
 * }</pre>
 *
 * <p>Requests to hosts that no {@code backend(...)} or {@code passThrough(...)} names are refused.
 * The actor is captured from {@link dev.vectorguard.GuardContext} when a call is created, so
 * {@code enqueue}d calls are decided for their creator; clients not built by {@link #wrap} fall
 * back to the current thread's actor, which is right only for {@code execute()}. Immutable and
 * thread-safe.
 *
 * <p><b>Error responses.</b> A database's error message can quote what the request sent or what it
 * stores (a Qdrant {@code "Wrong input: ..."}, a Chroma validation error, a Milvus query error),
 * which masking would have hidden in a successful response. So when a call's obligations
 * {@link dev.vectorguard.Obligations#hidesFields() hide fields} (mask rules, restricted output
 * fields), a response that is not 2xx keeps its status code but its body is replaced by the
 * guard's, in the backend's error shape ({@link RestDialect#withheldError}): Qdrant
 * {@code {"status":{"error":...}}}, Milvus {@code {"code":C,"message":...}} with the database's
 * code, Chroma {@code {"error":E,"message":...}} with the database's error class; the same goes for
 * a Milvus error reported in an HTTP 200 body. {@code call.completed} records the status, never
 * the message. Under any other obligations, and with none, error bodies pass through unchanged.
 */
public final class VectorGuardOkHttp {
  private final Actors actors;
  private final RestGuard rest;
  private final GuardInterceptor interceptor;

  private VectorGuardOkHttp(RestGuard rest) {
    this.rest = rest;
    this.actors = new Actors(rest.guard());
    this.interceptor = new GuardInterceptor(rest, actors);
  }

  /** A guard for the given base URLs and their backends. */
  public static VectorGuardOkHttp create(VectorGuard guard, Map<HttpUrl, Backend> backends) {
    Builder builder = builder(guard);
    backends.forEach(builder::backend);
    return builder.build();
  }

  /** An adapter over a {@link RestGuard} shared with other REST transports. */
  public static VectorGuardOkHttp create(RestGuard rest) {
    return new VectorGuardOkHttp(Objects.requireNonNull(rest, "rest"));
  }

  public static Builder builder(VectorGuard guard) {
    return new Builder(RestGuard.builder(Objects.requireNonNull(guard, "guard")));
  }

  /** The application interceptor; prefer {@link #wrap}, which also captures actors for async calls. */
  public Interceptor interceptor() {
    return interceptor;
  }

  /**
   * A new client like {@code client} with the guard as its first application interceptor, an
   * event listener factory that captures each call's actor (wrapping the client's own factory), and
   * the client's authenticator kept away from guarded backends (OkHttp re-sends a 401'd request
   * with the authenticator's credential below the interceptors, which would replace the guard's),
   * and redirects away from a guarded call's URL refused (OkHttp follows them below the
   * interceptors, where the guard would not see the new endpoint).
   */
  public OkHttpClient wrap(OkHttpClient client) {
    Authenticator authenticator = client.authenticator();
    OkHttpClient.Builder builder = client.newBuilder()
        .eventListenerFactory(actors.capturing(client.eventListenerFactory()))
        .authenticator((route, response) -> rest.guards(response.request().url().uri()) ? null
            : authenticator.authenticate(route, response));
    builder.interceptors().add(0, interceptor);
    builder.networkInterceptors().add(new RedirectGuard(rest));
    return builder.build();
  }

  /**
   * A call factory over {@code guardedClient} (a client from {@link #wrap}) whose {@code enqueue}d
   * calls may wait for an approval ({@code approval.wait}) without holding a dispatcher thread:
   * the wait happens before the call is handed to the dispatcher, on the approval service's
   * scheduler. Through {@code guardedClient} itself, an enqueued call that needs approval is
   * refused at once (a dispatcher thread is never held); {@code execute()} waits on the caller's
   * thread either way.
   */
  public Call.Factory callFactory(OkHttpClient guardedClient) {
    Objects.requireNonNull(guardedClient, "guardedClient");
    if (!guardedClient.interceptors().contains(interceptor)) {
      throw new IllegalArgumentException("callFactory needs a client made by this guard's wrap(...)");
    }
    return request -> new ApprovalWaitingCall(guardedClient.newCall(request), interceptor);
  }

  /**
   * Builds a {@link VectorGuardOkHttp} over a {@link RestGuard}; each setter checks its argument at
   * once. Not thread-safe.
   */
  public static final class Builder {
    private final RestGuard.Builder rest;

    private Builder(RestGuard.Builder rest) {
      this.rest = rest;
    }

    /** Guards requests under {@code baseUrl} (scheme, host, port and path prefix) with the dialect of {@code backend}. */
    public Builder backend(HttpUrl baseUrl, Backend backend) {
      rest.backend(Objects.requireNonNull(baseUrl, "baseUrl").uri(), backend);
      return this;
    }

    /** Lets requests under {@code baseUrl} through unguarded (an embedding API on the same client, say). */
    public Builder passThrough(HttpUrl baseUrl) {
      rest.passThrough(Objects.requireNonNull(baseUrl, "baseUrl").uri());
      return this;
    }

    /** Request bodies larger than this are refused; 16 MiB by default. */
    public Builder maxRequestBytes(long maxRequestBytes) {
      rest.maxRequestBytes(maxRequestBytes);
      return this;
    }

    /** Responses to mask or filter larger than this are withheld; 64 MiB by default. */
    public Builder maxResponseBytes(long maxResponseBytes) {
      rest.maxResponseBytes(maxResponseBytes);
      return this;
    }

    /** @throws IllegalStateException as {@link RestGuard.Builder#build()} does */
    public VectorGuardOkHttp build() {
      return new VectorGuardOkHttp(rest.build());
    }
  }
}
