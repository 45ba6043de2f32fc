package dev.vectorguard.identity;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A workload token was checked and is not acceptable; {@link #reason()} says why. */
public final class WorkloadTokenRejectedException extends WorkloadIdentityException {
  private static final long serialVersionUID = 1L;

  /** Why a token was rejected. */
  public enum Reason {
    /** Not a JWT at all. */
    MALFORMED,
    /** An unsigned token ({@code alg: none}). */
    UNSIGNED,
    /** An encrypted token (JWE); workload tokens are signed. */
    ENCRYPTED,
    /** Signed with an algorithm that is not pinned, such as HS256 where RS256 is expected. */
    ALGORITHM_NOT_ALLOWED,
    /** The {@code typ} header is not a JWT type. */
    WRONG_TYPE,
    /** No trusted key matches the token's {@code kid} and algorithm. */
    UNKNOWN_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** {@code exp} has passed (beyond the allowed clock skew), or is missing. */
    EXPIRED,
    /** {@code nbf} or {@code iat} is in the future (beyond the allowed clock skew). */
    NOT_YET_VALID,
    /** {@code iss} is not the expected issuer. */
    WRONG_ISSUER,
    /** {@code aud} does not name an accepted audience. */
    WRONG_AUDIENCE,
    /** {@code sub} is missing or blank. */
    MISSING_SUBJECT;

    /** The lower-case name used in messages and audit records ({@code "bad_signature"}). */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;

  WorkloadTokenRejectedException(Reason reason, String message, @Nullable Throwable cause) {
    super("workload token rejected (" + reason.id() + "): " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
