package dev.vectorguard.okhttp;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardedCall;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.ForwardingSink;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/** Bounded reading of request and response bodies, and pass-through bodies that complete the call. */
final class Bodies {
  /** A body over the configured limit. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  private Bodies() {}

  /** The request body's bytes, or {@code null} when there is none. */
  static byte @Nullable [] read(@Nullable RequestBody body, long limit) throws IOException {
    if (body == null) {
      return null;
    }
    if (body.isDuplex()) {
      throw new TooLargeException("duplex request bodies cannot be inspected");
    }
    long length = body.contentLength();
    if (length > limit) {
      throw new TooLargeException("the request body has " + length + " bytes, more than the limit of " + limit);
    }
    // A body of unknown length (streamed, chunked) is stopped at the limit instead of read into memory whole.
    Buffer buffer = new Buffer();
    BufferedSink sink = Okio.buffer(new ForwardingSink(buffer) {
      private long total;

      @Override
      public void write(Buffer source, long byteCount) throws IOException {
        if ((total += byteCount) > limit) {
          throw new TooLargeException("the request body has more than " + limit + " bytes, the limit");
        }
        super.write(source, byteCount);
      }
    });
    body.writeTo(sink);
    sink.flush();
    if (buffer.size() > limit) {
      throw new TooLargeException("the request body has " + buffer.size() + " bytes, more than the limit of " + limit);
    }
    return buffer.readByteArray();
  }

  /** A stream over {@code source} that fails once more than {@code limit} bytes were read. */
  static InputStream bounded(BufferedSource source, long limit) {
    return Okio.buffer(new ForwardingSource(source) {
      private long total;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0 && (total += n) > limit) {
          throw new TooLargeException("the response body has more than " + limit + " bytes, the limit for masking");
        }
        return n;
      }
    }).inputStream();
  }

  /**
   * The response body unchanged, completing {@code guarded} when it is exhausted or closed (or
   * cancelled, or failed) with the bytes read.
   */
  static ResponseBody completing(ResponseBody body, GuardedCall guarded, Call call, String code, long bytesOut,
      boolean ok) {
    AtomicBoolean done = new AtomicBoolean();
    Source source = new ForwardingSource(body.source()) {
      private long bytesIn;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        try {
          long n = super.read(sink, byteCount);
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
        if (!done.compareAndSet(false, true)) {
          return;
        }
        CallOutcome.Builder outcome = error != null
            ? (call.isCanceled() ? CallOutcome.cancelled("cancelled") : CallOutcome.error(code, String.valueOf(error)))
            : ok ? CallOutcome.ok(code) : CallOutcome.error(code, "HTTP " + code);
        guarded.complete(outcome.bytes(bytesOut, bytesIn).build());
      }
    };
    return ResponseBody.create(Okio.buffer(source), body.contentType(), body.contentLength());
  }
}
