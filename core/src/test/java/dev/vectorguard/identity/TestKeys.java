package dev.vectorguard.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** Keys generated once per test run: RSA generation is slow on a busy machine. */
final class TestKeys {
  /** The trusted RSA key, kid {@code rsa-1}. */
  static final RSAKey RSA;
  /** Another RSA key, also with kid {@code rsa-1}: what an attacker holds. */
  static final RSAKey OTHER_RSA;
  /** The trusted EC key, kid {@code ec-1}. */
  static final ECKey EC;

  static {
    try {
      RSA = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      OTHER_RSA = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
      EC = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    } catch (JOSEException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TestKeys() {}

  /** {@link #OTHER_RSA} under another kid. */
  static RSAKey otherWithKid(String kid) {
    return new RSAKey.Builder(OTHER_RSA).keyID(kid).build();
  }
}
