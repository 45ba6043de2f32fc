package dev.vectorguard.mask;

import com.fasterxml.jackson.core.SerializableString;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Copies a value no rule reaches straight from the input bytes when they are exactly what the
 * generator would write for it: compact (no whitespace between tokens), ASCII only, and without
 * escapes. The generator writes such a value byte for byte as read (strings unescaped, numbers as
 * their text), so copying the bytes gives the same output without decoding and re-encoding it.
 * The parser still reads every token of the value, so the checks of the parse (syntax, duplicate
 * keys, nesting depth, number length) are unchanged; the string length limit is checked here.
 * Not public API.
 */
final class RawJson {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private RawJson() {}

  /**
   * Whether none of the 8 bytes in {@code x} ends or disqualifies a plain string: no quote, no
   * backslash, nothing below 0x20 and nothing above 0x7F. Checks all 8 at once (the bit tricks of
   * "Bit Twiddling Hacks": a byte below n sets its high bit in {@code x - n * ONES} unless it
   * had it; a zero byte does so in {@code x ^ c * ONES - ONES}), which leaves no false negatives.
   */
  private static boolean plain(long x) {
    long low = (x - 0x20 * ONES) | x; // high bit set: below 0x20, or non-ASCII
    long quote = x ^ ('"' * ONES);
    long backslash = x ^ ('\\' * ONES);
    long zero = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash);
    return ((low | zero) & HIGHS) == 0;
  }

  /**
   * The end (exclusive) of the value starting at {@code start} when it is a string, object or
   * array that can be copied as is, else -1. Only brackets are matched; whether the value is valid
   * JSON is for the parser to say, which reads it before the bytes are used.
   *
   * @param maxString the longest string (in chars, which are bytes here) allowed
   */
  static int copyableEnd(byte[] b, int start, int maxString) {
    int depth = 0;
    int i = start;
    int limit = b.length;
    while (i < limit) {
      byte c = b[i];
      if (c == '"') {
        int from = ++i;
        while (true) {
          while (i + Long.BYTES <= limit && plain((long) LONGS.get(b, i))) {
            i += Long.BYTES;
          }
          if (i >= limit) {
            return -1;
          }
          byte d = b[i];
          if (d == '"') {
            break;
          }
          if (d < 0x20 || d == '\\') {
            return -1; // a control char, a byte of a non-ASCII char (negative), or an escape
          }
          i++;
        }
        if (i - from > maxString) {
          return -1;
        }
        i++;
        if (depth == 0) {
          return i;
        }
      } else if (c == '{' || c == '[') {
        depth++;
        i++;
      } else if (c == '}' || c == ']') {
        depth--;
        i++;
        if (depth <= 0) {
          return depth == 0 ? i : -1;
        }
      } else if (c <= ' ') {
        return -1; // whitespace, which the generator would not write, or non-ASCII
      } else if (depth == 0) {
        return -1; // a number or literal: copied through the generator, which is cheap for them
      } else {
        i++;
      }
    }
    return -1;
  }

  /** {@code length} bytes of {@code b} from {@code offset}, for {@code JsonGenerator.writeRawValue}. */
  static SerializableString bytes(byte[] b, int offset, int length) {
    return new Bytes(b, offset, length);
  }

  /** Only what {@code UTF8JsonGenerator.writeRaw(SerializableString)} uses is supported. */
  private record Bytes(byte[] b, int offset, int length) implements SerializableString {
    @Override
    public int appendUnquotedUTF8(byte[] buffer, int at) {
      if (length > buffer.length - at) {
        return -1;
      }
      System.arraycopy(b, offset, buffer, at, length);
      return length;
    }

    @Override
    public byte[] asUnquotedUTF8() {
      return Arrays.copyOfRange(b, offset, offset + length);
    }

    @Override
    public String getValue() {
      return new String(b, offset, length, StandardCharsets.US_ASCII);
    }

    @Override
    public int charLength() {
      return length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws java.io.IOException {
      out.write(b, offset, length);
      return length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int at) {
      if (length > buffer.length - at) {
        return -1;
      }
      for (int i = 0; i < length; i++) {
        buffer[at + i] = (char) b[offset + i];
      }
      return length;
    }

    @Override
    public char[] asQuotedChars() {
      throw new UnsupportedOperationException("raw JSON is never quoted");
    }

    @Override
    public byte[] asQuotedUTF8() {
      throw new UnsupportedOperationException("raw JSON is never quoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int at) {
      throw new UnsupportedOperationException("raw JSON is never quoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int at) {
      throw new UnsupportedOperationException("raw JSON is never quoted");
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
      throw new UnsupportedOperationException("raw JSON is never quoted");
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
      throw new UnsupportedOperationException("raw JSON is never quoted");
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
      if (length > buffer.remaining()) {
        return -1;
      }
      buffer.put(b, offset, length);
      return length;
    }
  }
}
