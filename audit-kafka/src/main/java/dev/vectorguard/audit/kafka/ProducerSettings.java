package dev.vectorguard.audit.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer configuration of a {@link KafkaAuditSink}: the user's options, checked against the
 * producer's own option names, under the settings the sink's guarantees rest on.
 */
final class ProducerSettings {
  /** What the sink sets itself; a user value is refused unless it is the same. */
  private static final Map<String, String> FIXED = Map.of(
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
      ProducerConfig.TRANSACTIONAL_ID_CONFIG, "");
  private static final Map<String, String> WHY = Map.of(
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "retries must never duplicate or reorder a chain",
      ProducerConfig.ACKS_CONFIG, "an event counts as delivered only once every in-sync replica has it",
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "keys are the guard instance id in UTF-8",
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "values are the spool's lines, byte for byte",
      ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the sink's producer is idempotent, not transactional");
  /**
   * Defaults the sink changes: the producer retries one batch across a whole outage instead of
   * failing it after two minutes, so that the broker, not a resend, removes duplicates.
   */
  private static final Map<String, Object> DEFAULTS = Map.of(
      ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
      ProducerConfig.LINGER_MS_CONFIG, 5,
      ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
      ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);

  private ProducerSettings() {}

  /**
   * Checks one user option.
   *
   * @throws IllegalArgumentException when the producer has no such option, or the sink fixes it
   *     to another value
   */
  static void check(String name, String value) {
    Set<String> known = ProducerConfig.configNames();
    if (!known.contains(name)) {
      throw new IllegalArgumentException("unknown Kafka producer option '" + name + "'"
          + suggestion(name, known) + "; see the producer configuration of kafka-clients");
    }
    String fixed = FIXED.get(name);
    if (fixed != null && !fixed.equals(value.strip().toLowerCase(Locale.ROOT))
        && !(fixed.equals("all") && value.strip().equals("-1"))) {
      throw new IllegalArgumentException("the Kafka audit sink sets " + name + "=" + (fixed.isEmpty() ? "(none)" : fixed)
          + " itself, because " + WHY.get(name) + "; it cannot be '" + value + "'");
    }
  }

  private static String suggestion(String name, Set<String> known) {
    String normalized = name.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    return known.contains(normalized) ? " (did you mean '" + normalized + "'?)" : "";
  }

  /** The configuration to construct the producer with. */
  static Map<String, Object> producerConfig(String bootstrapServers, Map<String, String> options, String clientId) {
    Map<String, Object> config = new HashMap<>(DEFAULTS);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.putAll(options);
    FIXED.forEach((name, value) -> {
      if (!value.isEmpty()) {
        config.put(name, value);
      }
    });
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }
}
