package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.approval.ApprovalService;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.policy.ReloadingPolicy;
import dev.vectorguard.spring.internal.PolicyReloadScheduler;
import dev.vectorguard.spring.actuate.VectorGuardEndpoint;
import dev.vectorguard.spring.actuate.VectorGuardEndpointAutoConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PolicyLoadingTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
          VectorGuardEndpointAutoConfiguration.class))
      .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.audit.sink=none",
          "management.endpoints.web.exposure.include=vectorguard");

  @Test
  void loadsAPolicyFromTheClassPath() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:policies/docs-read.yaml").run(context -> {
      assertThat(context.getBean(Policy.class)).isInstanceOf(CompiledPolicy.class);
      VectorGuard guard = context.getBean(VectorGuard.class);
      assertThat(GuardCalls.call(guard, GuardCalls.SEARCH_DOCS)).isTrue();
      assertThat(GuardCalls.call(guard, GuardCalls.DELETE_DOCS)).isFalse();
      VectorGuardEndpoint.PolicyDescriptor policy = context.getBean(VectorGuardEndpoint.class).vectorguard().policy();
      assertThat(policy.rules()).isEqualTo(2);
      assertThat(policy.mode()).isEqualTo("enforce");
      assertThat(policy.version()).startsWith("sha256:").isEqualTo(guard.policy().version());
    });
  }

  @Test
  void loadsAPolicyFromAFileByPathOrFileUrl(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "version: 1\nmode: monitor\nrules: []\n");
    runner.withPropertyValues("vectorguard.policy.location=" + file).run(context -> {
      assertThat(context.getBean(Policy.class).mode()).isEqualTo(PolicyMode.MONITOR);
      assertThat(context.getBean(VectorGuardEndpoint.class).vectorguard().policy().rules()).isZero();
    });
    runner.withPropertyValues("vectorguard.policy.location=" + file.toUri())
        .run(context -> assertThat(context.getBean(Policy.class).mode()).isEqualTo(PolicyMode.MONITOR));
  }

  @Test
  void theModePropertyKeepsTheRuleCountVisible() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:policies/docs-read.yaml",
        "vectorguard.mode=monitor").run(context -> {
          VectorGuardEndpoint.PolicyDescriptor policy = context.getBean(VectorGuardEndpoint.class).vectorguard().policy();
          assertThat(policy.mode()).isEqualTo("monitor");
          assertThat(policy.rules()).isEqualTo(2);
        });
  }

  @Test
  void anInvalidPolicyStopsTheStartAndListsEveryError() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:policies/invalid.yaml").run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis analysis = new VectorGuardFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).isEqualTo("""
          Vectorguard's policy classpath:policies/invalid.yaml is invalid (3 errors):
              classpath:policies/invalid.yaml:4:5: rule 'r1': unknown key 'colections'; allowed keys: id, \
          description, when, backends, databases, collections, actions, operations, effect, obligations, approval
              classpath:policies/invalid.yaml:5:13: rule 'r1': effect must be one of allow, deny, approve, but \
          was 'permit'
              classpath:policies/invalid.yaml:6:5: rule 2 has no 'id'; every rule needs a unique id

          The application was not started, so that no vector database call runs unguarded.""");
      assertThat(analysis.getAction()).isEqualTo("Fix the policy (check it with 'vectorguard policy check <file>'),"
          + " or point vectorguard.policy.location at a valid one.");
    });
  }

  @Test
  void aMissingPolicyFileStopsTheStart(@TempDir Path dir) {
    runner.withPropertyValues("vectorguard.policy.location=" + dir.resolve("absent.yaml")).run(context -> {
      FailureAnalysis analysis = new VectorGuardFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).startsWith("Vectorguard's policy " + dir.resolve("absent.yaml")
          + " does not exist.\n");
    });
  }

  @Test
  void aReloadingPolicySwapsInValidChangesAndKeepsThePolicyOnABadOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "version: 1\nrules:\n  - id: r1\n    collections: [docs]\n    actions: [read]\n"
        + "    effect: allow\n");
    runner.withPropertyValues("vectorguard.policy.location=file:" + file, "vectorguard.policy.reload=true",
        "vectorguard.policy.reload-interval=1h").run(context -> {
          assertThat(context).hasSingleBean(PolicyReloadScheduler.class);
          ReloadingPolicy policy = context.getBean(ReloadingPolicy.class);
          VectorGuardEndpoint endpoint = context.getBean(VectorGuardEndpoint.class);
          VectorGuard guard = context.getBean(VectorGuard.class);
          assertThat(GuardCalls.call(guard, GuardCalls.SEARCH_DOCS)).isTrue();
          String first = policy.version();

          Files.writeString(file, "version: 1\nrules: []\n");
          assertThat(policy.reloadNow()).isTrue();
          assertThat(guard.policy().version()).isNotEqualTo(first);
          assertThat(endpoint.vectorguard().policy().rules()).isZero();
          assertThat(GuardCalls.call(guard, GuardCalls.SEARCH_DOCS)).isFalse();

          Files.writeString(file, "version: 1\nrules: [ { id: x, effect: permit } ]\n");
          assertThat(policy.reloadNow()).isFalse();
          VectorGuardEndpoint.PolicyDescriptor shown = endpoint.vectorguard().policy();
          assertThat(shown.rules()).isZero();
          assertThat(shown.load().state()).isEqualTo("rejected");
          assertThat(shown.load().detail()).isEqualTo("rejected " + file + ": " + file
              + ":2:27: rule 'x': effect must be one of allow, deny, approve, but was 'permit'");
        });
  }

  @Test
  void onlyAFileCanBeReloaded() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:org/springframework/boot/SpringApplication.class",
        "vectorguard.policy.reload=true").run(context -> assertThat(context).getFailure().rootCause()
        .hasMessage("Vectorguard's policy classpath:org/springframework/boot/SpringApplication.class cannot be"
            + " reloaded: it is not a file on the file system."));
  }

  @Test
  void withoutReloadThereIsNoPollingThread() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:policies/docs-read.yaml")
        .run(context -> assertThat(context).doesNotHaveBean(PolicyReloadScheduler.class));
  }

  @Test
  void anApprovalServiceBeanGrantsWhatThePolicySendsForApproval() {
    ApplicationContextRunner approvals = runner
        .withPropertyValues("vectorguard.policy.location=classpath:policies/writes-need-approval.yaml");
    approvals.run(context -> assertThat(GuardCalls.call(context.getBean(VectorGuard.class), GuardCalls.DELETE_DOCS))
        .isFalse());
    approvals.withBean(ApprovalService.class, () -> request -> ApprovalStatus.granted("grant-1", "approved by dba"))
        .run(context -> assertThat(GuardCalls.call(context.getBean(VectorGuard.class), GuardCalls.DELETE_DOCS))
            .isTrue());
  }

  @Test
  void aPolicyBeanWinsOverTheLocation() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:policies/invalid.yaml")
        .withBean(Policy.class, () -> TestPolicies.docsReadOnly(PolicyMode.ENFORCE))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(VectorGuard.class));
  }
}
