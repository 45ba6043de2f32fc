package dev.vectorguard.rest;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.GuardedRequest;
import dev.vectorguard.RequestRewrite;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.rest.internal.RestRoutes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The guard's REST pipeline for any HTTP client: routes a request to a configured backend,
 * classifies it through that backend's {@link RestDialect}, decides it, rewrites its body and
 * hands back a {@link RestExchange} that says what to send and masks what comes back. HTTP
 * adapters (Spring's {@code RestClient}, the JDK {@code HttpClient}, LangChain4j's HTTP client)
 * only translate their request and response types to and from it.
 *
 * <pre>{@code
 * RestGuard rest = RestGuard.builder(guard).backend(URI.create("http://qdrant:6333/"), Backend.QDRANT).build();
 * RestExchange exchange = rest.start("POST", uri, headers, body, GuardContext.current()); // refused: throws
 * if (exchange == null) { send unchanged: a pass-through base }
 * send(exchange.headersToSend(headers), exchange.body());
 * }</pre>
 *
 * <p>Requests to URIs under no {@code backend(...)} or {@code passThrough(...)} base are refused.
 * Each backend base has its own dialect (dialects remember collection ids and schemas per
 * server). Immutable and thread-safe.
 */
public final class RestGuard {
  private final VectorGuard guard;
  private final RestRoutes routes;
  private final long maxRequestBytes;
  private final long maxResponseBytes;

  private RestGuard(Builder builder) {
    this.guard = builder.guard;
    this.routes = new RestRoutes(builder.bases);
    this.maxRequestBytes = builder.maxRequestBytes;
    this.maxResponseBytes = builder.maxResponseBytes;
  }

  public static Builder builder(VectorGuard guard) {
    return new Builder(Objects.requireNonNull(guard, "guard"));
  }

  public VectorGuard guard() {
    return guard;
  }

  /** The most request body bytes a guarded call may carry; adapters stop reading a body one byte past it. */
  public long maxRequestBytes() {
    return maxRequestBytes;
  }

  /** Whether requests to {@code uri} are guarded (not pass-through, not unconfigured). */
  public boolean guards(URI uri) {
    return routes.guards(uri);
  }

  /** Whether requests to {@code uri} lie under a pass-through base: sent unchanged, bodies unread. */
  public boolean passesThrough(URI uri) {
    RestRoutes.Route route = routes.route(uri);
    return route != null && route.base().dialect() == null;
  }

  /**
   * Decides a request and starts its guarded call.
   *
   * @param rawHeaders the request's headers as the application set them
   * @param body the body, or {@code null} when there is none; an adapter that reads a stream may
   *     pass up to {@link #maxRequestBytes()} + 1 bytes, and more than the limit is refused
   * @return the exchange to send, or {@code null} when {@code uri} lies under a pass-through base
   *     (send the request unchanged)
   * @throws VectorGuardException when the guard refuses the call (audited; nothing may be sent):
   *     the policy denies it, or the request is unconfigured, malformed, compressed, too large or
   *     cannot be made to obey the obligations
   */
  public @Nullable RestExchange start(String method, URI uri, Map<String, List<String>> rawHeaders,
      byte @Nullable [] body, @Nullable Actor actor) {
    return start(method, uri, rawHeaders, body, actor, true, null);
  }

  /**
   * Like {@link #start}, for a call whose wait for an approval has already happened off the
   * thread that runs it ({@link #readyToBegin}): it never holds this thread, and {@code waited}
   * is what that wait ended with ({@code null} when there was none).
   */
  public @Nullable RestExchange startAfterWait(String method, URI uri, Map<String, List<String>> rawHeaders,
      byte @Nullable [] body, @Nullable Actor actor, @Nullable ApprovalStatus waited) {
    return start(method, uri, rawHeaders, body, actor, false, waited);
  }

  /**
   * Completes when the request may be started without holding a thread for an approval: at once
   * (with {@code null}) unless it needs an approval its rule (or the guard) lets it wait for, and
   * then with the status the wait ended with, for {@link #startAfterWait}. Waits on the approval
   * service's scheduler; never completes exceptionally: a request the guard would refuse completes
   * at once, and {@code startAfterWait} refuses it.
   */
  public CompletableFuture<@Nullable ApprovalStatus> readyToBegin(String method, URI uri,
      Map<String, List<String>> rawHeaders, byte @Nullable [] body, @Nullable Actor actor) {
    CompletableFuture<@Nullable ApprovalStatus> now = CompletableFuture.completedFuture(null);
    RestRoutes.Route route = routes.route(uri);
    RestDialect dialect = route == null ? null : route.base().dialect();
    if (dialect == null || (body != null && body.length > maxRequestBytes)) {
      return now;
    }
    RestRequest rest = RestRequest.of(method, route.relativePath(), uri.getRawQuery(), rawHeaders, body);
    if (rest.header("Content-Encoding") != null) {
      return now;
    }
    try {
      return guard.readyToBegin(dialect.classify(rest), actor);
    } catch (RestClassificationException | RuntimeException e) {
      return now;
    }
  }

