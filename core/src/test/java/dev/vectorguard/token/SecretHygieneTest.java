package dev.vectorguard.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No secret in any toString() or exception message: only fingerprints, jti and exp. */
class SecretHygieneTest {
  private static final String SECRET = "very-secret-value-0123456789abcdef";
  @TempDir Path dir;

  @Test
  void noSourceShowsItsSecret() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, SECRET);
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    URI idp = URI.create("https://idp.example/token");
    TokenSource staticSource = TokenSources.staticSecret(SECRET);
    List<Object> things = List.of(
        SecretSource.of(SECRET),
        staticSource,
        TokenSources.fromFile(file),
        FileTokenSource.builder(file).build(),
        ClientAuthentication.clientSecretBasic("rag", SecretSource.of(SECRET)),
        ClientAuthentication.clientSecretPost("rag", SecretSource.of(SECRET)),
        ClientAuthentication.privateKeyJwt("rag", key),
        OAuth2ClientCredentials.builder(idp, ClientAuthentication.clientSecretBasic("rag", SecretSource.of(SECRET))).build(),
        TokenExchange.builder(idp, staticSource).build(),
        QdrantJwtMinter.builder(SecretSource.of(SECRET)).build(),
        MilvusCredentials.user("rag", SecretSource.of(SECRET)),
        MilvusCredentials.token(SecretSource.of(SECRET)),
        TokenSources.cached(staticSource),
        staticSource.credential(Requests.qdrant(AccessLevel.READ, "docs")),
        Credential.of(CredentialKind.OAUTH2, SECRET, Instant.EPOCH, "jti-1"));

    for (Object thing : things) {
      assertThat(thing.toString()).as(thing.getClass().getName())
          .doesNotContain(SECRET)
          .doesNotContain(key.getD().toString());
    }
    assertThat(Credential.of(CredentialKind.OAUTH2, SECRET, Instant.EPOCH, "jti-1").toString())
        .isEqualTo("Credential{oauth2, fp:" + Credential.fingerprintOf(SECRET) + ", jti=jti-1, exp=1970-01-01T00:00:00Z}");
  }

  @Test
  void failuresNameTheSourceNotTheSecret() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, FileTokenSourceTest.jwt("jti-x", Instant.EPOCH, Instant.EPOCH.plusSeconds(60)));
    String token = Files.readString(file);

    assertThatThrownBy(() -> FileTokenSource.builder(file).build().credential(Requests.qdrant(AccessLevel.READ, "d")))
        .hasMessageNotContaining(token)
        .hasMessageContaining("jti=jti-x");
    assertThatThrownBy(() -> MilvusCredentials.token(SecretSource.of(SECRET + ":x"))
        .credential(Requests.collection(Backend.MILVUS, AccessLevel.READ, "d")))
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> QdrantJwtMinter.builder(SecretSource.of("short")).build()
        .credential(Requests.qdrant(AccessLevel.READ, "d")))
        .hasMessageNotContaining("short\"").hasMessageNotContaining(" short ");
    assertThatThrownBy(() -> MilvusCredentials.perWorkload(Map.of("w", MilvusCredentials.token(SecretSource.of(SECRET))))
        .credential(Requests.collection(Backend.MILVUS, AccessLevel.READ, "d")))
        .hasMessageNotContaining(SECRET);
  }
}
