package dev.vectorguard.jdkhttp;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.rest.RestExchange;
import dev.vectorguard.rest.RestGuard;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/** The guarded {@link HttpClient}; see {@link VectorGuardHttpClient}. Thread-safe. */
final class GuardedHttpClient extends HttpClient {
  private final HttpClient delegate;
  private final RestGuard rest;

  GuardedHttpClient(HttpClient delegate, RestGuard rest) {
    this.delegate = delegate;
    this.rest = rest;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) throws IOException,
      InterruptedException {
    if (rest.passesThrough(request.uri())) {
      return delegate.send(request, handler);
    }
    byte[] body;
    try {
      body = RequestBodies.read(request, rest.maxRequestBytes()).get();
    } catch (ExecutionException e) {
      throw new IOException("the request body could not be read: " + e.getCause(), e.getCause());
    }
    RestExchange exchange = start(request, body, GuardContext.current());
    GuardedBodyHandler<T> guarded = new GuardedBodyHandler<>(exchange, handler);
    HttpResponse<T> response;
    try {
      response = delegate.send(rewritten(request, exchange), guarded);
    } catch (IOException e) {
      VectorGuardException refusal = refusalIn(e);
      if (refusal != null) {
        throw refusal; // the response could not be masked: audited, nothing passed on
      }
      exchange.failed(e, false);
      throw e;
    } catch (InterruptedException e) {
      exchange.failed(e, true);
      throw e;
    } catch (RuntimeException e) {
      exchange.failed(e, false);
      throw e;
    }
    return new GuardedResponse<>(response, guarded.headers(response));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  /** Push promises are refused for guarded calls ({@code pushPromiseHandler} is not used): the guard decided only the request. */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler,
      @Nullable PushPromiseHandler<T> pushPromiseHandler) {
    if (rest.passesThrough(request.uri())) {
      return delegate.sendAsync(request, handler, pushPromiseHandler);
    }
    Actor actor = GuardContext.current();
    Executor executor = delegate.executor().orElse(ForkJoinPool.commonPool());
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    RequestBodies.read(request, rest.maxRequestBytes())
        .thenComposeAsync(body -> {
          RestExchange exchange = start(request, body, actor);
          GuardedBodyHandler<T> guarded = new GuardedBodyHandler<>(exchange, handler);
          return delegate.sendAsync(rewritten(request, exchange), guarded).handle((response, error) -> {
            if (error != null) {
              Throwable cause = unwrapped(error);
              if (!(cause instanceof VectorGuardException)) {
                exchange.failed(cause, cause instanceof CancellationException);
              }
              throw new CompletionException(cause);
            }
            return (HttpResponse<T>) new GuardedResponse<>(response, guarded.headers(response));
          });
        }, executor)
        .whenComplete((response, error) -> {
          if (error != null) {
            result.completeExceptionally(unwrapped(error));
          } else {
            result.complete(response);
          }
        });
    return result;
  }

  private RestExchange start(HttpRequest request, byte @Nullable [] body, @Nullable Actor actor) {
    RestExchange exchange = rest.start(request.method(), request.uri(), request.headers().map(), body, actor);
    if (exchange == null) {
      throw new IllegalStateException("a guarded URI passed through: " + request.uri());
    }
    return exchange;
  }

  private static HttpRequest rewritten(HttpRequest request, RestExchange exchange) {
    byte[] body = exchange.body();
    HttpRequest.Builder out = HttpRequest.newBuilder(request, (name, value) -> !RestExchange.dropsHeader(name))
        .method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.credentialHeaders().forEach(header -> out.setHeader(header.name(), header.value()));
    return out.build();
  }

  /** The guard's refusal in {@code error}'s cause chain, or {@code null}. */
  private static @Nullable VectorGuardException refusalIn(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof VectorGuardException refusal) {
        return refusal;
      }
    }
    return null;
  }

  /** The guard's refusal when {@code error} carries one, else {@code error} without completion wrappers. */
  private static Throwable unwrapped(Throwable error) {
    VectorGuardException refusal = refusalIn(error);
    if (refusal != null) {
      return refusal;
    }
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** WebSockets are refused: the guard cannot classify or mask their messages. */
  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    throw new UnsupportedOperationException("Vectorguard refuses WebSockets on a guarded HttpClient: their messages"
        + " cannot be classified or masked; use an unguarded client for non-database WebSockets");
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }
}
