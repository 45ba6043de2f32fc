package dev.vectorguard.benchmarks;

import dev.vectorguard.audit.AsyncAuditSink;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.audit.kafka.KafkaAuditSink;
import dev.vectorguard.audit.kafka.testing.KafkaBroker;
import dev.vectorguard.audit.kafka.KafkaTrails;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A measured run, not a JMH benchmark: N events (100,000 by default) through one
 * {@link KafkaAuditSink} (behind an {@link AsyncAuditSink}, spool flushed per batch) to a real
 * single-node KRaft broker started on loopback in its own JVM. Reports the rate at which the
 * caller's events were accepted, the end-to-end rate until the broker acknowledged the last one,
 * and checks the topic: every event there once, the chain intact.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vectorguard.benchmarks.KafkaAuditThroughput [EVENTS] [OUT.md]
 * </pre>
 */
public final class KafkaAuditThroughput {
  private KafkaAuditThroughput() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/results/kafka-audit.md");
    Path work = Files.createTempDirectory("vectorguard-kafka-bench");
    AuditEvent template = AuditBenchmark.realStartedEvent();
    long brokerStart = System.nanoTime();
    try (KafkaBroker broker = KafkaBroker.start(work.resolve("broker"))) {
      double brokerSeconds = (System.nanoTime() - brokerStart) / 1e9;
      broker.createTopic("audit", 3);
      KafkaAuditSink kafka = KafkaAuditSink.builder("audit", "bench-0").bootstrapServers(broker.bootstrapServers())
          .spool(HashChainFileSink.builder(work.resolve("spool")).durability(Durability.flushEachBatch()))
          .closeTimeout(Duration.ofMinutes(5)).open();
      AsyncAuditSink sink = AsyncAuditSink.builder(kafka).capacity(8192).overflow(AsyncAuditSink.Overflow.BLOCK).build();
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        sink.write(AuditBenchmark.freshEvent(template));
      }
      sink.flush();
      double accepted = (System.nanoTime() - start) / 1e9;
      if (!kafka.awaitDelivery(Duration.ofMinutes(5))) {
        throw new IllegalStateException("not delivered within 5 minutes: " + kafka.lastError());
      }
      double delivered = (System.nanoTime() - start) / 1e9;
      sink.close();
      long lineBytes = Files.size(kafka.spool().currentFile());
      List<KafkaTrails.Instance> read = KafkaTrails.dump(broker.bootstrapServers(), "audit", Map.of(),
          work.resolve("dump"));
      AuditVerifier.Result result = AuditVerifier.verify(List.of(read.get(0).file()));
      if (!result.ok() || result.events() != events || read.size() != 1) {
        throw new IllegalStateException("the topic does not hold the " + events + " events once: " + result.summary());
      }
      String report = String.join("\n",
          "# Kafka audit sink throughput",
          "",
          "`java -cp benchmarks/target/benchmarks.jar dev.vectorguard.benchmarks.KafkaAuditThroughput " + events + "`",
          "",
          "| what | value |",
          "|---|---|",
          "| events (one producer, one instance, realistic `call.started`) | " + events + " |",
          "| mean line size | " + lineBytes / events + " bytes |",
          "| accepted by the sink (spooled, chained, flushed per batch) | "
              + rate(events, accepted) + " events/s (" + seconds(accepted) + ") |",
          "| acknowledged by the broker (acks=all, idempotent, lz4) | "
              + rate(events, delivered) + " events/s (" + seconds(delivered) + ") |",
          "| verified from the topic | " + result.summary() + " |",
          "| broker start (format + KRaft start, separate JVM) | " + seconds(brokerSeconds) + " |",
          "| machine | " + Runtime.getRuntime().availableProcessors() + " cpus, load average "
              + MachineInfo.loadAverage() + " |",
          "");
      System.out.print(report);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report, StandardCharsets.UTF_8);
    }
  }

  private static String rate(long events, double seconds) {
    return String.format(Locale.ROOT, "%,.0f", events / seconds);
  }

  private static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.2f s", seconds);
  }
}
