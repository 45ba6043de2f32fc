package dev.vectorguard.okhttp;

import dev.vectorguard.Actor;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.GuardedRequest;
import dev.vectorguard.RequestRewrite;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.internal.WithheldErrors;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
import dev.vectorguard.observe.CallOrigin;
import dev.vectorguard.rest.RestClassificationException;
import dev.vectorguard.rest.RestDialect;
import dev.vectorguard.rest.RestRequest;
import dev.vectorguard.token.CredentialHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * The guard in OkHttp's application-interceptor chain: classify → decide → rewrite → replace
 * credentials → send → mask → audit. Throws only {@link IOException}s; a refused call is a
 * {@link VectorGuardRefusedIOException} and nothing is sent. Error responses (not 2xx) pass
 * through unchanged, except under obligations that hide fields, where the body is replaced by
 * {@link RestDialect#withheldError} (see {@link VectorGuardOkHttp}). Thread-safe.
 */
final class GuardInterceptor implements Interceptor {
  private final VectorGuard guard;
  private final Backends backends;
  private final Actors actors;
  private final long maxRequestBytes;
  private final long maxResponseBytes;
  /** How the approval waits of {@link #readyToBegin} ended, until their calls reach the interceptor. */
  private final java.util.Map<Call, ApprovalStatus> waited =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  GuardInterceptor(VectorGuard guard, Backends backends, Actors actors, long maxRequestBytes, long maxResponseBytes) {
    this.guard = guard;
    this.backends = backends;
    this.actors = actors;
    this.maxRequestBytes = maxRequestBytes;
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    // Listeners see the call in the context of the thread that created it, not the dispatcher's.
    try (CallOrigin.Restored origin = actors.originOf(chain.call()).restore()) {
      return guarded(chain);
    }
  }

  private Response guarded(Chain chain) throws IOException {
    Request request = chain.request();
    Call okCall = chain.call();
    String endpoint = request.method() + ' ' + request.url().encodedPath();
    Actor actor = actors.actorOf(okCall);
    Backends.Route route = backends.route(request.url());
    if (route == null) {
      throw refuse(Cause.CLASSIFY, endpoint, actor, "no backend is configured for " + request.url().newBuilder()
          .encodedPath("/").query(null).build() + "; configure it with backend(...) or passThrough(...)", null);
    }
    RestDialect dialect = route.base().dialect();
    if (dialect == null) {
      return chain.proceed(request); // explicitly exempted base URL
    }
    if (request.header("Content-Encoding") != null) {
      throw refuse(Cause.PARSE, endpoint, actor, "encoded (compressed) request bodies cannot be inspected", null);
    }
    byte[] body;
    try {
      body = Bodies.read(request.body(), maxRequestBytes);
    } catch (Bodies.TooLargeException e) {
      throw refuse(Cause.PARSE, endpoint, actor, e.getMessage(), e);
    }
    RestRequest rest = RestRequest.of(request.method(), route.relativePath(), request.url().encodedQuery(),
        request.headers().toMultimap(), body);
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
      started = actors.onCreatorThread(okCall) ? guard.begin(call, actor, rewrite)
          : guard.beginNow(call, actor, rewrite, waited.remove(okCall));
    } catch (VectorGuardException e) {
      throw VectorGuardRefusedIOException.of(e);
    } catch (RuntimeException e) {
      throw refuse(Cause.DECIDE, endpoint, actor, "the guard failed: " + e, e);
    }
    GuardedCall guarded = started.call();
    try {
      return send(chain, request, dialect, guarded, started.request());
    } catch (IOException e) {
      guarded.complete((okCall.isCanceled() ? CallOutcome.cancelled("cancelled")
          : CallOutcome.error("io_error", String.valueOf(e))).build());
      throw e;
    } catch (RuntimeException e) {
      guarded.complete(CallOutcome.error("internal_error", String.valueOf(e)).build());
      throw new IOException("Vectorguard failed while sending " + endpoint + ": " + e, e);
    }
  }

  /**
   * Completes when {@code okCall} may go to the dispatcher without holding it: at once unless the
   * guard would hold it for an approval ({@link VectorGuard#readyToBegin}). Anything the
   * interceptor would refuse completes at once too, and is refused there.
   */
  CompletableFuture<?> readyToBegin(Call okCall) {
    Request request = okCall.request();
    try {
      Backends.Route route = backends.route(request.url());
      RestDialect dialect = route == null ? null : route.base().dialect();
      if (dialect == null || request.header("Content-Encoding") != null) {
        return CompletableFuture.completedFuture(null);
      }
      RestRequest rest = RestRequest.of(request.method(), route.relativePath(), request.url().encodedQuery(),
          request.headers().toMultimap(), Bodies.read(request.body(), maxRequestBytes));
      return guard.readyToBegin(dialect.classify(rest), actors.actorOf(okCall)).thenAccept(status -> {
        if (status != null) {
          waited.put(okCall, status);
        }
      });
    } catch (IOException | RestClassificationException | RuntimeException e) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private Response send(Chain chain, Request request, RestDialect dialect, GuardedCall guarded,
      byte @Nullable [] sendBody) throws IOException {
    VectorCall call = guarded.call();
    Request.Builder out = request.newBuilder();
    for (String name : request.headers().names()) {
      if (CredentialHeaders.isCredentialHeader(name)) {
        out.removeHeader(name);
      }
    }
    // Let OkHttp negotiate and undo compression itself, so that masking sees plain JSON.
    out.removeHeader("Accept-Encoding");
    for (CredentialHeaders.Header header : CredentialHeaders.headersFor(call.backend(),
        CredentialHeaders.Transport.HTTP, guarded.credential())) {
      out.header(header.name(), header.value());
    }
    if (sendBody != null) {
      RequestBody original = request.body();
      MediaType type = original == null ? MediaType.get("application/json") : original.contentType();
      out.method(request.method(), RequestBody.create(sendBody, type));
    }
    long bytesOut = sendBody == null ? 0 : sendBody.length;
    Response response = chain.proceed(out.build());
    String code = String.valueOf(response.code());
    if (!response.isSuccessful()) {
      if (guarded.obligations().hidesFields()) {
        return withheldError(response, dialect, guarded, code, bytesOut);
      }
      return response.newBuilder()
          .body(Bodies.completing(response.body(), guarded, chain.call(), code, bytesOut, false)).build();
    }
    return switch (dialect.responseKind(call)) {
      case COLLECTIONS -> collections(response, dialect, guarded, code, bytesOut);
      case RECORDS -> records(response, dialect, guarded, code, bytesOut, chain.call());
      case PASS -> response.newBuilder()
          .body(Bodies.completing(response.body(), guarded, chain.call(), code, bytesOut, true)).build();
    };
  }

  private Response collections(Response response, RestDialect dialect, GuardedCall guarded, String code,
      long bytesOut) throws IOException {
    byte[] in;
    try (ResponseBody body = response.body()) {
      in = Bodies.bounded(body.source(), maxResponseBytes).readAllBytes();
    }
    Predicate<String> visible = guarded::mayList;
    byte[] filtered;
    try {
      filtered = dialect.filterCollections(guarded.call(), in, visible);
    } catch (RestClassificationException e) {
      throw VectorGuardRefusedIOException.of(guard.maskingFailed(guarded, e.getMessage(), e));
    }
    guarded.complete(CallOutcome.ok(code).bytes(bytesOut, in.length).build());
    return replaceBody(response, filtered);
  }

  private Response records(Response response, RestDialect dialect, GuardedCall guarded, String code, long bytesOut,
      Call okCall) throws IOException {
    Obligations obligations = guarded.obligations();
    if (!dialect.masksResponse(guarded.call(), obligations)) {
      return response.newBuilder().body(Bodies.completing(response.body(), guarded, okCall, code, bytesOut, true))
          .build();
    }
    MaskPlan plan;
    try {
      plan = guard.masking().plan(obligations.maskRules(), obligations.stripVectors());
    } catch (RuntimeException e) {
      response.close();
      throw VectorGuardRefusedIOException.of(guard.maskingFailed(guarded, "the mask rules could not be planned: "
          + e.getMessage(), e));
    }
    // Masked output is held until masking has finished, so that a failure passes nothing half-masked on.
    ByteArrayOutputStream masked = new ByteArrayOutputStream();
    MaskCounts counts;
    long bytesIn;
    try (ResponseBody body = response.body()) {
      CountingInput in = new CountingInput(Bodies.bounded(body.source(), maxResponseBytes));
      counts = dialect.maskResponse(guarded.call(), obligations, plan, in, masked);
      bytesIn = in.count();
    } catch (MaskingException e) {
      throw VectorGuardRefusedIOException.of(guard.maskingFailed(guarded, e.getMessage(), e));
    } catch (RuntimeException e) {
      throw VectorGuardRefusedIOException.of(guard.maskingFailed(guarded, "masking failed: " + e, e));
    }
    guarded.complete(CallOutcome.ok(code).masked(counts).resultCount((int) Math.min(Integer.MAX_VALUE,
        counts.records())).bytes(bytesOut, bytesIn).build());
    return replaceBody(response, masked.toByteArray());
  }

  /**
   * An error response of a call whose obligations hide fields, with the database's message
   * replaced: it can quote the request's values or stored ones (a Qdrant "Wrong input", a Chroma
   * validation error). The status code stays; the audit records the code, never the message.
   */
  private Response withheldError(Response response, RestDialect dialect, GuardedCall guarded, String code,
      long bytesOut) throws IOException {
    byte[] in = null;
    long bytesIn = 0;
    try (ResponseBody body = response.body()) {
      CountingInput counted = new CountingInput(Bodies.bounded(body.source(), maxResponseBytes));
      try {
        in = counted.readAllBytes();
      } catch (Bodies.TooLargeException e) {
        // Too large to read the code or class from: replaced all the same.
      }
      bytesIn = counted.count();
    }
    guarded.complete(CallOutcome.error(code, "HTTP " + code + "; " + WithheldErrors.AUDITED)
        .bytes(bytesOut, bytesIn).build());
    byte[] replaced = dialect.withheldError(in);
    return response.newBuilder()
        .removeHeader("Transfer-Encoding")
        .header("Content-Length", String.valueOf(replaced.length))
        .body(ResponseBody.create(replaced, MediaType.get("application/json")))
        .build();
  }

  private static Response replaceBody(Response response, byte[] bytes) {
    return response.newBuilder()
        .removeHeader("Transfer-Encoding")
        .header("Content-Length", String.valueOf(bytes.length))
        .body(ResponseBody.create(bytes, response.body().contentType()))
        .build();
  }

  private IOException refuse(Cause cause, String endpoint, @Nullable Actor actor, String detail,
      @Nullable Throwable error) {
    try {
      return VectorGuardRefusedIOException.of(guard.refuse(cause, endpoint, actor, detail, error));
    } catch (RuntimeException e) {
      return new IOException("Vectorguard refused " + endpoint + ": " + detail + " (and could not audit: " + e + ")", e);
    }
  }

  /** Counts the bytes read from the upstream body. */
  private static final class CountingInput extends java.io.FilterInputStream {
    private long count;

    CountingInput(java.io.InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(n, 0);
      return n;
    }

    long count() {
      return count;
    }
  }
}
