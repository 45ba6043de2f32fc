package dev.vectorguard.cli;

import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.audit.kafka.KafkaTrails;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code audit verify --kafka-bootstrap … --topic …}: each instance's chain in the topic is
 * verified as a trail of its own, starting at the genesis; a broken one is located by partition
 * and offset.
 */
final class AuditKafkaVerification {
  private AuditKafkaVerification() {}

  /** Exit code 0 when every chain is intact, 1 when one is not, 2 when the topic cannot be read. */
  static int run(AuditKafkaOptions kafka, @Nullable Path dump, String from, byte @Nullable [] key, PrintWriter out,
      PrintWriter err) {
    Path directory = dump;
    try {
      if (directory == null) {
        directory = Files.createTempDirectory("vectorguard-kafka-verify");
      }
      List<KafkaTrails.Instance> instances = kafka.dump(directory);
      if (instances.isEmpty()) {
        err.println("vectorguard audit verify: the topic " + kafka.topic + " holds no audit records");
        return 2;
      }
      boolean ok = true;
      for (KafkaTrails.Instance instance : instances) {
        AuditVerifier.Result result = AuditVerifier.verify(List.of(instance.file()), from, null, key);
        String where = instance.partitions().size() == 1 ? "partition " + instance.partitions().iterator().next()
            : "partitions " + instance.partitions() + ": its records are spread over several partitions, so their order is lost";
        if (result.ok()) {
          out.println(instance.id() + ": " + result.summary() + " (" + where + "), head " + result.head());
        } else {
          ok = false;
          AuditVerifier.Problem problem = result.problem();
          out.println(instance.id() + ": " + problem.kind().name().toLowerCase(java.util.Locale.ROOT) + " at "
              + instance.locate(problem.line()) + " (record " + problem.line() + " of the instance): " + problem.detail());
          out.println(instance.id() + ": " + result.events() + " events before it are intact; last intact hash "
              + result.head());
        }
      }
      out.flush();
      return ok ? 0 : 1;
    } catch (IOException | IllegalArgumentException e) {
      err.println("vectorguard audit verify: " + e.getMessage());
      return 2;
    } finally {
      if (dump == null && directory != null) {
        delete(directory);
      }
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // A temporary copy left behind is harmless; the verdict stands.
    }
  }
}
