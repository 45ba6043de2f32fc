package dev.vectorguard.identity;

import dev.vectorguard.testing.TestClock;
import static dev.vectorguard.identity.JwtWorkloadVerifierTest.ISSUER;
import static dev.vectorguard.identity.JwtWorkloadVerifierTest.T0;
import static dev.vectorguard.identity.JwtWorkloadVerifierTest.k8sClaims;
import static dev.vectorguard.identity.JwtWorkloadVerifierTest.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.vectorguard.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedWorkloadTest {
  static RSAKey key;

  private final TestClock clock = new TestClock(T0);
  @TempDir Path dir;

  @BeforeAll
  static void keys() {
    key = new RSAKey.Builder(TestKeys.RSA).keyID("k").build();
  }

  static JwtWorkloadVerifier verifier(TestClock clock) {
    return JwtWorkloadVerifier.builder().jwkSet(new JWKSet(key)).issuer(ISSUER).audience("vectorguard")
        .clock(clock).clockSkew(Duration.ZERO).build();
  }

  static String token(String subject, long expiresInSeconds) throws Exception {
    return rs256(k8sClaims().subject(subject).expirationTime(Date.from(T0.plusSeconds(expiresInSeconds))).build(), key);
  }

  private VerifiedWorkload supplier(Path file) {
    return VerifiedWorkload.fromFile(file, verifier(clock), clock, Duration.ofSeconds(5));
  }

  @Test
  void suppliesTheVerifiedWorkloadAndCachesIt() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, token("system:serviceaccount:prod:rag", 3600) + "\n");
    VerifiedWorkload workloads = supplier(file);

    Workload first = workloads.get();
    clock.advance(Duration.ofSeconds(30));

    assertThat(first.id()).isEqualTo("system:serviceaccount:prod:rag");
    assertThat(first.verified()).isTrue();
    assertThat(workloads.get()).isSameAs(first);
  }

  @Test
  void aRotatedTokenIsVerifiedAfterTheCheckInterval() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, token("system:serviceaccount:prod:rag", 3600));
    VerifiedWorkload workloads = supplier(file);
    workloads.get();

    Files.writeString(file, token("system:serviceaccount:prod:rag-v2", 3600));
    clock.advance(Duration.ofSeconds(4));
    assertThat(workloads.get().id()).isEqualTo("system:serviceaccount:prod:rag");
    clock.advance(Duration.ofSeconds(1));
    assertThat(workloads.get().id()).isEqualTo("system:serviceaccount:prod:rag-v2");
  }

  @Test
  void aForgedReplacementIsNotAccepted() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, token("system:serviceaccount:prod:rag", 3600));
    VerifiedWorkload workloads = supplier(file);
    workloads.get();

    RSAKey attacker = TestKeys.otherWithKid("k");
    Files.writeString(file, rs256(k8sClaims().subject("system:serviceaccount:kube-system:admin").build(), attacker));
    clock.advance(Duration.ofSeconds(5));

    assertThatThrownBy(workloads::get)
        .isInstanceOf(WorkloadUnavailableException.class)
        .hasMessage("the token in " + file + " does not establish a workload: workload token rejected"
            + " (bad_signature): the signature does not verify with the key 'k' from a fixed JWK set of 1 key(s)")
        .hasCauseInstanceOf(WorkloadTokenRejectedException.class);
  }

  @Test
  void anExpiredTokenThatWasNotRotatedIsRefused() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, token("system:serviceaccount:prod:rag", 60));
    VerifiedWorkload workloads = supplier(file);
    workloads.get();

    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(workloads::get)
        .isInstanceOf(WorkloadUnavailableException.class)
        .hasMessageContaining("workload token rejected (expired): the token expired at 2026-01-01T00:01:00Z");
  }

  @Test
  void aMissingFileKeepsTheWorkloadUntilItsTokenExpires() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, token("system:serviceaccount:prod:rag", 60));
    VerifiedWorkload workloads = supplier(file);
    workloads.get();
    Files.delete(file);

    clock.advance(Duration.ofSeconds(10));
    assertThat(workloads.get().id()).isEqualTo("system:serviceaccount:prod:rag");
    clock.advance(Duration.ofSeconds(50));
    assertThatThrownBy(workloads::get)
        .isInstanceOf(WorkloadUnavailableException.class)
        .hasMessage("workload token file " + file + " does not exist");
  }
}
