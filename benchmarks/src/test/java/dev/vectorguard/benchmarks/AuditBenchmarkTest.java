package dev.vectorguard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditJson;
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

  @Test
  void eachOperationWritesANewEventWithTheTemplatesData() throws Exception {
    AuditEvent template = AuditBenchmark.realStartedEvent();
    AuditEvent first = AuditBenchmark.freshEvent(template);
    AuditEvent second = AuditBenchmark.freshEvent(template);
    assertThat(first).isNotSameAs(second);
    assertThat(first.id()).isNotEqualTo(second.id()).hasSameSizeAs(template.id());
    assertThat(first.callId()).isNotEqualTo(second.callId()).hasSameSizeAs(template.callId());
    assertThat(first.type()).isEqualTo(AuditEvent.CALL_STARTED);
    assertThat(first.data()).isEqualTo(template.data()).isNotSameAs(template.data());
    assertThat(AuditJson.toJson(first)).hasSizeBetween(AuditJson.toJson(template).length() - 10,
        AuditJson.toJson(template).length() + 10);
  }
}
