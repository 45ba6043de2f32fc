package dev.vectorguard.okhttp;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.observe.CallOrigin;
import dev.vectorguard.rest.RestExchange;
import dev.vectorguard.rest.RestGuard;
import dev.vectorguard.token.CredentialHeaders;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * The guard in OkHttp's application-interceptor chain: {@link RestGuard#start} classifies, decides
 * and rewrites; the request goes on with the guard's credential; the response is masked, filtered
 * or withheld by the {@link RestExchange}, or passed through a body that completes the audit.
 * Throws only {@link IOException}s; a refused call is a {@link VectorGuardRefusedIOException} and
 * nothing is sent. Thread-safe.
 */
final class GuardInterceptor implements Interceptor {
  private final RestGuard rest;
  private final Actors actors;
  /** How the approval waits of {@link #readyToBegin} ended, until their calls reach the interceptor. */
  private final Map<Call, ApprovalStatus> waited = Collections.synchronizedMap(new WeakHashMap<>());

  GuardInterceptor(RestGuard rest, Actors actors) {
    this.rest = rest;
    this.actors = actors;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    // Listeners see the call in the context of the thread that created it, not the dispatcher's.
    try (CallOrigin.Restored origin = actors.originOf(chain.call()).restore()) {
      return guarded(chain);
    }
  }

  /**
   * Completes when {@code okCall} may go to the dispatcher without holding it: at once unless the
   * guard would hold it for an approval ({@link RestGuard#readyToBegin}). Anything the interceptor
   * would refuse completes at once too, and is refused there.
   */
  CompletableFuture<?> readyToBegin(Call okCall) {
    Request request = okCall.request();
    try {
      // A one-shot body can be read once, by the interceptor: such a call is decided there without waiting.
      if (!rest.guards(request.url().uri()) || (request.body() != null && request.body().isOneShot())) {
        return CompletableFuture.completedFuture(null);
      }
      return rest.readyToBegin(request.method(), request.url().uri(), request.headers().toMultimap(),
          Bodies.read(request.body(), rest.maxRequestBytes()), actors.actorOf(okCall)).thenAccept(status -> {
            if (status != null) {
              waited.put(okCall, status);
            }
          });
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private Response guarded(Chain chain) throws IOException {
    Request request = chain.request();
    Call okCall = chain.call();
    Actor actor = actors.actorOf(okCall);
    if (rest.passesThrough(request.url().uri())) {
      return chain.proceed(request); // explicitly exempted base URL
    }
    RestExchange exchange;
    try {
      byte[] body = rest.guards(request.url().uri()) ? readBody(request, actor) : null;
      // An enqueued call runs on a dispatcher thread, which is never held: its wait, if any, came first.
      exchange = actors.onCreatorThread(okCall)
          ? rest.start(request.method(), request.url().uri(), request.headers().toMultimap(), body, actor)
          : rest.startAfterWait(request.method(), request.url().uri(), request.headers().toMultimap(), body, actor,
              waited.remove(okCall));
    } catch (VectorGuardException e) {
      throw VectorGuardRefusedIOException.of(e);
    } catch (RuntimeException e) {
      throw new IOException("Vectorguard refused " + request.method() + ' ' + request.url().encodedPath()
          + " (and could not audit: " + e + ")", e);
    }
    if (exchange == null) {
      return chain.proceed(request);
    }
    try {
      return respond(exchange, chain.proceed(rewritten(request, exchange)), okCall);
    } catch (VectorGuardException e) {
      throw VectorGuardRefusedIOException.of(e);
    } catch (IOException e) {
      exchange.failed(e, okCall.isCanceled());
      throw e;
    } catch (RuntimeException e) {
      exchange.failed(e, false);
      throw new IOException("Vectorguard failed while sending " + request.method() + ' '
          + request.url().encodedPath() + ": " + e, e);
    }
  }

  private byte @Nullable [] readBody(Request request, @Nullable Actor actor) throws VectorGuardException {
    try {
      return Bodies.read(request.body(), rest.maxRequestBytes());
    } catch (IOException e) {
      throw rest.guard().refuse(Cause.PARSE, request.method() + ' ' + request.url().encodedPath(), actor,
          e.getMessage(), e);
    }
  }

  private static Request rewritten(Request request, RestExchange exchange) {
    Request.Builder out = request.newBuilder();
    for (String name : request.headers().names()) {
      if (RestExchange.dropsHeader(name)) {
        out.removeHeader(name);
      }
    }
    for (CredentialHeaders.Header header : exchange.credentialHeaders()) {
      out.header(header.name(), header.value());
    }
    byte[] body = exchange.body();
    if (body != null) {
      RequestBody original = request.body();
      MediaType type = original == null ? MediaType.get("application/json") : original.contentType();
      out.method(request.method(), RequestBody.create(body, type));
    }
    return out.build();
  }

  private static Response respond(RestExchange exchange, Response response, Call okCall) throws IOException {
    int status = response.code();
    ResponseBody body = response.body();
    if (!exchange.buffersResponse(status)) {
      return response.newBuilder().body(ResponseBody.create(
          Okio.buffer(Okio.source(exchange.passing(status, body.byteStream(), okCall::isCanceled))),
          body.contentType(), body.contentLength())).build();
    }
    byte[] replaced;
    try (body) {
      replaced = exchange.replacement(status, response.header("Content-Encoding"), body.byteStream());
    }
    MediaType type = status >= 200 && status <= 299 ? body.contentType() : MediaType.get("application/json");
    return response.newBuilder()
        .removeHeader("Transfer-Encoding")
        .header("Content-Length", String.valueOf(replaced.length))
        .body(ResponseBody.create(replaced, type))
        .build();
  }
}
