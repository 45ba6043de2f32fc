package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class VectorGuardFailureAnalyzerTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class))
      .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.audit.sink=none");

  @Test
  void noPolicyLocation() {
    runner.run(context -> {
      FailureAnalysis analysis = analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).isEqualTo("""
          Vectorguard is enabled but no policy is configured.

          The application was not started, so that no vector database call runs unguarded.""");
      assertThat(analysis.getAction()).isEqualTo("Set vectorguard.policy.location to the policy file (such as"
          + " classpath:vectorguard-policy.yaml or file:/etc/vectorguard/policy.yaml), or set vectorguard.enabled=false.");
    });
  }

  @Test
  void policyFileThatDoesNotExist() {
    runner.withPropertyValues("vectorguard.policy.location=classpath:nowhere/policy.yaml").run(context -> {
      FailureAnalysis analysis = analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).startsWith(
          "Vectorguard's policy classpath:nowhere/policy.yaml does not exist.\n");
      assertThat(analysis.getAction())
          .isEqualTo("Create the policy file or point vectorguard.policy.location at an existing one.");
    });
  }

  @Test
  void listsEachProblemOnItsOwnLine() {
    FailureAnalysis analysis = new VectorGuardFailureAnalyzer().analyze(new IllegalStateException("wrapped",
        new VectorGuardConfigurationException("Vectorguard's policy p.yaml is invalid (2 errors).",
            java.util.List.of("p.yaml:3:5: unknown field 'efect'", "p.yaml:9:1: rule 'x': no actions"),
            "Fix the policy.", null)));
    assertThat(analysis.getDescription()).isEqualTo("""
        Vectorguard's policy p.yaml is invalid (2 errors).
            p.yaml:3:5: unknown field 'efect'
            p.yaml:9:1: rule 'x': no actions

        The application was not started, so that no vector database call runs unguarded.""");
  }

  @Test
  void aRealApplicationDoesNotStartAndPrintsTheReport(CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .run("--vectorguard.workload.id=rag", "--vectorguard.audit.sink=none", "--spring.main.banner-mode=off"))
        .hasRootCauseInstanceOf(VectorGuardConfigurationException.class);
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("Vectorguard is enabled but no policy is configured.")
        .contains("Set vectorguard.policy.location to the policy file");
  }

  private static FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = new VectorGuardFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("analysis of %s", failure).isNotNull();
    return analysis;
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(VectorGuardAutoConfiguration.class)
  static class App {
  }
}
