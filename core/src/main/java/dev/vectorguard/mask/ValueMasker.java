package dev.vectorguard.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The value-level actions shared by the streaming and the record masker: keyed hash, partial,
 * PII replacement. Thread-safe; each masking run takes its own {@link Mac}. Not public API.
 */
final class ValueMasker {
  /** The prefix of every pseudonym that {@code hash} writes. */
  static final String HASH_PREFIX = "hmac:";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int HASH_BYTES = 16;

  private final @Nullable SecretKeySpec key;
  /** Initialised once and only ever cloned (cloning reads it), or null when the provider's Mac cannot be cloned. */
  private final @Nullable Mac prototype;
  private final String marker;
  private final List<PiiDetector> detectors;

  ValueMasker(MaskSettings settings) {
    byte[] raw = settings.hashKey();
    this.key = raw == null ? null : new SecretKeySpec(raw, ALGORITHM);
    this.prototype = key == null ? null : cloneable(initialised(key));
    this.marker = settings.marker();
    this.detectors = settings.detectors();
  }

  String marker() {
    return marker;
  }

  /**
   * A fresh HMAC-SHA256 instance under the configured key: a clone of one initialised instance,
   * which spares each masking run the provider look-up and the key set-up.
   */
  Mac newMac() {
    if (key == null) {
      throw new IllegalStateException("no hash key configured");
    }
    if (prototype != null) {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        // cloneable() said otherwise; fall back to a new instance
      }
    }
    return initialised(key);
  }

  private static Mac initialised(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static @Nullable Mac cloneable(Mac mac) {
    try {
      mac.clone();
      return mac;
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  /** {@code hmac:} and the first 128 bits of the MAC, base64url without padding (22 chars). */
  static String pseudonym(Mac mac) {
    byte[] digest = Arrays.copyOf(mac.doFinal(), HASH_BYTES);
    return HASH_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  String hash(Mac mac, String text) {
    mac.update(text.getBytes(StandardCharsets.UTF_8));
    return pseudonym(mac);
  }

  /**
   * Keeps the last {@code keep} code points and writes {@code *} for each one before them. A value
   * no longer than {@code keep} is starred entirely: keeping all of it would reveal it.
   */
  static String partial(String text, int keep) {
    int length = text.codePointCount(0, text.length());
    int hidden = length <= keep ? length : length - keep;
    int cut = text.offsetByCodePoints(0, hidden);
    return "*".repeat(hidden) + text.substring(cut);
  }

  /** {@code text} with each detected entity replaced by {@code <TYPE>}; the same instance when none. */
  String detectPii(String text, Tally tally) {
    List<PiiMatch> matches = PiiDetectors.scan(text, detectors);
    if (matches.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    for (PiiMatch m : matches) {
      out.append(text, pos, m.start()).append('<').append(m.type()).append('>');
      tally.entity(m.type());
      pos = m.end();
    }
    return out.append(text, pos, text.length()).toString();
  }
}
