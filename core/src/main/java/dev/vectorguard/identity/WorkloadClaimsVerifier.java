package dev.vectorguard.identity;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import dev.vectorguard.identity.WorkloadTokenRejectedException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Checks a workload token's claims after its signature, against an injected clock, and says which
 * check failed. Runs inside {@code DefaultJWTProcessor}, which calls it only for verified tokens.
 */
final class WorkloadClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {
  private final String issuer;
  private final Set<String> audiences;
  private final Clock clock;
  private final Duration skew;

  /** A failed claim check, carried through the processor to the verifier. */
  static final class Rejected extends BadJWTException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    Rejected(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    Reason reason() {
      return reason;
    }
  }

  WorkloadClaimsVerifier(String issuer, Set<String> audiences, Clock clock, Duration skew) {
    this.issuer = issuer;
    this.audiences = audiences;
    this.clock = clock;
    this.skew = skew;
  }

  @Override
  public void verify(JWTClaimsSet claims, @Nullable SecurityContext context) throws BadJWTException {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new Rejected(Reason.EXPIRED, "the token has no exp; workload tokens must expire");
    }
    if (!now.isBefore(exp.toInstant().plus(skew))) {
      throw new Rejected(Reason.EXPIRED, "the token expired at " + exp.toInstant() + " (now " + now
          + ", clock skew tolerance " + skew + ")");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw new Rejected(Reason.NOT_YET_VALID, "the token is not valid before " + nbf.toInstant() + " (now " + now
          + ", clock skew tolerance " + skew + ")");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now.plus(skew).isBefore(iat.toInstant())) {
      throw new Rejected(Reason.NOT_YET_VALID, "the token was issued in the future, at " + iat.toInstant()
          + " (now " + now + ", clock skew tolerance " + skew + ")");
    }
    String iss = claims.getIssuer();
    if (!issuer.equals(iss)) {
      throw new Rejected(Reason.WRONG_ISSUER, "issuer " + (iss == null ? "(none)" : "'" + iss + "'")
          + " is not the expected '" + issuer + "'");
    }
    List<String> aud = claims.getAudience();
    if (aud.stream().noneMatch(audiences::contains)) {
      throw new Rejected(Reason.WRONG_AUDIENCE, "audience " + (aud.isEmpty() ? "(none)" : aud)
          + " names none of the accepted " + new TreeSet<>(audiences));
    }
    String sub = claims.getSubject();
    if (sub == null || sub.isBlank()) {
      throw new Rejected(Reason.MISSING_SUBJECT, "the token has no sub to identify the workload");
    }
  }
}
