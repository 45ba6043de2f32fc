package dev.vectorguard.cli;

import dev.vectorguard.audit.kafka.KafkaTrails;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that read audit chains back from a Kafka topic, shared by {@code audit verify} and {@code audit dump}. */
final class AuditKafkaOptions {
  @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
      description = "Read the chains from a Kafka topic (written by the Kafka audit sink) on these brokers.")
  String bootstrap;

  @Option(names = "--topic", paramLabel = "TOPIC", description = "The audit topic, with --kafka-bootstrap.")
  String topic;

  @Option(names = "--kafka-option", paramLabel = "NAME=VALUE",
      description = "A Kafka consumer option (security.protocol, sasl.*, ssl.*), repeatable.")
  Map<String, String> options = new LinkedHashMap<>();

  boolean given() {
    return bootstrap != null || topic != null;
  }

  /** Why the options cannot be used, or null. */
  String problem() {
    if (bootstrap == null || topic == null) {
      return "--kafka-bootstrap and --topic go together";
    }
    return null;
  }

  /** Reads the topic from its beginning to its end offsets, one trail file per instance in {@code directory}. */
  List<KafkaTrails.Instance> dump(Path directory) throws IOException {
    return KafkaTrails.dump(bootstrap, topic, options, directory);
  }
}
