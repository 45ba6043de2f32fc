package dev.vectorguard.token;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.AccessLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenSourceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TestClock clock = new TestClock(T0);
  @TempDir Path dir;

  static String jwt(String jti, Instant issuedAt, Instant expiresAt) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
        .subject("system:serviceaccount:prod:rag").jwtID(jti)
        .issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt)).build());
    jwt.sign(new MACSigner("k".repeat(32)));
    return jwt.serialize();
  }

  private FileTokenSource source(Path file) {
    return FileTokenSource.builder(file).clock(clock).checkInterval(Duration.ofSeconds(5))
        .skew(Duration.ofSeconds(10)).build();
  }

  private static Credential get(TokenSource source) throws TokenUnavailableException {
    return source.credential(Requests.qdrant(AccessLevel.READ, "docs"));
  }

  @Test
  void readsTheTokenWithItsExpiryAndId() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, jwt("jti-1", T0, T0.plusSeconds(3600)) + "\n");

    Credential credential = get(source(file));

    assertThat(credential.kind()).isEqualTo(CredentialKind.FILE);
    assertThat(credential.secret()).isEqualTo(jwt("jti-1", T0, T0.plusSeconds(3600)));
    assertThat(credential.expiresAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(credential.tokenId()).isEqualTo("jti-1");
  }

  @Test
  void seesARotatedFileAfterTheCheckInterval() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, jwt("jti-1", T0, T0.plusSeconds(3600)));
    FileTokenSource source = source(file);
    get(source);

    Files.writeString(file, jwt("jti-2", T0, T0.plusSeconds(3600)));
    clock.advance(Duration.ofMillis(4999));
    assertThat(get(source).tokenId()).as("not re-read yet").isEqualTo("jti-1");
    clock.advance(Duration.ofMillis(1));
    assertThat(get(source).tokenId()).isEqualTo("jti-2");
  }

  @Test
  void nearExpiryTheFileIsCheckedEverySecond() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, jwt("jti-1", T0, T0.plusSeconds(100)));
    FileTokenSource source = FileTokenSource.builder(file).clock(clock).checkInterval(Duration.ofMinutes(10)).build();
    get(source);

    clock.advance(Duration.ofSeconds(80));       // the kubelet rotates at 80% of the lifetime
    assertThat(get(source).tokenId()).isEqualTo("jti-1");
    Files.writeString(file, jwt("jti-2", T0.plusSeconds(80), T0.plusSeconds(180)));
    clock.advance(Duration.ofMillis(999));
    assertThat(get(source).tokenId()).isEqualTo("jti-1");
    clock.advance(Duration.ofMillis(1));
    assertThat(get(source).tokenId()).isEqualTo("jti-2");
  }

  @Test
  void anExpiredTokenThatWasNotReplacedFailsTheCall() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, jwt("jti-1", T0, T0.plusSeconds(100)));
    FileTokenSource source = source(file);
    Credential first = get(source);

    clock.advance(Duration.ofSeconds(90));       // exp minus 10 s skew
    assertThatThrownBy(() -> get(source))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("token file " + file + " holds a token (" + first + ") that expired (skew tolerance PT10S)"
            + " and has not been replaced; now is 2026-01-01T00:01:30Z");
  }

  @Test
  void aFileWithAnExpiredTokenIsRefused() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, jwt("old", T0.minusSeconds(200), T0.minusSeconds(100)));

    assertThatThrownBy(() -> get(source(file)))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageStartingWith("token file " + file + " holds a token (Credential{file, fp:")
        .hasMessageContaining("jti=old, exp=2025-12-31T23:58:20Z}) that expired");
  }

  @Test
  void keepsTheValidTokenWhileTheFileIsMissing() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, jwt("jti-1", T0, T0.plusSeconds(3600)));
    FileTokenSource source = source(file);
    get(source);

    Files.delete(file);
    clock.advance(Duration.ofSeconds(10));
    assertThat(get(source).tokenId()).isEqualTo("jti-1");
    clock.advance(Duration.ofSeconds(3600));
    assertThatThrownBy(() -> get(source))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("token file " + file + " does not exist");
  }

  @Test
  void emptyAndMissingFilesAreReported() throws Exception {
    Path file = dir.resolve("token");
    assertThatThrownBy(() -> get(source(file))).hasMessage("token file " + file + " does not exist");
    Files.writeString(file, "  \n");
    assertThatThrownBy(() -> get(source(file))).hasMessage("token file " + file + " is empty");
  }

  @Test
  void anOpaqueTokenNeverExpires() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "opaque-token");
    FileTokenSource source = FileTokenSource.builder(file).clock(clock).kind(CredentialKind.STATIC).build();

    Credential credential = get(source);
    clock.advance(Duration.ofDays(400));
    assertThat(get(source)).isSameAs(credential);
    assertThat(credential.kind()).isEqualTo(CredentialKind.STATIC);
    assertThat(credential.expiresAt()).isNull();
  }

  @Test
  void builderValidates() {
    FileTokenSource.Builder builder = FileTokenSource.builder(dir.resolve("t"));
    assertThatThrownBy(() -> builder.checkInterval(Duration.ZERO)).hasMessage("checkInterval must be positive, but was PT0S");
    assertThatThrownBy(() -> builder.kind(CredentialKind.NONE)).hasMessage("a token file cannot hold a credential of kind none");
  }
}
