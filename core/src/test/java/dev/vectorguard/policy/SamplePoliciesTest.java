package dev.vectorguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example policy shipped in {@code samples/policies/} loads. */
class SamplePoliciesTest {
  static final Path SAMPLES = Path.of("..", "samples", "policies");

  static List<Path> samplePolicies() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json"))
          .filter(f -> !f.getFileName().toString().endsWith("-cases.yaml"))
          .sorted().toList();
    }
  }

  @Test
  void everySamplePolicyIsValid() throws Exception {
    List<Path> policies = samplePolicies();
    assertThat(policies).extracting(p -> p.getFileName().toString()).contains("demo.yaml");
    for (Path file : policies) {
      CompiledPolicy policy;
      try {
        policy = PolicyLoader.load(file);
      } catch (PolicyValidationException e) {
        throw new AssertionError(file + " is not valid:\n" + e.getMessage(), e);
      }
      assertThat(policy.ruleCount()).as(file.toString()).isPositive();
    }
  }
}
