package dev.vectorguard.audit.kafka;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the audit chains a {@link KafkaAuditSink} shipped back from a topic, from the beginning to
 * the end offsets taken when reading starts, and writes each instance's records, in partition
 * order, as an ordinary trail file: {@code <directory>/<instance id, URL-encoded>.jsonl}, one
 * record value per line. {@code AuditVerifier} (and {@code vectorguard audit verify FILE}) checks
 * each file as a trail of its own; {@link Instance#locate(long)} maps a line back to its record.
 *
 * <pre>{@code
 * for (KafkaTrails.Instance instance : KafkaTrails.dump("kafka:9092", "vectorguard-audit", Map.of(), dir)) {
 *   AuditVerifier.Result result = AuditVerifier.verify(List.of(instance.file()));
 * }
 * }</pre>
 *
 * <p>Stateless; each call uses its own consumer, with no consumer group.
 */
public final class KafkaTrails {
  /** Records without a key (not written by a {@link KafkaAuditSink}) are grouped under this id. */
  public static final String NO_KEY = "(no key)";
  private static final Duration POLL = Duration.ofMillis(500);

  private KafkaTrails() {}

  /**
   * One instance's chain as read from the topic.
   *
   * @param id the record key: the guard instance id
   * @param file the dumped trail
   * @param partitions the partitions its records were in; more than one means its order is lost
   * @param offsets the offset of each line's record
   * @param partitionOfLine the partition of each line's record
   */
  public record Instance(String id, Path file, Set<Integer> partitions, List<Long> offsets,
      List<Integer> partitionOfLine) {
    public Instance {
      partitions = Set.copyOf(partitions);
      offsets = List.copyOf(offsets);
      partitionOfLine = List.copyOf(partitionOfLine);
    }

    /** How many records (lines). */
    public int records() {
      return offsets.size();
    }

    /** {@code partition 2 offset 117} for a 1-based line of {@link #file()}. */
    public String locate(long line) {
      if (line < 1 || line > offsets.size()) {
        return "after the last record";
      }
      int index = Math.toIntExact(line - 1);
      return "partition " + partitionOfLine.get(index) + " offset " + offsets.get(index);
    }
  }

  /**
   * Reads {@code topic} and writes one trail file per instance into {@code directory}.
   *
   * @param options consumer options (security and the like), as {@code name=value}
   * @return the instances, in the order their first record was read
   * @throws IllegalArgumentException when an option is not a consumer option
   * @throws IOException when the topic does not exist, the broker does not answer, or a file
   *     cannot be written
   */
  public static List<Instance> dump(String bootstrapServers, String topic, Map<String, String> options,
      Path directory) throws IOException {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Files.createDirectories(directory);
    Map<String, Object> config = new HashMap<>();
    options.forEach((name, value) -> {
      if (!ConsumerConfig.configNames().contains(name)) {
        throw new IllegalArgumentException("unknown Kafka consumer option '" + name + "'");
      }
      config.put(name, value);
    });
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    Map<String, Writer> writers = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      // One partition at a time, so each instance's lines are in offset order.
      for (TopicPartition partition : partitions) {
        consumer.pause(partitions);
        consumer.resume(List.of(partition));
        long last = end.get(partition);
        while (consumer.position(partition) < last) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
            if (record.offset() >= last) {
              break;
            }
            String id = record.key() == null ? NO_KEY : new String(record.key(), StandardCharsets.UTF_8);
            Writer writer = writers.get(id);
            if (writer == null) {
              writer = new Writer(id, directory.resolve(fileName(id)));
              writers.put(id, writer);
            }
            writer.add(record);
          }
        }
      }
    } catch (KafkaException e) {
      throw new IOException("cannot read the audit topic " + topic + " from " + bootstrapServers + ": " + e.getMessage(),
          e);
    } finally {
      for (Writer writer : writers.values()) {
        writer.out.close();
      }
    }
    List<Instance> instances = new ArrayList<>();
    for (Writer writer : writers.values()) {
      instances.add(new Instance(writer.id, writer.file, writer.partitions, writer.offsets,
          writer.partitionOfLine));
    }
    return instances;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic)
      throws IOException {
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      throw new IOException("the topic " + topic + " does not exist");
    }
    return infos.stream().map(info -> new TopicPartition(topic, info.partition()))
        .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
  }

  /** The instance id as a safe file name: URL-encoded, so that no id can name another directory. */
  static String fileName(String id) {
    String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
    return (encoded.startsWith(".") ? "%2E" + encoded.substring(1) : encoded) + ".jsonl";
  }

  /** One instance's dump file being written. */
  private static final class Writer {
    final String id;
    final Path file;
    final OutputStream out;
    final List<Long> offsets = new ArrayList<>();
    final List<Integer> partitionOfLine = new ArrayList<>();
    final Set<Integer> partitions = new TreeSet<>();

    Writer(String id, Path file) throws IOException {
      this.id = id;
      this.file = file;
      this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    void add(ConsumerRecord<byte[], byte[]> record) throws IOException {
      byte[] value = record.value() == null ? new byte[0] : record.value();
      // A newline inside a value would split it into two lines; the verifier reports the edit.
      out.write(value);
      out.write('\n');
      offsets.add(record.offset());
      partitionOfLine.add(record.partition());
      partitions.add(record.partition());
    }
  }
}
