package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged {@code vectorguard.jar} as a user does ({@code java -jar}) and checks that
 * {@code --version} prints the version Maven built, read from the jar's manifest.
 */
class VersionJarIT {

  @Test
  void packagedJarPrintsTheBuiltVersion() throws Exception {
    String built = System.getProperty("vectorguard.version");
    assertThat(built).as("failsafe passes the project version").isNotBlank();
    Path jar = Path.of("target", "vectorguard.jar");
    assertThat(jar).exists();

    assertThat(run(jar, "--version")).isEqualTo("vectorguard " + built + "\n");
  }

  private static String run(Path jar, String... args) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI exits").isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
