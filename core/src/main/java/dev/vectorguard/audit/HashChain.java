package dev.vectorguard.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
  private static final byte[] HASH_KEY = ",\"hash\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] PREV_KEY = ",\"prev\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] CLOSE = {'}'};

  /** The shortest HMAC key accepted: 256 bits, the output size of HMAC-SHA256. */
  static final int MIN_KEY_BYTES = 32;

  private final @Nullable MessageDigest sha256;
  private final @Nullable Mac hmac;
  private final Buffer buffer = new Buffer();

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

  /** An encoded line: its bytes (newline included) and hash. */
  record Line(byte[] bytes, String hash) {}

  /** Encodes {@code event} chained to {@code prev}. */
  Line encode(AuditEvent event, String prev) throws IOException {
    buffer.reset();
    AuditJson.write(event, prev, buffer);
    byte[] body = buffer.array();
    int length = buffer.size();
    update(body, 0, length);
    String hash = digest();
    byte[] line = new byte[length - 1 + HASH_SUFFIX + 1];
    System.arraycopy(body, 0, line, 0, length - 1);
    int at = length - 1;
    System.arraycopy(HASH_KEY, 0, line, at, HASH_KEY.length);
    at += HASH_KEY.length;
    for (int i = 0; i < 64; i++) {
      line[at++] = (byte) hash.charAt(i);
    }
    line[at++] = '"';
    line[at++] = '}';
    line[at] = '\n';
    return new Line(line, hash);
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

  /** A byte buffer whose array can be read without copying. */
  static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(1024);
    }

    byte[] array() {
      return buf;
    }
  }
}
