package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.token.QdrantJwtMinter;
import dev.vectorguard.token.SecretSource;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server side mirrors the decision: Qdrant receives a JWT naming only the granted collection and level. */
class QdrantJwtTest {
  private static final String API_KEY = "qdrant-api-key-of-at-least-32-bytes!!";

  @Test
  void qdrantReceivesAJwtWhoseAccessNamesOnlyTheGrantedCollectionAndLevel() throws Exception {
    try (QdrantFixture fx = new QdrantFixture(TestPolicy.builder()
        .allow("reads", Set.of("docs", "secret"), AccessLevel.WRITE, Obligations.NONE).build(),
        QdrantJwtMinter.builder(SecretSource.of(API_KEY)).build())) {
      fx.client.searchAsync(SearchPoints.newBuilder().setCollectionName("docs").addAllVector(List.of(1f, 0f))
          .setLimit(1).setWithPayload(WithPayloadSelectorFactory.enable(true)).build()).get();
      fx.client.deleteAsync("secret", List.of(io.qdrant.client.PointIdFactory.id(1))).get();

      SignedJWT read = SignedJWT.parse(fx.server.calls("qdrant.Points/Search").get(0).header("api-key"));
      SignedJWT write = SignedJWT.parse(fx.server.calls("qdrant.Points/Delete").get(0).header("api-key"));
      for (SignedJWT jwt : List.of(read, write)) {
        assertThat(jwt.verify(new MACVerifier(API_KEY.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isNotNull();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("spiffe://test/ns/app/sa/rag");
      }
      assertThat(read.getJWTClaimsSet().getClaim("access")).isEqualTo(List.of(Map.of("collection", "docs", "access", "r")));
      assertThat(write.getJWTClaimsSet().getClaim("access"))
          .isEqualTo(List.of(Map.of("collection", "secret", "access", "rw")));
      assertThat(fx.server.calls()).flatExtracting(c -> c.headerValues("api-key"))
          .doesNotContain(QdrantFixture.CLIENT_KEY).doesNotContain(API_KEY);
    }
  }
}
