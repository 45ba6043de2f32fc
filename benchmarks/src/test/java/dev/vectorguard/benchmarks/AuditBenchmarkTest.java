package dev.vectorguard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The audit benchmark writes the engine's own call.started events into a trail that verifies. */
class AuditBenchmarkTest {

  @Test
  void writesRealEventsIntoAChainThatVerifies() throws Exception {
    AuditBenchmark bench = new AuditBenchmark();
    bench.durability = "flush-per-batch";
    bench.open();
    Path directory = bench.directory();
    for (int i = 0; i < 100; i++) {
      bench.write();
    }
    bench.drain();

    List<Path> files;
    try (Stream<Path> listed = Files.list(directory)) {
      files = listed.filter(Files::isRegularFile).sorted().toList();
    }
    List<String> lines = new java.util.ArrayList<>();
    for (Path file : files) {
      lines.addAll(Files.readAllLines(file));
    }
    assertThat(lines).filteredOn(l -> l.contains("\"type\":\"call.started\"")).hasSize(100)
        .allSatisfy(l -> assertThat(l).contains("\"workload\"", "support-read", "qdrant_jwt"));
    assertThat(AuditVerifier.verify(files).ok()).isTrue();
    bench.close();
  }
}
