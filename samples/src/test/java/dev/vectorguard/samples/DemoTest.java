package dev.vectorguard.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README demo is itself an end-to-end test: every expectation it prints must hold. */
class DemoTest {

  @Test
  void everyExpectationOfTheDemoHolds(@TempDir Path auditDir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = Demo.run(new String[] {"--audit-dir", auditDir.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8));

    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).doesNotContain("FAIL").contains("All 23 expectations held.");
    assertThat(exit).as(report).isZero();
  }

  @Test
  void unknownOptionsAreRefusedWithUsage() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = Demo.run(new String[] {"--qdrnat", "localhost:6334"}, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(
        "vectorguard-demo: unknown option '--qdrnat'; known options are [--qdrant, --policy, --audit-dir]");
  }

  @Test
  void anInvalidPolicyStopsTheDemoWithItsErrors(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(policy, "version: 1\nrules:\n  - id: x\n    effect: permit\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = Demo.run(new String[] {"--policy", policy.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("the policy is invalid").contains("bad.yaml:4:");
  }
}
