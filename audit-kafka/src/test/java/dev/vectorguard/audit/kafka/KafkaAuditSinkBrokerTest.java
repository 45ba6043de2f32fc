package dev.vectorguard.audit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.audit.AsyncAuditSink;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditEvents;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.audit.kafka.testing.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink against a real single-node KRaft broker in its own JVM, which the tests kill and restart. */
class KafkaAuditSinkBrokerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static KafkaBroker broker;

  @TempDir static Path brokerDir;
  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws IOException {
    broker = KafkaBroker.start(brokerDir);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static String newTopic(int partitions) throws IOException {
    String topic = "audit-" + TOPICS.incrementAndGet();
    broker.createTopic(topic, partitions);
    return topic;
  }

  private KafkaAuditSink.Builder sink(String topic, String instance, Path spool) {
    return KafkaAuditSink.builder(topic, instance)
        .bootstrapServers(broker.bootstrapServers())
        .closeTimeout(Duration.ofSeconds(30))
        .spool(HashChainFileSink.builder(spool).durability(Durability.flushEachBatch()).maxFileBytes(64 << 10));
  }

  private static AuditEvent event(String instance, int seq) {
    return AuditEvents.create(AuditEvent.CALL_STARTED, instance + "-" + seq, Instant.ofEpochSecond(1_700_000_000L + seq),
        Map.of("instance", instance, "seq", seq, "padding", "x".repeat(200)));
  }

  /** Writes events {@code from} to {@code to} (exclusive) and waits until the broker has them all. */
  private static void writeDelivered(KafkaAuditSink sink, String instance, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      sink.write(event(instance, i));
    }
    assertThat(sink.awaitDelivery(Duration.ofSeconds(60))).isTrue();
  }

  private static byte[] spoolBytes(Path spool) throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(spool)) {
      files = entries.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (Path file : files) {
      all.write(Files.readAllBytes(file));
    }
    return all.toByteArray();
  }

  private static List<Integer> seqs(Path file) throws IOException {
    List<Integer> seqs = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode data = JSON.readTree(line).path("data");
      if (data.has("seq")) {
        seqs.add(data.get("seq").asInt());
      }
    }
    return seqs;
  }

  @Test
  void eachRecordIsTheSpoolLineKeyedByTheInstanceAndTheChainVerifies() throws Exception {
    String topic = newTopic(3);
    Path spool = dir.resolve("spool");
    try (KafkaAuditSink sink = sink(topic, "guard-a", spool).open()) {
      writeDelivered(sink, "guard-a", 0, 500);
      assertThat(sink.delivered()).isEqualTo(500);
      assertThat(sink.lastError()).isNull();
    }
    List<KafkaTrails.Instance> instances = KafkaTrails.dump(broker.bootstrapServers(), topic, Map.of(), dir.resolve("dump"));
    assertThat(instances).singleElement().satisfies(instance -> {
      assertThat(instance.id()).isEqualTo("guard-a");
      assertThat(instance.records()).isEqualTo(500);
      assertThat(instance.partitions()).hasSize(1);
    });
    Path dumped = instances.get(0).file();
    assertThat(Files.readAllBytes(dumped)).isEqualTo(spoolBytes(spool)); // across the spool's rotated files
    assertThat(AuditVerifier.verify(List.of(dumped)).summary()).isEqualTo("OK 500 events");
    assertThat(seqs(dumped)).isSorted().hasSize(500);
    assertThat(SpoolPosition.read(SpoolPosition.markerFile(spool, "audit"))).isNotNull();
  }

  @Test
  void brokerKilledAndRestartedMidRunLosesAndDuplicatesNothingAndKeepsEachInstancesOrder() throws Exception {
    String topic = newTopic(2);
    int instances = 3;
    int perPhase = 400;
    List<KafkaAuditSink> kafkaSinks = new ArrayList<>();
    List<AuditSink> sinks = new ArrayList<>();
    for (int n = 0; n < instances; n++) {
      KafkaAuditSink kafka = sink(topic, "guard-" + n, dir.resolve("spool-" + n)).open();
      kafkaSinks.add(kafka);
      sinks.add(AsyncAuditSink.builder(kafka).capacity(1024).build());
    }
    int seq = 0;
    for (; seq < perPhase; seq++) {
      for (int n = 0; n < instances; n++) {
        sinks.get(n).write(event("guard-" + n, seq));
      }
    }
    broker.kill(); // mid-run: some events acknowledged, some in flight, the rest still to come
    for (; seq < 2 * perPhase; seq++) {
      for (int n = 0; n < instances; n++) {
        sinks.get(n).write(event("guard-" + n, seq)); // accepted: spooled while the broker is away
      }
    }
    for (AuditSink sink : sinks) {
      sink.flush();
    }
    long deliveredWhileDown = kafkaSinks.stream().mapToLong(KafkaAuditSink::delivered).sum();
    assertThat(deliveredWhileDown).isLessThan((long) instances * 2 * perPhase);
    broker.restart();
    for (; seq < 3 * perPhase; seq++) {
      for (int n = 0; n < instances; n++) {
        sinks.get(n).write(event("guard-" + n, seq));
      }
    }
    for (int n = 0; n < instances; n++) {
      sinks.get(n).flush();
      assertThat(kafkaSinks.get(n).awaitDelivery(Duration.ofSeconds(120))).as("guard-" + n + " delivered").isTrue();
      sinks.get(n).close();
    }

    List<KafkaTrails.Instance> read = KafkaTrails.dump(broker.bootstrapServers(), topic, Map.of(), dir.resolve("dump"));
    assertThat(read).extracting(KafkaTrails.Instance::id).containsExactlyInAnyOrder("guard-0", "guard-1", "guard-2");
    for (KafkaTrails.Instance instance : read) {
      AuditVerifier.Result result = AuditVerifier.verify(List.of(instance.file()));
      assertThat(result.summary()).as(instance.id()).isEqualTo("OK " + 3 * perPhase + " events");
      List<Integer> expected = java.util.stream.IntStream.range(0, 3 * perPhase).boxed().toList();
      assertThat(seqs(instance.file())).as(instance.id() + " in order, each once").isEqualTo(expected);
      assertThat(instance.partitions()).hasSize(1);
      Path spool = dir.resolve("spool-" + instance.id().substring("guard-".length()));
      assertThat(Files.readAllBytes(instance.file())).isEqualTo(spoolBytes(spool));
    }
  }

  @Test
  void whatWasSpooledWhileTheBrokerWasDownIsDeliveredByTheNextStartFirstAndOnce() throws Exception {
    String topic = newTopic(1);
    Path spool = dir.resolve("spool");
    try (KafkaAuditSink sink = sink(topic, "guard-r", spool).open()) {
      writeDelivered(sink, "guard-r", 0, 100);
    }
    broker.stop(); // a clean stop this time
    try (KafkaAuditSink sink = sink(topic, "guard-r", spool).closeTimeout(Duration.ofMillis(200)).open()) {
      for (int i = 100; i < 200; i++) {
        sink.write(event("guard-r", i)); // the broker is away: spooled, and the call is not refused
      }
      assertThat(sink.awaitDelivery(Duration.ofMillis(500))).isFalse();
    }
    broker.restart();
    // The marker is lost as in a crash right after delivery: the partition says what is there.
    Files.delete(SpoolPosition.markerFile(spool, "audit"));
    try (KafkaAuditSink sink = sink(topic, "guard-r", spool).open()) {
      writeDelivered(sink, "guard-r", 200, 250);
    }
    Path dumped = KafkaTrails.dump(broker.bootstrapServers(), topic, Map.of(), dir.resolve("dump")).get(0).file();
    assertThat(AuditVerifier.verify(List.of(dumped)).summary()).isEqualTo("OK 250 events");
    assertThat(seqs(dumped)).isEqualTo(java.util.stream.IntStream.range(0, 250).boxed().toList());
    assertThat(Files.readAllBytes(dumped)).isEqualTo(spoolBytes(spool));
  }

  @Test
  void aSpoolWithNothingLeftToDeliverIsDeliveredAtOnce() throws Exception {
    String topic = newTopic(1);
    Path spool = dir.resolve("spool");
    try (KafkaAuditSink sink = sink(topic, "guard-e", spool).open()) {
      assertThat(sink.awaitDelivery(Duration.ZERO)).as("nothing written yet").isTrue();
      writeDelivered(sink, "guard-e", 0, 3);
    }
    try (KafkaAuditSink sink = sink(topic, "guard-e", spool).open()) {
      // A new, empty spool file after one whose every line is in the topic.
      assertThat(sink.awaitDelivery(Duration.ofSeconds(30))).isTrue();
      assertThat(sink.delivered()).isZero();
    }
  }

  @Test
  void aTamperedRecordIsDetected() throws Exception {
    String topic = newTopic(1);
    try (KafkaAuditSink sink = sink(topic, "guard-t", dir.resolve("spool")).open()) {
      writeDelivered(sink, "guard-t", 0, 10);
    }
    // Someone with write access to the topic appends a forged event under the instance's key.
    Path forged = dir.resolve("forged");
    try (KafkaAuditSink sink = sink(topic, "guard-t", forged).open()) {
      writeDelivered(sink, "guard-t", 99, 100);
    }
    KafkaTrails.Instance instance = KafkaTrails.dump(broker.bootstrapServers(), topic, Map.of(), dir.resolve("dump"))
        .get(0);
    AuditVerifier.Result result = AuditVerifier.verify(List.of(instance.file()));
    assertThat(result.ok()).isFalse();
    assertThat(result.events()).isEqualTo(10);
    assertThat(result.problem().kind()).isEqualTo(AuditVerifier.Kind.MISSING);
    assertThat(instance.locate(result.problem().line())).isEqualTo("partition 0 offset 10");
  }

  @Test
  void whenTheSpoolFailsEventsGoStraightToTheBrokerAndTheChainGoesOn() throws Exception {
    String topic = newTopic(1);
    Path spool = dir.resolve("spool");
    KafkaAuditSink sink = KafkaAuditSink.builder(topic, "guard-f").bootstrapServers(broker.bootstrapServers())
        .spool(HashChainFileSink.builder(spool).durability(Durability.flushEachEvent()).maxFileBytes(1024))
        .closeTimeout(Duration.ofSeconds(30)).open();
    KafkaAuditModeTest.breakSpool(sink); // after two or three events the spool cannot rotate
    for (int i = 0; i < 20; i++) {
      sink.write(event("guard-f", i)); // none refused: the broker takes what the spool cannot
    }
    assertThat(sink.awaitDelivery(Duration.ofSeconds(30))).isTrue();
    sink.close();
    assertThat(Files.size(spool.resolve("audit-000001.jsonl"))).isLessThan(1024);
    Path dumped = KafkaTrails.dump(broker.bootstrapServers(), topic, Map.of(), dir.resolve("dump")).get(0).file();
    assertThat(AuditVerifier.verify(List.of(dumped)).summary()).isEqualTo("OK 20 events");
    assertThat(seqs(dumped)).isEqualTo(java.util.stream.IntStream.range(0, 20).boxed().toList());
  }
}
