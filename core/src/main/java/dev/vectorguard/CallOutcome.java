package dev.vectorguard;

import dev.vectorguard.mask.MaskCounts;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a guarded call ended, for its {@code call.completed} audit event. Immutable.
 *
 * <pre>{@code
 * call.complete(CallOutcome.ok("200").resultCount(10).masked(counts).bytes(512, 20480).build());
 * }</pre>
 */
public final class CallOutcome {
  /** How the call ended. */
  public enum Status {
    OK,
    ERROR,
    CANCELLED
  }

  private final Status status;
  private final String code;
  private final @Nullable Integer resultCount;
  private final MaskCounts masked;
  private final long bytesOut;
  private final long bytesIn;
  private final @Nullable String error;

  private CallOutcome(Builder builder) {
    this.status = builder.status;
    this.code = builder.code;
    this.resultCount = builder.resultCount;
    this.masked = builder.masked;
    this.bytesOut = builder.bytesOut;
    this.bytesIn = builder.bytesIn;
    this.error = builder.error;
  }

  /** A call that got an answer; {@code code} is the HTTP status or gRPC status code name. */
  public static Builder ok(String code) {
    return new Builder(Status.OK, code);
  }

  /** A call that failed with an error status or an exception. */
  public static Builder error(String code, String error) {
    return new Builder(Status.ERROR, code).error(error);
  }

  /** A call the caller cancelled or whose deadline passed. */
  public static Builder cancelled(String code) {
    return new Builder(Status.CANCELLED, code);
  }

  public Status status() {
    return status;
  }

  public String code() {
    return code;
  }

  public @Nullable Integer resultCount() {
    return resultCount;
  }

  public MaskCounts masked() {
    return masked;
  }

  /** Request bytes sent. */
  public long bytesOut() {
    return bytesOut;
  }

  /** Response bytes received. */
  public long bytesIn() {
    return bytesIn;
  }

  /** The error message (never a secret), or {@code null}. */
  public @Nullable String error() {
    return error;
  }

  @Override
  public String toString() {
    return "CallOutcome{" + status + ' ' + code + ", results=" + resultCount + ", " + masked
        + ", out=" + bytesOut + ", in=" + bytesIn + (error == null ? "" : ", error=" + error) + '}';
  }

  /** Builds a {@link CallOutcome}; not thread-safe. */
  public static final class Builder {
    private final Status status;
    private final String code;
    private @Nullable Integer resultCount;
    private MaskCounts masked = MaskCounts.NONE;
    private long bytesOut;
    private long bytesIn;
    private @Nullable String error;

    private Builder(Status status, String code) {
      this.status = status;
      this.code = Objects.requireNonNull(code, "code");
    }

    public Builder resultCount(@Nullable Integer resultCount) {
      this.resultCount = resultCount;
      return this;
    }

    public Builder masked(MaskCounts masked) {
      this.masked = Objects.requireNonNull(masked, "masked");
      return this;
    }

    public Builder bytes(long bytesOut, long bytesIn) {
      if (bytesOut < 0 || bytesIn < 0) {
        throw new IllegalArgumentException("byte counts must not be negative, but were " + bytesOut + ", " + bytesIn);
      }
      this.bytesOut = bytesOut;
      this.bytesIn = bytesIn;
      return this;
    }

    public Builder error(@Nullable String error) {
      this.error = error;
      return this;
    }

    public CallOutcome build() {
      return new CallOutcome(this);
    }
  }
}
