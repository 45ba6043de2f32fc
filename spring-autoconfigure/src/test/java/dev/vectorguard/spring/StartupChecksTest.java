package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.policy.ReloadingPolicy;
import dev.vectorguard.spring.actuate.VectorGuardEndpoint;
import dev.vectorguard.spring.actuate.VectorGuardEndpointAutoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the guard could only refuse at a call is refused when the application starts: a hash mask
 * without a hash key, a Qdrant signing key too short for HS256; and a reload that brings a hash
 * mask is rejected while the application runs.
 */
class StartupChecksTest {
  private static final String HASH_ERROR = "rule 'rag-reads-people': mask field 'customer.email' uses hash, but no"
      + " hash key is configured (MaskSettings.builder().hashKey(...))";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
          VectorGuardEndpointAutoConfiguration.class))
      .withPropertyValues("vectorguard.workload.id=spiffe://acme.io/sa/rag", "vectorguard.audit.sink=none",
          "management.endpoints.web.exposure.include=vectorguard");

  @TempDir Path dir;

  @Test
  void aHashMaskWithoutAHashKeyStopsTheStartNamingTheRuleAndField() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:policies/hashes-emails.yaml").run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis analysis = new VectorGuardFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).isEqualTo("""
          Vectorguard cannot apply the mask rules of its policy with the configured masking (1 error):
              classpath:policies/hashes-emails.yaml:3:5: %s

          The application was not started, so that no vector database call runs unguarded.""".formatted(HASH_ERROR));
      assertThat(analysis.getAction()).startsWith("Set vectorguard.mask.hash-key (at least 16 bytes, from a secret"
          + " store) for hash masks, or change the policy's masks");
    });
    runner.withPropertyValues("vectorguard.policy.location=classpath:policies/hashes-emails.yaml",
        "vectorguard.mask.hash-key=a-hash-key-of-at-least-16-bytes")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(VectorGuard.class));
  }

  @Test
  void aQdrantSigningKeyTooShortForHs256StopsTheStartWithoutShowingIt() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:policies/docs-read.yaml",
        "vectorguard.token.type=qdrant-jwt", "vectorguard.token.qdrant-jwt.signing-key=sixteen-byte-key")
        .run(context -> assertThat(context).getFailure().rootCause()
            .isInstanceOf(VectorGuardConfigurationException.class)
            .hasMessageStartingWith("Vectorguard cannot use the settings under vectorguard.token.qdrant-jwt: the"
                + " Qdrant API key from value:fp:")
            .hasMessageEndingWith(" must be at least 32 bytes (HS256 needs a key of 256 bits), but was 16 bytes")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sixteen-byte-key")));
  }

  @Test
  void aReloadThatBringsAHashMaskIsRejectedAndThePolicyInForceStays() throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "version: 1\nrules:\n  - id: rag-reads-docs\n    collections: [docs]\n"
        + "    actions: [read]\n    effect: allow\n");
    // vectorguard.mode wraps the policy: the requirement must still reach the reloading policy.
    runner.withPropertyValues("vectorguard.policy.location=file:" + file, "vectorguard.policy.reload=true",
        "vectorguard.policy.reload-interval=1h", "vectorguard.mode=enforce").run(context -> {
          ReloadingPolicy policy = context.getBean(ReloadingPolicy.class);
          String inForce = policy.version();

          Files.copy(Path.of(getClass().getResource("/policies/hashes-emails.yaml").toURI()), file,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          assertThat(policy.reloadNow()).isFalse();

          assertThat(policy.version()).isEqualTo(inForce);
          assertThat(GuardCalls.call(context.getBean(VectorGuard.class), GuardCalls.SEARCH_DOCS)).isTrue();
          VectorGuardEndpoint.PolicyDescriptor shown = context.getBean(VectorGuardEndpoint.class).vectorguard().policy();
          assertThat(shown.load().state()).isEqualTo("rejected");
          assertThat(shown.load().detail()).isEqualTo("rejected " + file + ": " + file + ":3:5: " + HASH_ERROR);
        });
  }
}
