package dev.vectorguard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's own server scripts ({@code scripts/chroma-server.sh},
 * {@code scripts/postgres-server.sh}) for tests, found by walking up from the working folder.
 * A script that fails or hangs makes the test fail with its output; nothing is skipped.
 */
public final class ProjectScripts {
  private ProjectScripts() {}

  /**
   * Runs {@code scripts/<script> <command>} with {@code env} added and returns what it printed.
   *
   * @param purpose who needs it, for the failure message ("the Chroma integration tests")
   * @throws IllegalStateException when it fails, does not finish in {@code timeoutSeconds}, or cannot run
   */
  public static String run(String script, String command, Map<String, String> env, long timeoutSeconds,
      String purpose) {
    String name = "scripts/" + script + " " + command;
    try {
      Path log = Files.createTempFile(script, ".log");
      ProcessBuilder builder = new ProcessBuilder("bash", find(script).toString(), command)
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "); " + purpose
            + " need it:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + name + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name, e);
    }
  }

  /** {@code scripts/<script>} in the nearest folder above the working folder that has it. */
  public static Path find(String script) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("scripts").resolve(script);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("scripts/" + script + " not found above " + Path.of("").toAbsolutePath());
  }
}
