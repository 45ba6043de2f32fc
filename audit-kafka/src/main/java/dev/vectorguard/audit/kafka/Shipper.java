package dev.vectorguard.audit.kafka;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * The thread that delivers the spool to Kafka, in order, from the delivered position on. One
 * producer sends every line under the instance's key, so all of them go to one partition, where
 * the idempotent producer keeps their order and removes the duplicates of its own retries. When
 * the producer fails for good (or at start, after a crash), it is replaced, and the partition is
 * first read from the last acknowledged offset on: lines found there already are not sent again.
 */
final class Shipper implements Runnable {
  private static final System.Logger LOG = System.getLogger(Shipper.class.getName());
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MARKER_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Duration RETRY = Duration.ofMillis(500);

  private final String topic;
  private final byte[] key;
  private final Map<String, Object> producerConfig;
  private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
  private final SpoolReader reader;
  private final Path marker;
  private final int window;
  private final Semaphore wakeup = new Semaphore(0);
  private final AtomicReference<@Nullable SpoolPosition> acked = new AtomicReference<>();
  private final AtomicReference<@Nullable Exception> sendFailure = new AtomicReference<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();
  private final Object progress = new Object();
  private volatile boolean stopping;
  private Semaphore inFlight;
  private @Nullable Producer<byte[], byte[]> producer;
  private SpoolReader.@Nullable Line unsent;
  private @Nullable SpoolPosition persisted;
  private long markerWritten;

  Shipper(String topic, byte[] key, Map<String, Object> producerConfig,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers, SpoolReader reader, Path marker,
      @Nullable SpoolPosition start, int window) {
    this.topic = topic;
    this.key = key;
    this.producerConfig = producerConfig;
    this.producers = producers;
    this.reader = reader;
    this.marker = marker;
    this.window = window;
    this.inFlight = new Semaphore(window);
    this.acked.set(start);
    this.persisted = start;
  }

  /** Tells the thread that lines may have been written. */
  void wake() {
    if (wakeup.availablePermits() == 0) {
      wakeup.release();
    }
  }

  /** Asks the thread to stop after the lines in flight; it persists the position first. */
  void stop() {
    stopping = true;
    wake();
  }

  /** The position after the last acknowledged line, or null before the first. */
  @Nullable SpoolPosition acked() {
    return acked.get();
  }

  long delivered() {
    return delivered.get();
  }

  @Nullable String lastError() {
    return lastError.get();
  }

  /**
   * Waits until the line that ends the spool now is acknowledged, or the time is up; true at once
   * when the spool holds no line.
   */
  boolean awaitAll(Duration timeout) throws IOException, InterruptedException {
    SpoolReader.Line last = reader.lastLine();
    if (last == null) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (acked.get() == null || !acked.get().covers(last.file(), last.end())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
      return true;
    }
  }

