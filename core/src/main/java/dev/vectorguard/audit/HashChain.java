package dev.vectorguard.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The line format of a hash-chained audit file. A line is the canonical JSON of the event with
 * {@code "prev"} (the previous line's hash) as its last key, then {@code "hash"}: the SHA-256, in
 * lower-case hex, of the UTF-8 bytes of the line without its {@code ,"hash":"…"} part (or their
 * HMAC-SHA256 under a key, for a keyed trail). Anyone can check a line with any JSON-agnostic tool:
 * drop the last 75 bytes, append {@code }}, hash.
 *
 * <p>Not thread-safe: one instance per writer or reader.
 */
final class HashChain {
  /** The {@code prev} of the first event of a trail. */
  static final String GENESIS = "0".repeat(64);
  /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
  static final int HASH_SUFFIX = 9 + 64 + 2;
  /** {@code ,"prev":"} + 64 hex digits + {@code "}. */
  private static final int PREV_SUFFIX = 9 + 64 + 1;
  private static final byte[] HASH_KEY = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PREV_KEY = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] CLOSE = {'}'};
  private static final byte[] QUOTE = {'"'};
  /** After a line's hash: the quote, the line's closing brace and the newline. */
  private static final byte[] END = {'"', '}', '\n'};
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** The shortest HMAC key accepted: 256 bits, the output size of HMAC-SHA256. */
  static final int MIN_KEY_BYTES = 32;

  private final @Nullable MessageDigest sha256;
  private final @Nullable Mac hmac;
  private final Buffer buffer = new Buffer();
  /** The last hash computed by {@link #append}, reused. */
  private final byte[] digest = new byte[32];

  /** A chain of plain SHA-256 hashes. */
  HashChain() {
    this(null);
  }

  /** A chain of HMAC-SHA256 values under {@code key}, or of plain SHA-256 hashes when it is null. */
  HashChain(byte @Nullable [] key) {
    try {
      if (key == null) {
        sha256 = MessageDigest.getInstance("SHA-256");
        hmac = null;
      } else {
        sha256 = null;
        hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      }
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK has no SHA-256 or HMAC-SHA256", e);
    }
  }

  /** Whether hashes are keyed. */
  boolean keyed() {
    return hmac != null;
  }

  static byte[] checkKey(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("an HMAC key must have at least " + MIN_KEY_BYTES + " bytes, but had "
          + key.length);
    }
    return key.clone();
  }

  private void update(byte[] bytes, int offset, int length) {
    if (hmac != null) {
      hmac.update(bytes, offset, length);
    } else {
      java.util.Objects.requireNonNull(sha256).update(bytes, offset, length);
    }
  }

  private String digest() {
    return HEX.formatHex(hmac != null ? hmac.doFinal() : java.util.Objects.requireNonNull(sha256).digest());
  }

  /** Finishes the hash into {@link #digest} without allocating. */
  private void digestInto() {
    try {
      if (hmac != null) {
        hmac.doFinal(digest, 0);
      } else {
        java.util.Objects.requireNonNull(sha256).digest(digest, 0, digest.length);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a 32-byte buffer is too small for SHA-256", e);
    }
  }

  /** An encoded line: its bytes (newline included) and hash. */
  record Line(byte[] bytes, String hash) {}

  /** The length, newline included, of the line of an event whose {@link AuditEvent#canonicalBody()} has this length. */
  static int lineLength(int bodyLength) {
    return bodyLength + PREV_SUFFIX + HASH_SUFFIX + 1;
  }

  /** Encodes {@code event} chained to {@code prev}. */
  Line encode(AuditEvent event, String prev) throws IOException {
    byte[] prevHex = new byte[64];
    for (int i = 0; i < 64; i++) {
      prevHex[i] = (byte) prev.charAt(i);
    }
    buffer.reset();
    append(event.canonicalBody(), prevHex, buffer, prevHex);
    return new Line(Arrays.copyOf(buffer.array(), buffer.size()), new String(prevHex, StandardCharsets.US_ASCII));
  }

  /**
   * Appends to {@code out} the line of the event whose canonical body is {@code body}, chained to
   * the 64 hex digits in {@code prev}, newline included ({@link #lineLength} bytes), and puts that
   * line's hash as 64 hex digits into {@code hash}, which may be {@code prev}: the bytes of a line
   * written with no intermediate string, for the writer thread of a file trail.
   */
  void append(byte[] body, byte[] prev, Buffer out, byte[] hash) {
    int start = out.size();
    out.append(body, 0, body.length);
    out.append(PREV_KEY, 0, PREV_KEY.length);
    out.append(prev, 0, 64);
    out.append(QUOTE, 0, 1);
    update(out.array(), start, out.size() - start);
    update(CLOSE, 0, 1);
    digestInto();
    out.append(HASH_KEY, 0, HASH_KEY.length);
    int hexAt = out.size();
    out.appendHex(digest);
    out.append(END, 0, END.length);
    System.arraycopy(out.array(), hexAt, hash, 0, 64);
  }

  /** The result of checking one line's own hash. */
  record Check(@Nullable String prev, @Nullable String stored, @Nullable String computed, @Nullable String problem) {}

  /**
   * Checks that a line (without its newline) ends with {@code ,"prev":"…","hash":"…"}} and that the
   * hash matches; returns the prev and both hashes, or why the line has no readable chain fields.
   */
  Check check(byte[] line, int length) {
    if (length < PREV_SUFFIX + HASH_SUFFIX + 1 || line[0] != '{') {
      return new Check(null, null, null, "is not a chained audit event (too short or not an object)");
    }
    int hashAt = length - HASH_SUFFIX;
    if (!regionEquals(line, hashAt, HASH_KEY) || line[length - 2] != '"' || line[length - 1] != '}') {
      return new Check(null, null, null, "does not end with its \"hash\" field");
    }
    int prevAt = hashAt - PREV_SUFFIX;
    if (!regionEquals(line, prevAt, PREV_KEY) || line[hashAt - 1] != '"') {
      return new Check(null, null, null, "has no \"prev\" field before its \"hash\"");
    }
    String stored = hex(line, hashAt + HASH_KEY.length);
    String prev = hex(line, prevAt + PREV_KEY.length);
    if (stored == null || prev == null) {
      return new Check(null, null, null, "has a \"prev\" or \"hash\" that is not 64 lower-case hex digits");
    }
    update(line, 0, hashAt);
    update(CLOSE, 0, 1);
    return new Check(prev, stored, digest(), null);
  }

  private static @Nullable String hex(byte[] line, int at) {
    char[] out = new char[64];
    for (int i = 0; i < 64; i++) {
      byte b = line[at + i];
      if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
        return null;
      }
      out[i] = (char) b;
    }
    return new String(out);
  }

  private static boolean regionEquals(byte[] line, int at, byte[] expected) {
    return at >= 0 && Arrays.equals(line, at, at + expected.length, expected, 0, expected.length);
  }

  /**
   * A byte buffer whose array can be read without copying. Its {@code append} methods take no
   * lock (the inherited {@code write} methods are synchronized): a buffer has one owner.
   */
  static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(1024);
    }

    byte[] array() {
      return buf;
    }

    void append(byte[] bytes, int offset, int length) {
      ensure(length);
      System.arraycopy(bytes, offset, buf, count, length);
      count += length;
    }

    /** Appends {@code bytes} as lower-case hex digits, two per byte. */
    void appendHex(byte[] bytes) {
      ensure(bytes.length * 2);
      int at = count;
      for (byte b : bytes) {
        buf[at++] = HEX_DIGITS[(b >> 4) & 0xf];
        buf[at++] = HEX_DIGITS[b & 0xf];
      }
      count = at;
    }

    private void ensure(int more) {
      if (buf.length - count < more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }
  }
}
