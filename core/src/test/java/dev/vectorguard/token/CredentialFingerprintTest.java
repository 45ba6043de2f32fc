package dev.vectorguard.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CredentialFingerprintTest {

  @Test
  void guessableSecretsGetKeyedFingerprintsSoAnAuditReaderCannotConfirmAGuess() throws Exception {
    // Milvus's default account: anyone could compute its plain SHA-256 prefix and look for it.
    Credential milvus = Credential.of(CredentialKind.MILVUS, "root:Milvus", null, null);
    Credential staticKey = Credential.of(CredentialKind.STATIC, "changeme", null, null);

    assertThat(milvus.fingerprint()).hasSize(8).isNotEqualTo(sha256Prefix("root:Milvus"));
    assertThat(staticKey.fingerprint()).hasSize(8).isNotEqualTo(sha256Prefix("changeme"));
    assertThat(milvus.fingerprint()).isEqualTo(Credential.of(CredentialKind.MILVUS, "root:Milvus", null, null)
        .fingerprint());
  }

  @Test
  void issuedTokensKeepPlainDigestPrefixesSoTheyCorrelateAcrossProcesses() throws Exception {
    Credential jwt = Credential.of(CredentialKind.QDRANT_JWT, "eyJhbGciOiJIUzI1NiJ9.e30.sig", null, "jti-1");

    assertThat(jwt.fingerprint()).isEqualTo(sha256Prefix("eyJhbGciOiJIUzI1NiJ9.e30.sig"));
    assertThat(jwt.toString()).doesNotContain("eyJ").contains("fp:" + jwt.fingerprint());
  }

  private static String sha256Prefix(String secret) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 4);
  }
}
