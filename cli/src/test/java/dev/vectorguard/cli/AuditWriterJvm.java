package dev.vectorguard.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a test's writer in a JVM of its own (this JVM's {@code java}, this test's classpath), so
 * that the test can kill it or limit what it may write; optionally under a file-size limit.
 */
final class AuditWriterJvm {
  private AuditWriterJvm() {}

  /** Starts {@code main} with {@code args}; its stderr goes to {@code log}. */
  static Process start(Class<?> main, Path log, String... args) throws IOException {
    return start(main, log, 0, args);
  }

  /**
   * Starts {@code main} with {@code args} under {@code ulimit -f fileSizeKiB} when it is positive,
   * ignoring {@code SIGXFSZ} so that a write past the limit fails with {@code EFBIG} (the JVM's
   * {@code IOException: File too large}) as a full disk would, instead of killing the process.
   */
  static Process start(Class<?> main, Path log, long fileSizeKiB, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (fileSizeKiB > 0) {
      // $0 and $@ are the java command line below; exec keeps the limit and the ignored signal.
      command.addAll(List.of("bash", "-c", "trap '' XFSZ; ulimit -f " + fileSizeKiB + "; exec \"$0\" \"$@\""));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // No hsperfdata file: under a file-size limit the trail must be the only file the JVM writes.
    command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(log.toFile()).start();
  }
}
