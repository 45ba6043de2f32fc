package dev.vectorguard.okhttp;

import java.io.IOException;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/** Bounded reading of request bodies. */
final class Bodies {
  /** A body that cannot be inspected. */
  static final class UninspectableException extends IOException {
    private static final long serialVersionUID = 1L;

    UninspectableException(String message) {
      super(message);
    }
  }

  /** Stops writing once the body is past the limit: what was read is enough to refuse it. */
  private static final class Full extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private Bodies() {}

  /**
   * The request body's bytes ({@code null} when there is none), at most {@code limit} + 1 of them:
   * a body over the limit is cut there, which the guard refuses.
   *
   * @throws UninspectableException for a duplex body, or one whose declared length is over the limit
   */
  static byte @Nullable [] read(@Nullable RequestBody body, long limit) throws IOException {
    if (body == null) {
      return null;
    }
    if (body.isDuplex()) {
      throw new UninspectableException("duplex request bodies cannot be inspected");
    }
    if (body.contentLength() > limit) {
      throw new UninspectableException("the request body has " + body.contentLength() + " bytes, more than the limit of "
          + limit);
    }
    // A body of unknown length (streamed, chunked) is stopped past the limit instead of read into memory whole.
    Buffer buffer = new Buffer();
    BufferedSink sink = Okio.buffer(new ForwardingSink(buffer) {
      @Override
      public void write(Buffer source, long byteCount) throws IOException {
        long room = limit + 1 - buffer.size();
        super.write(source, Math.min(byteCount, room));
        if (buffer.size() > limit) {
          throw new Full();
        }
      }
    });
    try {
      body.writeTo(sink);
      sink.flush();
    } catch (Full full) {
      // Enough read to refuse it.
    }
    return buffer.readByteArray();
  }
}
