package dev.vectorguard.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.cli.VectorguardCli;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Impact analysis on the demo's own trail: {@code vectorguard policy replay} against the demo's
 * policy changes nothing; against one that suspends the RAG service, its searches go from allow to
 * deny.
 */
class DemoReplayTest {
  @TempDir static Path dir;
  private static Path trail;
  private static String demoPolicy;

  @BeforeAll
  static void runTheDemo() throws Exception {
    trail = dir.resolve("audit");
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    int exit = Demo.run(new String[] {"--audit-dir", trail.toString()}, new PrintStream(report, true, StandardCharsets.UTF_8));
    assertThat(exit).as(report.toString(StandardCharsets.UTF_8)).isZero();
    try (InputStream in = Demo.class.getResourceAsStream("/policies/demo.yaml")) {
      demoPolicy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theDemosOwnPolicyChangesNoDecision() throws Exception {
    Replay replay = replay(demoPolicy);

    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.out()).contains(": 0 would change, ");
  }

  @Test
  void aPolicyThatSuspendsTheRagServiceDeniesItsSearches() throws Exception {
    Replay replay = replay(demoPolicy + """

          - id: rag-service-suspended
            description: The RAG service is suspended while its index is rebuilt
            when: { workload: "spiffe://demo.vectorguard.dev/ns/demo/sa/rag-*" }
            collections: ["*"]
            effect: deny
        """);

    assertThat(replay.exit()).as(replay.err()).isEqualTo(1);
    long searches = replay.out().lines().filter(l -> l.contains(DemoGuards.RAG) && l.endsWith("qdrant search [docs]"))
        .count();
    assertThat(searches).as(replay.out()).isEqualTo(2);
    assertThat(replay.out()).contains("    allow [rag-searches-own-tenant] → deny [rag-service-suspended]\n")
        .contains("  by effect:     allow → deny 2\n")
        .contains("  by workload:   " + DemoGuards.RAG + " 2\n")
        .contains("  by collection: docs 2\n");
  }

  private record Replay(int exit, String out, String err) {}

  private static Replay replay(String policy) throws Exception {
    Path file = Files.createTempFile(dir, "policy", ".yaml");
    Files.writeString(file, policy);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new VectorguardCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("policy", "replay", "--policy", file.toString(), trail.toString());
    return new Replay(exit, out.toString(), err.toString());
  }
}
