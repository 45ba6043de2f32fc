package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditEvents;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.audit.kafka.KafkaAuditSink;
import dev.vectorguard.audit.kafka.testing.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify --kafka-bootstrap} and {@code audit dump} against a real broker. */
class AuditKafkaCommandTest {
  private static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");
  private static KafkaBroker broker;

  @TempDir static Path shared;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    broker = KafkaBroker.start(shared.resolve("broker"));
    broker.createTopic("audit", 2);
    for (String instance : List.of("rag-api-0", "rag-api-1")) {
      try (KafkaAuditSink sink = KafkaAuditSink.builder("audit", instance).bootstrapServers(broker.bootstrapServers())
          .spool(HashChainFileSink.builder(shared.resolve("spool-" + instance))).open()) {
        for (int i = 0; i < 20; i++) {
          sink.write(AuditEvents.create(AuditEvent.CALL_STARTED, "call_" + i, T0.plusSeconds(i), Map.of("i", i)));
        }
        assertThat(sink.awaitDelivery(Duration.ofSeconds(60))).isTrue();
      }
    }
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void verifiesEachInstancesChainInTheTopic() {
    CliRun run = CliRun.of("audit", "verify", "--kafka-bootstrap", broker.bootstrapServers(), "--topic", "audit");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("(?m)^rag-api-0: OK 20 events \\(partition \\d\\), head [0-9a-f]{64}$")
        .containsPattern("(?m)^rag-api-1: OK 20 events \\(partition \\d\\), head [0-9a-f]{64}$");
  }

  @Test
  void dumpWritesTrailFilesThatVerifyAlone() throws IOException {
    CliRun dump = CliRun.of("audit", "dump", "--kafka-bootstrap", broker.bootstrapServers(), "--topic", "audit",
        "--out", dir.toString());
    assertThat(dump.exitCode()).as(dump.err()).isZero();
    assertThat(dump.out()).contains("rag-api-0: 20 records in partitions [");
    CliRun verify = CliRun.of("audit", "verify", dir.resolve("rag-api-1.jsonl").toString());
    assertThat(verify.exitCode()).isZero();
    assertThat(verify.out()).startsWith("OK 20 events\n");
  }

  @Test
  void aForgedRecordIsLocatedByPartitionAndOffset() throws IOException {
    broker.createTopic("tampered", 1);
    try (KafkaAuditSink sink = KafkaAuditSink.builder("tampered", "guard-x").bootstrapServers(broker.bootstrapServers())
        .spool(HashChainFileSink.builder(dir.resolve("spool"))).open()) {
      for (int i = 0; i < 5; i++) {
        sink.write(AuditEvents.create(AuditEvent.CALL_STARTED, "call_" + i, T0.plusSeconds(i), Map.of("i", i)));
      }
      assertThat(sink.awaitDelivery(Duration.ofSeconds(60))).isTrue();
    }
    // An edited copy of the last event, appended under the instance's key by someone who can write the topic.
    List<String> lines = Files.readAllLines(dir.resolve("spool").resolve("audit-000001.jsonl"));
    String edited = lines.get(4).replace("\"i\":4", "\"i\":5");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      producer.send(new ProducerRecord<>("tampered", "guard-x".getBytes(StandardCharsets.UTF_8),
          edited.getBytes(StandardCharsets.UTF_8)));
    }
    CliRun run = CliRun.of("audit", "verify", "--kafka-bootstrap", broker.bootstrapServers(), "--topic", "tampered");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith("guard-x: edited at partition 0 offset 5 (record 6 of the instance): "
        + "the line does not match its hash")
        .contains("guard-x: 5 events before it are intact; last intact hash ");
  }

  @Test
  void anUnreachableBrokerIsAnErrorThatSaysSo() {
    String away = KafkaBroker.unreachableBootstrapServers();
    CliRun run = CliRun.of("audit", "verify", "--kafka-bootstrap", away, "--topic", "audit",
        "--kafka-option", "default.api.timeout.ms=1000");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("vectorguard audit verify: cannot read the audit topic audit from " + away + ": ");
  }

  @Test
  void aMissingTopicOrHalfTheOptionsIsAnError() {
    CliRun missing = CliRun.of("audit", "verify", "--kafka-bootstrap", broker.bootstrapServers(), "--topic", "nope");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("vectorguard audit verify: ").contains("nope");
    CliRun half = CliRun.of("audit", "verify", "--topic", "audit");
    assertThat(half.exitCode()).isEqualTo(2);
    assertThat(half.err()).isEqualTo("vectorguard audit verify: --kafka-bootstrap and --topic go together\n");
    CliRun both = CliRun.of("audit", "verify", "x.jsonl", "--kafka-bootstrap", broker.bootstrapServers(),
        "--topic", "audit");
    assertThat(both.err()).isEqualTo("vectorguard audit verify: give FILE arguments or --kafka-bootstrap, not both\n");
    CliRun unknown = CliRun.of("audit", "dump", "--kafka-bootstrap", broker.bootstrapServers(), "--topic", "audit",
        "--out", dir.toString(), "--kafka-option", "bogus=1");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("vectorguard audit dump: unknown Kafka consumer option 'bogus'\n");
    CliRun none = CliRun.of("audit", "verify");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).isEqualTo(
        "vectorguard audit verify: give audit files or directories, or --kafka-bootstrap and --topic\n");
  }
}
