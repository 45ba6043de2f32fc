package dev.vectorguard.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    assertThat(report).doesNotContain("FAIL").contains("All 24 expectations held.")
        .contains("approval user:dana (group:dba), in a second process:");
    assertThat(exit).as(report).isZero();
  }

  @Test
  void everyExpectationHoldsAgainstARealChroma(@TempDir Path auditDir) throws Exception {
    Path runDir = Path.of("target", "chroma-demo-run").toAbsolutePath();
    Map<String, String> env = Map.of("CHROMA_PORT", String.valueOf(freePort()),
        "CHROMA_RUN_DIR", runDir.toString(), "CHROMA_DATA", runDir.resolve("data").toString());
    chromaServer("stop", env); // a server left behind by a test JVM that died
    try {
      String started = chromaServer("start", env);
      String url = started.lines().filter(l -> l.startsWith("CHROMA_URL=")).map(l -> l.substring(11)).findFirst()
          .orElseThrow(() -> new AssertionError("scripts/chroma-server.sh printed no CHROMA_URL:\n" + started));
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      int exit = Demo.run(new String[] {"--chroma", url, "--audit-dir", auditDir.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8));

      String report = out.toString(StandardCharsets.UTF_8);
      assertThat(report).doesNotContain("FAIL").contains("the Chroma server at " + url)
          .contains("All 26 expectations held.");
      assertThat(exit).as(report).isZero();
    } finally {
      chromaServer("stop", env);
    }
  }

  @Test
  void qdrantAndChromaExcludeEachOther() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = Demo.run(new String[] {"--qdrant", "localhost:6334", "--chroma", "http://localhost:8000"},
        new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(
        "vectorguard-demo: --qdrant and --chroma exclude each other\nusage: java -jar vectorguard-demo.jar "
            + "[--qdrant HOST:PORT | --chroma URL] [--policy FILE] [--audit-dir DIR]");
  }

  @Test
  void aChromaUrlThatIsNotOneIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = Demo.run(new String[] {"--chroma", "127.0.0.1:8000"}, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("vectorguard-demo: --chroma needs an http(s) URL "
        + "such as http://127.0.0.1:8765, got '127.0.0.1:8000'");
  }

  @Test
  void aChromaThatDoesNotAnswerStopsTheDemoWithAClearError(@TempDir Path auditDir) throws Exception {
    String url = "http://127.0.0.1:" + freePort();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = Demo.run(new String[] {"--chroma", url, "--audit-dir", auditDir.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(
        "vectorguard-demo: could not set up the demo data on Chroma at " + url + "/: ");
  }

  @Test
  void unknownOptionsAreRefusedWithUsage() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = Demo.run(new String[] {"--qdrnat", "localhost:6334"}, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(
        "vectorguard-demo: unknown option '--qdrnat'; known options are [--qdrant, --chroma, --policy, --audit-dir]");
  }

  @Test
  void anInvalidPolicyStopsTheDemoWithItsErrors(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("bad.yaml");
    Files.writeString(policy, "version: 1\nrules:\n  - id: x\n    effect: permit\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = Demo.run(new String[] {"--policy", policy.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("the policy is invalid").contains("bad.yaml:4:");
  }

  /**
   * Runs {@code scripts/chroma-server.sh command} (the test runs in {@code samples/}); the install
   * folder is the script's default, shared with the other modules' Chroma tests. Fails with the
   * script's output when it does not succeed.
   */
  private static String chromaServer(String command, Map<String, String> env) throws Exception {
    Path log = Files.createTempFile("chroma-server", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder("bash", Path.of("..", "scripts", "chroma-server.sh").toString(),
          command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("scripts/chroma-server.sh " + command + " did not finish in 300 s:\n"
            + Files.readString(log));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError("scripts/chroma-server.sh " + command + " failed (exit " + process.exitValue()
            + "); the Chroma demo test needs it:\n" + output);
      }
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
