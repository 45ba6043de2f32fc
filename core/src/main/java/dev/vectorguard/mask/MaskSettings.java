package dev.vectorguard.mask;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link MaskEngine}: the HMAC key for {@code hash}, the redaction marker, the PII
 * detectors and the limits that keep masking bounded. Immutable and thread-safe; {@link
 * #toString()} never shows the key.
 *
 * <pre>{@code
 * MaskSettings settings = MaskSettings.builder()
 *     .hashKey(keyBytes)                 // at least 16 bytes; required for hash rules
 *     .marker("[REDACTED]")
 *     .detectors(PiiDetectors.defaults())
 *     .maxDepth(64)
 *     .build();
 * }</pre>
 */
public final class MaskSettings {
  /** The smallest accepted HMAC key, in bytes. */
  public static final int MIN_HASH_KEY_BYTES = 16;
  /** The highest nesting limit the engine accepts, keeping its recursion well inside the stack. */
  public static final int MAX_DEPTH_LIMIT = 1000;

  /** What adapters do with a response body that cannot be parsed, and so cannot be masked. */
  public enum OnUnparseable {
    /** Fail the call with an error ({@code GuardFailureException}, cause MASK). The default. */
    FAIL,
    /** Replace the response with a refusal, as if the policy had denied the call. */
    BLOCK
  }

  private final byte @Nullable [] hashKey;
  private final String marker;
  private final List<PiiDetector> detectors;
  private final int maxDepth;
  private final int maxStringLength;
  private final OnUnparseable onUnparseable;
  private final int planCacheSize;

  private MaskSettings(Builder builder) {
    this.hashKey = builder.hashKey == null ? null : builder.hashKey.clone();
    this.marker = builder.marker;
    this.detectors = List.copyOf(builder.detectors);
    this.maxDepth = builder.maxDepth;
    this.maxStringLength = builder.maxStringLength;
    this.onUnparseable = builder.onUnparseable;
    this.planCacheSize = builder.planCacheSize;
  }

  /** Defaults: marker {@code "[REDACTED]"}, built-in detectors, no hash key (hash rules then fail to plan). */
  public static MaskSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether a hash key is configured. */
  public boolean hasHashKey() {
    return hashKey != null;
  }

  /** A copy of the HMAC key, or {@code null} when none is configured. */
  public byte @Nullable [] hashKey() {
    return hashKey == null ? null : hashKey.clone();
  }

  /** The string that {@code redact} writes in place of a value. */
  public String marker() {
    return marker;
  }

  /** The detectors {@code detect-pii} runs, in priority order for equal overlapping matches. */
  public List<PiiDetector> detectors() {
    return detectors;
  }

  /** The deepest nesting of JSON containers accepted, counted from the document root. */
  public int maxDepth() {
    return maxDepth;
  }

  /** The longest string value, in chars, accepted in a body. */
  public int maxStringLength() {
    return maxStringLength;
  }

  /** What adapters do with a body that cannot be parsed. The engine itself always throws. */
  public OnUnparseable onUnparseable() {
    return onUnparseable;
  }

  /** How many distinct compiled plans the engine keeps. */
  public int planCacheSize() {
    return planCacheSize;
  }

  @Override
  public String toString() {
    return "MaskSettings{hashKey=" + (hashKey == null ? "none" : hashKey.length + " bytes")
        + ", marker=" + marker + ", detectors=" + detectors.stream().map(PiiDetector::type).toList()
        + ", maxDepth=" + maxDepth + ", maxStringLength=" + maxStringLength
        + ", onUnparseable=" + onUnparseable + '}';
  }

  /** Builds {@link MaskSettings}; each setter validates its argument at once. Not thread-safe. */
  public static final class Builder {
    private byte @Nullable [] hashKey;
    private String marker = "[REDACTED]";
    private List<PiiDetector> detectors = PiiDetectors.defaults();
    private int maxDepth = 64;
    private int maxStringLength = 20_000_000;
    private OnUnparseable onUnparseable = OnUnparseable.FAIL;
    private int planCacheSize = 256;

    Builder() {}

    /**
     * The HMAC-SHA256 key for {@code hash} rules. Copied; keep it secret and stable, since the
     * pseudonyms change with it.
     *
     * @throws IllegalArgumentException when shorter than {@value #MIN_HASH_KEY_BYTES} bytes
     */
    public Builder hashKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length < MIN_HASH_KEY_BYTES) {
        throw new IllegalArgumentException("hashKey must be at least " + MIN_HASH_KEY_BYTES
            + " bytes, but was " + key.length);
      }
      this.hashKey = Arrays.copyOf(key, key.length);
      return this;
    }

    /** The redaction marker, {@code "[REDACTED]"} by default. */
    public Builder marker(String marker) {
      Objects.requireNonNull(marker, "marker");
      if (marker.isEmpty()) {
        throw new IllegalArgumentException("marker must not be empty");
      }
      this.marker = marker;
      return this;
    }

    /** The PII detectors, {@link PiiDetectors#defaults()} by default. */
    public Builder detectors(List<? extends PiiDetector> detectors) {
      Objects.requireNonNull(detectors, "detectors");
      detectors.forEach(d -> Objects.requireNonNull(d, "detector"));
      this.detectors = List.copyOf(detectors);
      return this;
    }

    /** The deepest JSON nesting accepted, 64 by default; deeper bodies fail to mask. */
    public Builder maxDepth(int maxDepth) {
      if (maxDepth < 2 || maxDepth > MAX_DEPTH_LIMIT) {
        throw new IllegalArgumentException("maxDepth must be between 2 and " + MAX_DEPTH_LIMIT
            + ", but was " + maxDepth);
      }
      this.maxDepth = maxDepth;
      return this;
    }

    /** The longest string value accepted, in chars, 20,000,000 by default. */
    public Builder maxStringLength(int maxStringLength) {
      if (maxStringLength < 1) {
        throw new IllegalArgumentException("maxStringLength must be positive, but was " + maxStringLength);
      }
      this.maxStringLength = maxStringLength;
      return this;
    }

    /** What adapters do with a body that cannot be parsed, {@link OnUnparseable#FAIL} by default. */
    public Builder onUnparseable(OnUnparseable onUnparseable) {
      this.onUnparseable = Objects.requireNonNull(onUnparseable, "onUnparseable");
      return this;
    }

    /** How many compiled plans to cache, 256 by default. */
    public Builder planCacheSize(int planCacheSize) {
      if (planCacheSize < 0) {
        throw new IllegalArgumentException("planCacheSize must not be negative, but was " + planCacheSize);
      }
      this.planCacheSize = planCacheSize;
      return this;
    }

    public MaskSettings build() {
      return new MaskSettings(this);
    }
  }
}
