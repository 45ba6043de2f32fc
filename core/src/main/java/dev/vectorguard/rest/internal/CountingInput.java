package dev.vectorguard.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that counts the bytes read and fails once more than a limit were read; not public API.
 * Not thread-safe.
 */
public final class CountingInput extends FilterInputStream {
  /** A body over the configured limit. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public TooLargeException(String message) {
      super(message);
    }
  }

  private final long limit;
  private final String what;
  private long count;

  /**
   * @param limit the most bytes that may be read; {@link Long#MAX_VALUE} for no limit
   * @param what what is read, for the message ({@code "the response body"})
   */
  public CountingInput(InputStream in, long limit, String what) {
    super(in);
    this.limit = limit;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  private void counted(int n) throws TooLargeException {
    count += n;
    if (count > limit) {
      throw new TooLargeException(what + " has more than " + limit + " bytes, the limit");
    }
  }

  /** The bytes read so far. */
  public long count() {
    return count;
  }
}
