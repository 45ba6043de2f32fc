package dev.vectorguard.spring;

import org.jspecify.annotations.Nullable;

/** vectorguard.mask.*: settings of response masking. {@link #toString()} hides the key. */
public class MaskProperties {

  /**
   * The HMAC key of hash mask rules, so that equal values hash alike without being
   * guessable. Policies with hash rules need it. Never logged.
   */
  private @Nullable String hashKey;

  /** What redact rules put in place of a value. */
  private String marker = "[REDACTED]";

  public @Nullable String getHashKey() {
    return hashKey;
  }

  public void setHashKey(@Nullable String hashKey) {
    this.hashKey = hashKey;
  }

  public String getMarker() {
    return marker;
  }

  public void setMarker(String marker) {
    this.marker = marker;
  }

  @Override
  public String toString() {
    return "mask{hashKey=" + TokenProperties.redacted(hashKey) + ", marker=" + marker + '}';
  }
}
