package dev.vectorguard.rest;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.internal.WithheldErrors;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
import dev.vectorguard.rest.internal.CountingInput;
import dev.vectorguard.token.CredentialHeaders;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One guarded REST call after the decision, started by {@link RestGuard#start}: what to send
 * ({@link #headersToSend}, {@link #body()}) and what to pass on of the response. A response is
 * either replaced ({@link #buffersResponse} is true: masked, filtered, or an error withheld under
 * obligations that hide fields; see {@link #replacement}) or passed through a stream that
 * completes the call's audit when it ends ({@link #passing}, {@link #completed}). Masked output is
 * held until masking has finished, so a failure passes nothing half-masked on. The call is
 * audited as completed exactly once, whichever of these ends it. Thread-safe.
 */
public final class RestExchange {
  private final VectorGuard guard;
  private final RestDialect dialect;
  private final GuardedCall call;
  private final byte @Nullable [] body;
  private final long maxResponseBytes;

  RestExchange(VectorGuard guard, RestDialect dialect, GuardedCall call, byte @Nullable [] body,
      long maxResponseBytes) {
    this.guard = guard;
    this.dialect = dialect;
    this.call = call;
    this.body = body;
    this.maxResponseBytes = maxResponseBytes;
  }

  public GuardedCall call() {
    return call;
  }

  /** The body to send: rewritten under the obligations, else the request's own ({@code null}: none). */
  public byte @Nullable [] body() {
    return body;
  }

  /**
   * Whether the adapter must drop {@code name} from the request: credential headers (the guard's
   * replace them) and {@code Accept-Encoding} (masking reads plain JSON, so the response must not
   * be compressed).
   */
  public static boolean dropsHeader(String name) {
    return CredentialHeaders.isCredentialHeader(name) || "Accept-Encoding".equalsIgnoreCase(name);
  }

  /** The guard's credential headers for this call, to add after {@link #dropsHeader} ones were removed. */
  public List<CredentialHeaders.Header> credentialHeaders() {
    return CredentialHeaders.headersFor(call.call().backend(), CredentialHeaders.Transport.HTTP, call.credential());
  }

  /** {@code headers} without the {@link #dropsHeader dropped} ones, plus the guard's credential. */
  public Map<String, List<String>> headersToSend(Map<String, List<String>> headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach((name, values) -> {
      if (!dropsHeader(name)) {
        out.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
      }
    });
    for (CredentialHeaders.Header header : credentialHeaders()) {
      out.put(header.name(), List.of(header.value()));
    }
    return out;
  }

  /** The most response bytes {@link #replacement} reads; adapters that collect a body may stop one past it. */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /** Whether the response with {@code status} must be read whole and {@link #replacement replaced}. */
  public boolean buffersResponse(int status) {
    if (status < 200 || status > 299) {
      return call.obligations().hidesFields();
    }
    return switch (dialect.responseKind(call.call())) {
      case COLLECTIONS -> true;
      case RECORDS -> dialect.masksResponse(call.call(), call.obligations());
      case PASS -> false;
    };
  }

  /**
   * Reads a response that {@link #buffersResponse} and returns the body to pass on instead; the
   * call is completed (audited). Closes {@code in}.
   *
   * @param contentEncoding the response's {@code Content-Encoding}, or {@code null}
   * @throws GuardFailureException when the response cannot be masked or filtered: nothing of it
   *     may be passed on (audited)
   * @throws IOException when reading fails; the call is completed as an error
   */
  public byte[] replacement(int status, @Nullable String contentEncoding, InputStream in) throws IOException {
    String code = String.valueOf(status);
    try (CountingInput counted = new CountingInput(in, maxResponseBytes, "the response body")) {
      if (status < 200 || status > 299) {
        return withheldError(code, counted);
      }
      if (contentEncoding != null && !contentEncoding.equalsIgnoreCase("identity")) {
        throw guard.maskingFailed(call, "the response is encoded (" + contentEncoding + ") and cannot be masked", null);
      }
      if (dialect.responseKind(call.call()) == RestDialect.ResponseKind.COLLECTIONS) {
        return collections(code, counted);
      }
      return records(code, counted);
    } catch (CountingInput.TooLargeException e) {
      throw guard.maskingFailed(call, e.getMessage() + " for masking", e);
    } catch (IOException e) {
      failed(e, false);
      throw e;
    }
  }

  private byte[] withheldError(String code, CountingInput in) throws IOException {
    byte[] read = null;
    try {
      read = in.readAllBytes();
    } catch (CountingInput.TooLargeException e) {
      // Too large to read the code or class from: replaced all the same.
    }
    call.complete(CallOutcome.error(code, "HTTP " + code + "; " + WithheldErrors.AUDITED)
        .bytes(bytesOut(), in.count()).build());
    return dialect.withheldError(read);
  }

  private byte[] collections(String code, CountingInput in) throws IOException {
    byte[] read = in.readAllBytes();
    byte[] filtered;
    try {
      filtered = dialect.filterCollections(call.call(), read, call::mayList);
    } catch (RestClassificationException e) {
      throw guard.maskingFailed(call, e.getMessage(), e);
    }
    call.complete(CallOutcome.ok(code).bytes(bytesOut(), read.length).build());
    return filtered;
  }

  private byte[] records(String code, CountingInput in) {
    Obligations obligations = call.obligations();
    MaskPlan plan;
    try {
      plan = guard.masking().plan(obligations.maskRules(), obligations.stripVectors());
    } catch (RuntimeException e) {
      throw guard.maskingFailed(call, "the mask rules could not be planned: " + e.getMessage(), e);
    }
    MaskCounts counts;
    ByteArrayOutputStream masked;
    try {
      byte[] read = readForMasking(in);
      // Masked output is about as long as the input; sized so, the buffer is not regrown.
      masked = new ByteArrayOutputStream(read.length + 64);
      counts = dialect.maskResponse(call.call(), obligations, plan, read, masked);
    } catch (MaskingException e) {
      throw guard.maskingFailed(call, e.getMessage(), e);
    } catch (RuntimeException e) {
      throw guard.maskingFailed(call, "masking failed: " + e, e);
    }
    call.complete(CallOutcome.ok(code).masked(counts).resultCount((int) Math.min(Integer.MAX_VALUE,
        counts.records())).bytes(bytesOut(), in.count()).build());
    return masked.toByteArray();
  }

  /**
   * The whole body, read before masking so that the masker works on bytes in memory; a read that
   * fails is reported as the masker reports it.
   */
  private static byte[] readForMasking(CountingInput in) throws MaskingException {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new MaskingException("could not read or write the body: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * {@code in} unchanged, completing the call when it is exhausted, closed or fails, with the
   * bytes read; for a response that does not {@link #buffersResponse}.
   */
  public InputStream passing(int status, InputStream in) {
    return passing(status, in, () -> false);
  }

  /** {@link #passing(int, InputStream)}, where a read failing once {@code cancelled} is true completes the call as cancelled. */
  public InputStream passing(int status, InputStream in, BooleanSupplier cancelled) {
    return new Completing(in, status, cancelled);
  }

  /**
   * Completes the call of a passed-through response (for adapters that count the body
   * themselves): ok for 2xx, else an error with the status; an error while reading makes it an
   * error, or cancelled.
   */
  public void completed(int status, long bytesIn, @Nullable Throwable error, boolean cancelled) {
    String code = String.valueOf(status);
    CallOutcome.Builder outcome = error != null
        ? (cancelled ? CallOutcome.cancelled("cancelled") : CallOutcome.error(code, String.valueOf(error)))
        : status >= 200 && status <= 299 ? CallOutcome.ok(code) : CallOutcome.error(code, "HTTP " + code);
    call.complete(outcome.bytes(bytesOut(), bytesIn).build());
  }

  /** Completes the call when sending failed or was cancelled before a response arrived. */
  public void failed(Throwable error, boolean cancelled) {
    call.complete((cancelled ? CallOutcome.cancelled("cancelled")
        : error instanceof IOException ? CallOutcome.error("io_error", String.valueOf(error))
        : CallOutcome.error("internal_error", String.valueOf(error))).build());
  }

  private long bytesOut() {
    return body == null ? 0 : body.length;
  }

  private final class Completing extends FilterInputStream {
    private final AtomicBoolean done = new AtomicBoolean();
    private final int status;
    private final BooleanSupplier cancelled;
    private long bytesIn;

    Completing(InputStream in, int status, BooleanSupplier cancelled) {
      super(in);
      this.status = status;
      this.cancelled = cancelled;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        if (n < 0) {
          finish(null);
        } else {
          bytesIn += n;
        }
        return n;
      } catch (IOException | RuntimeException e) {
        finish(e);
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        finish(null);
      }
    }

    private void finish(@Nullable Exception error) {
      if (done.compareAndSet(false, true)) {
        completed(status, bytesIn, error, error != null && cancelled.getAsBoolean());
      }
    }
  }
}
