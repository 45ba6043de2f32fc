package dev.vectorguard.audit.kafka;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.ChainedLines;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;

/**
 * Once the spool has failed: sends each event straight to the topic, chained to the one before
 * as the spool would have chained it, and returns only when the broker has acknowledged it, so
 * that an event is audited in Kafka before its call goes ahead. Not thread-safe: the sink
 * serialises its writes.
 */
final class DirectSender implements AutoCloseable {
  private final String topic;
  private final byte[] key;
  private final Map<String, Object> config;
  private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
  private final ChainedLines lines;
  private final Duration timeout;
  private @Nullable Producer<byte[], byte[]> producer;
  private String head;

  DirectSender(String topic, byte[] key, Map<String, Object> producerConfig,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers, ChainedLines lines, String head,
      Duration timeout) {
    this.topic = topic;
    this.key = key;
    this.producers = producers;
    this.lines = lines;
    this.head = head;
    this.timeout = timeout;
    // Bounded, unlike the shipper's: a caller waits for this answer.
    int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
    this.config = new HashMap<>(producerConfig);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, producerConfig.get(ProducerConfig.CLIENT_ID_CONFIG) + "-direct");
  }

  /**
   * Sends {@code event} and waits for the broker.
   *
   * @throws IOException when the broker does not acknowledge it within the timeout
   */
  void send(AuditEvent event) throws IOException {
    ChainedLines.Line line = lines.encode(event, head);
    try {
      if (producer == null) {
        producer = producers.apply(config);
      }
      producer.send(new ProducerRecord<>(topic, key, line.bytes())).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      head = line.hash();
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      abandon();
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IOException("the broker did not acknowledge the event within " + timeout + ": " + cause, cause);
    } catch (InterruptedException e) {
      abandon();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while sending an audit event to Kafka");
    }
  }

  private void abandon() {
    Producer<byte[], byte[]> open = producer;
    producer = null;
    if (open != null) {
      open.close(Duration.ZERO);
    }
  }

  @Override
  public void close() {
    Producer<byte[], byte[]> open = producer;
    producer = null;
    if (open != null) {
      open.close(timeout);
    }
  }
}