  @Override
  public void run() {
    try {
      reader.seek(acked.get());
      while (!stopping) {
        try {
          step();
        } catch (IOException | RuntimeException e) {
          if (stopping) {
            break; // interrupted out of the client on close: nothing to retry
          }
          failed(e);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!stopping) {
        LOG.log(Level.ERROR, "the Kafka audit shipper stopped: " + e, e);
        lastError.set(e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      boolean interrupted = Thread.interrupted(); // so that the marker can still be written
      closeProducer(Duration.ofSeconds(interrupted ? 0 : 5));
      persistMarker(true);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      try {
        reader.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot close the spool reader: " + e);
      }
    }
  }

  private void step() throws IOException, InterruptedException {
    Exception failure = sendFailure.getAndSet(null);
    if (failure != null) {
      throw new IOException("delivery failed: " + failure, failure);
    }
    if (producer == null) {
      producer = producers.apply(producerConfig);
      resync();
    }
    SpoolReader.Line line = unsent != null ? unsent : reader.next();
    if (line == null) {
      persistMarker(true);
      wakeup.tryAcquire(IDLE_NANOS, TimeUnit.NANOSECONDS);
      return;
    }
    unsent = line;
    if (!inFlight.tryAcquire(IDLE_NANOS, TimeUnit.NANOSECONDS)) {
      persistMarker(false); // the broker is slow or away: the spool holds the rest
      return;
    }
    Semaphore permits = inFlight;
    try {
      Objects.requireNonNull(producer).send(new ProducerRecord<>(topic, key, line.bytes()),
          (metadata, exception) -> completed(line, metadata, exception, permits));
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
    unsent = null;
    persistMarker(false);
  }

  private void completed(SpoolReader.Line line, @Nullable RecordMetadata metadata, @Nullable Exception exception,
      Semaphore permits) {
    permits.release();
    if (exception != null || metadata == null) {
      sendFailure.compareAndSet(null, exception != null ? exception : new IOException("no metadata"));
      return;
    }
    SpoolPosition before = acked.get();
    if (before != null && before.covers(line.file(), line.end())) {
      return; // an abandoned producer's late answer for a line already counted
    }
    acked.set(new SpoolPosition(line.file(), line.end(), metadata.partition(), metadata.offset()));
    delivered.incrementAndGet();
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private void failed(Exception e) throws IOException, InterruptedException {
    String message = e.toString();
    if (!message.equals(lastError.getAndSet(message))) {
      LOG.log(Level.WARNING, "Kafka audit delivery to " + topic + " failed, retrying from the spool: " + message);
    }
    closeProducer(Duration.ofSeconds(5));
    unsent = null;
    reader.seek(acked.get());
    wakeup.tryAcquire(RETRY.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void closeProducer(Duration timeout) {
    Producer<byte[], byte[]> open = producer;
    producer = null;
    if (open != null) {
      try {
        open.close(timeout);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing the Kafka producer failed: " + e);
      }
      inFlight = new Semaphore(window);
      sendFailure.set(null);
    }
  }

  /**
   * Skips the spool lines that the partition already holds after the acknowledged offset: lines
   * sent by an earlier producer (before a crash, or before it was replaced) whose answer was lost.
   */
  private void resync() throws IOException {
    SpoolPosition from = acked.get();
    int partition = from != null && from.partition() >= 0 ? from.partition() : partitionOfKey();
    TopicPartition tp = new TopicPartition(topic, partition);
    Map<String, Object> config = new HashMap<>();
    producerConfig.forEach((name, value) -> {
      if (ConsumerConfig.configNames().contains(name) && !name.equals(ConsumerConfig.CLIENT_ID_CONFIG)) {
        config.put(name, value);
      }
    });
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
      if (from != null && from.kafkaOffset() >= 0) {
        consumer.seek(tp, from.kafkaOffset() + 1);
      } else {
        consumer.seekToBeginning(List.of(tp));
      }
      SpoolReader.Line next = reader.next();
      while (next != null && consumer.position(tp, Duration.ofSeconds(10)) < end) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1)).records(tp)) {
          if (next == null || record.offset() >= end || !Arrays.equals(key, record.key())) {
            continue;
          }
          if (!Arrays.equals(next.bytes(), record.value())) {
            LOG.log(Level.WARNING, "the partition holds a different event under this instance's key at offset "
                + record.offset() + " than the spool at " + next.file() + " byte " + next.end()
                + ": delivering the spool from the acknowledged position");
            next = null;
            break;
          }
          acked.set(new SpoolPosition(next.file(), next.end(), record.partition(), record.offset()));
          delivered.incrementAndGet();
          next = reader.next();
        }
      }
    }
    reader.seek(acked.get());
    persistMarker(true);
  }

  private int partitionOfKey() {
    List<PartitionInfo> partitions = Objects.requireNonNull(producer).partitionsFor(topic);
    return BuiltInPartitioner.partitionForKey(key, partitions.size());
  }

  private void persistMarker(boolean now) {
    SpoolPosition position = acked.get();
    if (position == null || position.equals(persisted)
        || !now && System.nanoTime() - markerWritten < MARKER_EVERY_NANOS) {
      return;
    }
    try {
      position.write(marker);
      persisted = position;
      markerWritten = System.nanoTime();
    } catch (IOException e) {
      // Not fatal: at worst the next start reads the partition from an older offset and skips more.
      LOG.log(Level.WARNING, "cannot write the delivery marker " + marker + ": " + e);
    }
  }
}
