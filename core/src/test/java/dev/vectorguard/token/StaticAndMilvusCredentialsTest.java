package dev.vectorguard.token;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.token.CredentialHeaders.Header;
import dev.vectorguard.token.CredentialHeaders.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticAndMilvusCredentialsTest {
  @TempDir Path dir;

  private static final TokenRequest MILVUS_READ = Requests.collection(Backend.MILVUS, AccessLevel.READ, "docs");

  @Test
  void staticSecretsAreStaticCredentials() throws Exception {
    Credential credential = TokenSources.staticSecret("  the-key \n").credential(Requests.qdrant(AccessLevel.READ, "docs"));

    assertThat(credential.kind()).isEqualTo(CredentialKind.STATIC);
    assertThat(credential.kind().id()).isEqualTo("static");
    assertThat(credential.secret()).isEqualTo("the-key");
    assertThat(credential.expiresAt()).isNull();
  }

  @Test
  void staticFileSecretsAreReReadSoRotationIsSeen() throws Exception {
    TestClock clock = new TestClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    Path file = dir.resolve("key");
    Files.writeString(file, "key-1\n");
    TokenSource source = TokenSources.fromSecret(SecretSource.file(file, clock, java.time.Duration.ofSeconds(5)));
    Credential first = source.credential(MILVUS_READ);
    assertThat(source.credential(MILVUS_READ)).isSameAs(first);

    Files.writeString(file, "key-2");
    clock.advance(java.time.Duration.ofMillis(4999));
    assertThat(source.credential(MILVUS_READ)).isSameAs(first);
    clock.advance(java.time.Duration.ofMillis(1));
    Credential second = source.credential(MILVUS_READ);
    assertThat(second.secret()).isEqualTo("key-2");
    assertThat(second.kind()).isEqualTo(CredentialKind.STATIC);
  }

  @Test
  void staticFileSourcesSayWhereTheSecretIs() throws Exception {
    Path file = dir.resolve("key");
    TokenSource source = TokenSources.fromFile(file);
    assertThat(source.toString()).isEqualTo("StaticTokenSource{file:" + file + "}");
    assertThatThrownBy(() -> source.credential(MILVUS_READ)).hasMessage("secret file " + file + " does not exist");
    Files.writeString(file, " \n");
    assertThatThrownBy(() -> source.credential(MILVUS_READ)).hasMessage("secret file " + file + " is empty");
    Files.writeString(file, "key-1\n");
    assertThat(source.credential(MILVUS_READ).secret()).isEqualTo("key-1");
  }

  @Test
  void aMissingEnvironmentVariableFailsTheCall() {
    assertThatThrownBy(() -> TokenSources.fromEnv("VECTORGUARD_TEST_UNSET_VARIABLE").credential(MILVUS_READ))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessage("environment variable VECTORGUARD_TEST_UNSET_VARIABLE is not set or empty");
  }

  @Test
  void anEnvironmentVariableIsRead() throws Exception {
    String name = System.getenv().containsKey("PATH") ? "PATH" : System.getenv().keySet().iterator().next();
    assertThat(TokenSources.fromEnv(name).credential(MILVUS_READ).secret()).isEqualTo(System.getenv(name).strip());
  }

  @Test
  void milvusUserCredentialsAreEncodedPerTransport() throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, "p@ss:word\n");
    Credential credential = MilvusCredentials.user("rag_reader", SecretSource.file(password)).credential(MILVUS_READ);

    assertThat(credential.kind()).isEqualTo(CredentialKind.MILVUS);
    assertThat(credential.secret()).isEqualTo("rag_reader:p@ss:word");
    assertThat(CredentialHeaders.headersFor(Backend.MILVUS, Transport.GRPC, credential)).containsExactly(
        new Header("authorization", Base64.getEncoder().encodeToString("rag_reader:p@ss:word".getBytes())));
    assertThat(CredentialHeaders.headersFor(Backend.MILVUS, Transport.HTTP, credential)).containsExactly(
        new Header("Authorization", "Bearer rag_reader:p@ss:word"));
  }

  @Test
  void milvusTokensAreEncodedPerTransport() throws Exception {
    Credential credential = MilvusCredentials.token(SecretSource.of("api-token-1")).credential(MILVUS_READ);

    assertThat(CredentialHeaders.headersFor(Backend.MILVUS, Transport.GRPC, credential)).containsExactly(
        new Header("authorization", Base64.getEncoder().encodeToString("api-token-1".getBytes())));
    assertThat(CredentialHeaders.headersFor(Backend.MILVUS, Transport.HTTP, credential)).containsExactly(
        new Header("Authorization", "Bearer api-token-1"));
  }

  @Test
  void aCacheNeverServesMilvusCredentialsToAnotherBackend() throws Exception {
    CachingTokenSource cached = TokenSources.cached(MilvusCredentials.user("svc", SecretSource.of("pw-123")));
    assertThat(cached.credential(MILVUS_READ).secret()).isEqualTo("svc:pw-123");
    assertThatThrownBy(() -> cached.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .as("the cached Milvus password must not be attached to a Qdrant call")
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageContaining("Milvus credentials cannot be sent to qdrant");
  }

  @Test
  void aPerWorkloadCacheNeverServesMilvusCredentialsToAnotherBackend() throws Exception {
    CachingTokenSource cached = TokenSources.cached(MilvusCredentials.perWorkload(
        java.util.Map.of(Requests.WORKLOAD, MilvusCredentials.token(SecretSource.of("api-token-1")))));
    assertThat(cached.credential(MILVUS_READ).secret()).isEqualTo("api-token-1");
    assertThatThrownBy(() -> cached.credential(Requests.qdrant(AccessLevel.READ, "docs")))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageContaining("Milvus credentials cannot be sent to qdrant");
  }

  @Test
  void milvusCredentialsAreNeverSentElsewhereOrMisread() {
    assertThatThrownBy(() -> MilvusCredentials.token(SecretSource.of("t")).credential(Requests.qdrant(AccessLevel.READ, "d")))
        .hasMessage("Milvus credentials cannot be sent to qdrant");
    assertThatThrownBy(() -> MilvusCredentials.token(SecretSource.of("user:pw")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the Milvus API token from value:fp:")
        .hasMessageEndingWith(" contains ':', which Milvus would read as user:password")
        .hasMessageNotContaining("user:pw");
    String[] rotated = {"t"};
    MilvusCredentials rotating = MilvusCredentials.token(() -> rotated[0]);
    rotated[0] = "user:pw";
    assertThatThrownBy(() -> rotating.credential(MILVUS_READ))
        .isInstanceOf(TokenUnavailableException.class)
        .hasMessageEndingWith(" contains ':', which Milvus would read as user:password");
    assertThatThrownBy(() -> MilvusCredentials.user("a:b", SecretSource.of("pw")))
        .hasMessage("a Milvus user name must be non-blank without ':', but was 'a:b'");
  }

  @Test
  void perWorkloadCredentialsNeverBorrowAnotherWorkloads() throws Exception {
    KeyedTokenSource source = MilvusCredentials.perWorkload(Map.of(
        Requests.WORKLOAD, MilvusCredentials.user("rag", SecretSource.of("rag-pw")),
        "spiffe://acme.io/ns/prod/sa/ops", MilvusCredentials.user("ops", SecretSource.of("ops-pw"))));

    assertThat(source.credential(MILVUS_READ).secret()).isEqualTo("rag:rag-pw");
    TokenRequest other = new TokenRequest(Backend.MILVUS,
        dev.vectorguard.Identity.of(dev.vectorguard.Workload.configured("spiffe://acme.io/ns/prod/sa/batch")),
        dev.vectorguard.Scope.COLLECTION, List.of("docs"), AccessLevel.READ, null);
    assertThatThrownBy(() -> source.credential(other))
        .hasMessage("no Milvus credentials are configured for workload spiffe://acme.io/ns/prod/sa/batch");
    assertThat(source.cacheKey(other)).isNotEqualTo(source.cacheKey(MILVUS_READ));
  }
}
