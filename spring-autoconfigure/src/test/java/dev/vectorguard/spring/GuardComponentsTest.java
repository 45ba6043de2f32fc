package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.audit.CaptureLevel;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The token sources, audit sinks and masking settings that properties choose, working for real. */
class GuardComponentsTest {
  private static final String QDRANT_KEY = "qdrant-api-key-of-at-least-32-bytes-long";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class))
      .withPropertyValues("vectorguard.workload.id=spiffe://acme.io/sa/rag",
          "vectorguard.policy.location=classpath:policies/docs-read.yaml", "vectorguard.audit.sink=none");

  private static Credential credential(VectorGuard guard) {
    return guard.begin(GuardCalls.SEARCH_DOCS, null).credential();
  }

  @Test
  void qdrantJwtTokensAreSignedWithTheKeyAndGrantExactlyTheDecision() {
    runner.withPropertyValues("vectorguard.token.type=qdrant-jwt", "vectorguard.token.qdrant-jwt.signing-key=" + QDRANT_KEY,
        "vectorguard.token.qdrant-jwt.ttl=2m").run(context -> {
          Credential credential = credential(context.getBean(VectorGuard.class));
          assertThat(credential.kind()).isEqualTo(CredentialKind.QDRANT_JWT);
          SignedJWT jwt = SignedJWT.parse(credential.secret());
          assertThat(jwt.verify(new MACVerifier(QDRANT_KEY.getBytes(StandardCharsets.UTF_8)))).isTrue();
          assertThat(jwt.getJWTClaimsSet().getClaim("access"))
              .isEqualTo(List.of(Map.of("collection", "docs", "access", "r")));
          long lifetime = jwt.getJWTClaimsSet().getExpirationTime().getTime()
              - jwt.getJWTClaimsSet().getIssueTime().getTime();
          assertThat(lifetime).isEqualTo(120_000L);
        });
  }

  @Test
  void qdrantJwtWithoutKeyStopsTheStart() {
    runner.withPropertyValues("vectorguard.token.type=qdrant-jwt").run(context -> assertThat(context).getFailure()
        .rootCause().hasMessage("Vectorguard's token source 'qdrant-jwt' needs vectorguard.token.qdrant-jwt.signing-key"
            + " (or spring.ai.vectorstore.qdrant.api-key)."));
  }

  @Test
  void oauth2ClientCredentialsComeFromTheTokenEndpoint() throws Exception {
    try (MockWebServer idp = new MockWebServer()) {
      idp.start();
      idp.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body("{\"access_token\":\"at-123\",\"token_type\":\"Bearer\",\"expires_in\":600}").build());
      runner.withPropertyValues("vectorguard.token.type=oauth2",
          "vectorguard.token.oauth2.token-uri=" + idp.url("/token"),
          "vectorguard.token.oauth2.client-id=rag", "vectorguard.token.oauth2.client-secret=s3cr3t",
          "vectorguard.token.oauth2.scope=vectors:read vectors:list").run(context -> {
            Credential credential = credential(context.getBean(VectorGuard.class));
            assertThat(credential.kind()).isEqualTo(CredentialKind.OAUTH2);
            assertThat(credential.secret()).isEqualTo("at-123");
            RecordedRequest asked = idp.takeRequest();
            assertThat(asked.getHeaders().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("rag:s3cr3t".getBytes(StandardCharsets.UTF_8)));
            assertThat(asked.getBody().string(StandardCharsets.UTF_8))
                .contains("grant_type=client_credentials").contains("scope=vectors%3Aread+vectors%3Alist");
          });
    }
  }

  @Test
  void oauth2NeedsItsSecret() {
    runner.withPropertyValues("vectorguard.token.type=oauth2", "vectorguard.token.oauth2.token-uri=https://idp/token",
        "vectorguard.token.oauth2.client-id=rag").run(context -> assertThat(context).getFailure().rootCause()
        .hasMessage("Vectorguard's token source 'oauth2' needs vectorguard.token.oauth2.client-secret."));
  }

  @Test
  void aTokenFileIsReadAsItIs(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "opaque-projected-token\n");
    runner.withPropertyValues("vectorguard.token.type=file", "vectorguard.token.file.path=" + file).run(context -> {
      Credential credential = credential(context.getBean(VectorGuard.class));
      assertThat(credential.secret()).isEqualTo("opaque-projected-token");
      assertThat(credential.kind()).isEqualTo(CredentialKind.FILE);
    });
  }

  @Test
  void theFileSinkWritesAHashChainThatVerifies(@TempDir Path dir) throws Exception {
    runner.withPropertyValues("vectorguard.audit.sink=file", "vectorguard.audit.file.directory=" + dir,
        "vectorguard.audit.file.base-name=trail", "vectorguard.audit.async.enabled=true",
        "vectorguard.audit.file.flush=batch").run(context -> {
          VectorGuard guard = context.getBean(VectorGuard.class);
          GuardCalls.call(guard, GuardCalls.SEARCH_DOCS);
          GuardCalls.call(guard, GuardCalls.DELETE_DOCS);
        });
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.sorted().toList();
    }
    assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("trail-000001.jsonl");
    AuditVerifier.Result result = AuditVerifier.verify(files);
    assertThat(result.ok()).as(result.summary()).isTrue();
    assertThat(result.eventsByType()).containsEntry(AuditEvent.CALL_STARTED, 1L)
        .containsEntry(AuditEvent.CALL_COMPLETED, 1L).containsEntry(AuditEvent.CALL_REFUSED, 1L);
  }

  @Test
  void theFileSinkNeedsADirectory() {
    runner.withPropertyValues("vectorguard.audit.sink=file").run(context -> assertThat(context).getFailure()
        .rootCause().hasMessage("Vectorguard's audit sink 'file' needs vectorguard.audit.file.directory."));
  }

  @Test
  void aRejectedSinkSettingNamesTheProperty(@TempDir Path dir) {
    runner.withPropertyValues("vectorguard.audit.sink=file", "vectorguard.audit.file.directory=" + dir,
        "vectorguard.audit.file.max-size=10B").run(context -> assertThat(context).getFailure().rootCause()
        .hasMessage("Vectorguard cannot use the settings under vectorguard.audit.file: maxFileBytes must be at least"
            + " 1024, but was 10"));
  }

  @Test
  void theLoggerSinkIsTheDefault() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class))
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.policy.location=classpath:policies/docs-read.yaml")
        .run(context -> assertThat(context.getBean(dev.vectorguard.audit.AuditSink.class))
            .isInstanceOf(dev.vectorguard.audit.LoggerAuditSink.class));
  }

  @Test
  void maskingUsesTheConfiguredMarkerAndKey() {
    runner.withPropertyValues("vectorguard.mask.marker=<gone>", "vectorguard.mask.hash-key=0123456789abcdef-key")
        .run(context -> {
          var plan = context.getBean(VectorGuard.class).masking()
              .plan(List.of(MaskRule.of("email", MaskAction.REDACT), MaskRule.of("ssn", MaskAction.HASH)), false);
          Map<String, Object> masked = plan.maskRecord(Map.of("email", "a@b.io", "ssn", "123-45-6789")).record();
          assertThat(masked.get("email")).isEqualTo("<gone>");
          assertThat(masked.get("ssn")).isNotEqualTo("123-45-6789").isNotNull();
        });
  }

  @Test
  void aShortHashKeyStopsTheStartWithoutShowingIt() {
    runner.withPropertyValues("vectorguard.mask.hash-key=short-key").run(context -> assertThat(context).getFailure()
        .rootCause().hasMessageStartingWith("Vectorguard cannot use the settings under vectorguard.mask: hashKey must be")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-key")));
  }

  @Test
  void captureLevelAndLimitReachTheGuard() {
    runner.withPropertyValues("vectorguard.audit.capture=full", "vectorguard.audit.capture-limit=3KB").run(context -> {
      VectorGuard guard = context.getBean(VectorGuard.class);
      assertThat(guard.captureLevel()).isEqualTo(CaptureLevel.FULL);
      assertThat(guard.captureLimit()).isEqualTo(3072);
    });
  }
}
