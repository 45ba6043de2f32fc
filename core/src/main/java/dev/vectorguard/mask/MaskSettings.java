package dev.vectorguard.mask;

/**
 * Settings of a {@link MaskEngine}: the HMAC key for {@code hash}, the redaction marker, the PII
 * detectors, limits. Contract fixed by the foundation; the masking issue implements it.
 */
public final class MaskSettings {
  private MaskSettings() {}

  /** Defaults: marker {@code "[REDACTED]"}, built-in detectors, no hash key (hash rules then fail to plan). */
  public static MaskSettings defaults() {
    return new MaskSettings();
  }
}