  private @Nullable RestExchange start(String method, URI uri, Map<String, List<String>> rawHeaders,
      byte @Nullable [] body, @Nullable Actor actor, boolean mayWait, @Nullable ApprovalStatus waited) {
    String endpoint = method + ' ' + (uri.getRawPath() == null ? "/" : uri.getRawPath());
    RestRoutes.Route route = routes.route(uri);
    if (route == null) {
      throw refuse(Cause.CLASSIFY, endpoint, actor, "no backend is configured for " + RestRoutes.origin(uri)
          + "; configure it with backend(...) or passThrough(...)", null);
    }
    RestDialect dialect = route.base().dialect();
    if (dialect == null) {
      return null;
    }
    RestRequest rest = RestRequest.of(method, route.relativePath(), uri.getRawQuery(), rawHeaders, body);
    if (rest.header("Content-Encoding") != null) {
      throw refuse(Cause.PARSE, endpoint, actor, "encoded (compressed) request bodies cannot be inspected", null);
    }
    if (body != null && body.length > maxRequestBytes) {
      throw refuse(Cause.PARSE, endpoint, actor, "the request body has more than " + maxRequestBytes
          + " bytes, the limit", null);
    }
    VectorCall call;
    try {
      call = dialect.classify(rest);
    } catch (RestClassificationException e) {
      throw refuse(Cause.PARSE, endpoint, actor, e.getMessage(), e);
    } catch (RuntimeException e) {
      throw refuse(Cause.CLASSIFY, endpoint, actor, "the request could not be classified: " + e, e);
    }
    GuardedRequest<byte @Nullable []> started;
    try {
      // The body is checked and rewritten before call.started: a request it cannot bring under
      // the obligations is refused with one call.refused, like a denial.
      RequestRewrite<byte @Nullable []> rewrite = obligations -> dialect.bodyToSend(rest, call, obligations);
      started = mayWait ? guard.begin(call, actor, rewrite) : guard.beginNow(call, actor, rewrite, waited);
    } catch (VectorGuardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw refuse(Cause.DECIDE, endpoint, actor, "the guard failed: " + e, e);
    }
    return new RestExchange(guard, dialect, started.call(), started.request(), maxResponseBytes);
  }

  private GuardFailureException refuse(Cause cause, String endpoint, @Nullable Actor actor, String detail,
      @Nullable Throwable error) {
    return guard.refuse(cause, endpoint, actor, detail, error);
  }

  /** Builds a {@link RestGuard}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final VectorGuard guard;
    private final List<RestRoutes.Base> bases = new ArrayList<>();
    private long maxRequestBytes = 16L << 20;
    private long maxResponseBytes = 64L << 20;

    private Builder(VectorGuard guard) {
      this.guard = guard;
    }

    /** Guards requests under {@code baseUri} (scheme, host, port and path prefix) with the dialect of {@code backend}. */
    public Builder backend(URI baseUri, Backend backend) {
      Objects.requireNonNull(backend, "backend");
      bases.add(new RestRoutes.Base(checked(baseUri), RestDialect.forBackend(backend)));
      return this;
    }

    /** Lets requests under {@code baseUri} through unguarded (an embedding API on the same client, say). */
    public Builder passThrough(URI baseUri) {
      bases.add(new RestRoutes.Base(checked(baseUri), null));
      return this;
    }

    /** Request bodies larger than this are refused; 16 MiB by default. */
    public Builder maxRequestBytes(long maxRequestBytes) {
      if (maxRequestBytes < 1) {
        throw new IllegalArgumentException("maxRequestBytes must be positive, but was " + maxRequestBytes);
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /** Responses to mask or filter larger than this are withheld; 64 MiB by default. */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 1) {
        throw new IllegalArgumentException("maxResponseBytes must be positive, but was " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    private URI checked(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      if (!baseUri.isAbsolute() || baseUri.getHost() == null
          || !("http".equalsIgnoreCase(baseUri.getScheme()) || "https".equalsIgnoreCase(baseUri.getScheme()))) {
        throw new IllegalArgumentException("a base URI is an absolute http(s) URI with a host, but was " + baseUri);
      }
      if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
        throw new IllegalArgumentException("a base URI has no query or fragment, but was " + baseUri);
      }
      for (RestRoutes.Base base : bases) {
        if (base.uri().equals(baseUri)) {
          throw new IllegalArgumentException("the base URI " + baseUri + " is configured twice");
        }
      }
      return baseUri;
    }

    /**
     * @throws IllegalStateException when no base is configured, or a pass-through base lies
     *     under a guarded one
     */
    public RestGuard build() {
      RestRoutes guarded = new RestRoutes(bases.stream().filter(b -> b.dialect() != null).toList());
      if (bases.isEmpty()) {
        throw new IllegalStateException("no backend configured: call backend(baseUri, backend)");
      }
      for (RestRoutes.Base base : bases) {
        if (base.dialect() == null && guarded.guards(base.uri())) {
          throw new IllegalStateException("passThrough(" + base.uri() + ") lies under a guarded backend");
        }
      }
      return new RestGuard(this);
    }
  }
}
