package dev.vectorguard.token;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import org.jspecify.annotations.Nullable;

/**
 * The expiry and id of a token we hold but do not verify (the issuer or the database verifies
 * it): only used to know when to refresh. Not a trust decision.
 */
record UnverifiedJwt(@Nullable Instant issuedAt, @Nullable Instant expiresAt, @Nullable String tokenId) {
  private static final UnverifiedJwt OPAQUE = new UnverifiedJwt(null, null, null);

  /** The {@code iat}, {@code exp} and {@code jti} of {@code token} when it is a JWT, or nothing for an opaque token. */
  static UnverifiedJwt peek(String token) {
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return OPAQUE;
    }
    try {
      JWT jwt = JWTParser.parse(token);
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date iat = claims.getIssueTime();
      Date exp = claims.getExpirationTime();
      return new UnverifiedJwt(iat == null ? null : iat.toInstant(), exp == null ? null : exp.toInstant(),
          claims.getJWTID());
    } catch (ParseException e) {
      return OPAQUE;
    }
  }
}
