package dev.vectorguard.audit.kafka;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.HashChainFileSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;

/**
 * Ships the hash-chained audit trail of one guard instance to a Kafka topic. Every event is
 * written first to the local trail (a {@link HashChainFileSink}, the spool), and a shipper thread
 * delivers its lines to the topic in order, byte for byte: a record's value is the JSON line the
 * file holds, chain fields included, and its key is the guard instance id, so that each
 * instance's chain lands in order in one partition and {@code vectorguard audit verify} can check
 * it there.
 *
 * <pre>{@code
 * AuditSink sink = AsyncAuditSink.builder(
 *         KafkaAuditSink.builder("vectorguard-audit", "rag-api-0")
 *             .bootstrapServers("kafka-1:9092,kafka-2:9092")
 *             .spool(HashChainFileSink.builder(Path.of("/var/lib/vectorguard/audit")))
 *             .open())
 *     .build();
 * }</pre>
 *
 * <p><b>Delivery.</b> The producer is idempotent with {@code acks=all} and retries a batch across
 * an outage ({@code delivery.timeout.ms} is unbounded by default), so the broker itself drops the
 * duplicates of its retries. While the broker is unreachable, events stay in the spool; when it is
 * back, they are delivered in order before newer ones. The position after the last acknowledged
 * line is kept in {@code <base>.delivered} beside the spool; after a crash, or when a producer had
 * to be replaced, the shipper reads the partition from there and does not resend what is already
 * in it.
 *
 * <p><b>Failure.</b> {@link #write} throws only when the spool cannot take the event, so a guard
 * in {@code required} audit mode refuses calls only then; an unreachable broker alone refuses
 * nothing. {@link #lastError()} says why delivery is behind.
 *
 * <p>Thread-safe; put an {@code AsyncAuditSink} in front so that callers only enqueue, and
 * its batches become the spool's group commits.
 */
public final class KafkaAuditSink implements AuditSink {
  /** How long a stopping shipper may take to finish what it is doing before it is interrupted. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(1);
  private final HashChainFileSink spool;
  private final Shipper shipper;
  private final Thread thread;
  private final Duration closeTimeout;
  private final String topic;
  private final String instanceId;
  private boolean closed;

  private KafkaAuditSink(Builder builder, HashChainFileSink spool) throws IOException {
    this.spool = spool;
    this.topic = builder.topic;
    this.instanceId = builder.instanceId;
    this.closeTimeout = builder.closeTimeout;
    Path file = spool.currentFile();
    Path directory = file.toAbsolutePath().getParent();
    String baseName = file.getFileName().toString().replaceFirst("-\\d{6,}\\.jsonl$", "");
    Path marker = SpoolPosition.markerFile(directory, baseName);
    Map<String, Object> config = ProducerSettings.producerConfig(builder.bootstrapServers(), builder.options,
        "vectorguard-audit-" + instanceId);
    this.shipper = new Shipper(topic, instanceId.getBytes(StandardCharsets.UTF_8), config, builder.producers,
        new SpoolReader(directory, baseName), marker, SpoolPosition.read(marker), builder.window);
    this.thread = new Thread(shipper, "vectorguard-audit-kafka-" + instanceId);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts configuring a sink that ships to {@code topic} under the key {@code instanceId}: a
   * name unique to this guard instance (a pod name, a host and process), stable across restarts
   * of the instance, since its spool and chain continue.
   *
   * @throws IllegalArgumentException when the topic is not a valid Kafka topic name, or the id is
   *     blank or longer than 249 characters
   */
  public static Builder builder(String topic, String instanceId) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(instanceId, "instanceId");
    if (!topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException("topic must be 1-249 letters, digits, '.', '_' or '-', but was '"
          + topic + "'");
    }
    if (instanceId.isBlank() || instanceId.length() > 249 || !instanceId.matches("\\p{Graph}+")) {
      throw new IllegalArgumentException("instanceId must be 1-249 visible characters without spaces, but was '"
          + instanceId + "'");
    }
    return new Builder(topic, instanceId);
  }

  /**
   * Writes the event to the spool; the shipper delivers it.
   *
   * @throws IOException when the spool cannot take it (the event is not audited)
   */
  @Override
  public void write(AuditEvent event) throws IOException {
    spool.write(event);
    shipper.wake();
  }

  @Override
  public void endOfBatch() throws IOException {
    spool.endOfBatch();
    shipper.wake();
  }

  /** Makes the spool durable as its durability promises; does not wait for the broker. */
  @Override
  public void flush() throws IOException {
    spool.flush();
    shipper.wake();
  }

  /**
   * Flushes the spool and waits until the broker has acknowledged every event written before.
   *
   * @return false when {@code timeout} passed first (the rest stays in the spool)
   * @throws IOException when the spool cannot be flushed
   */
  public boolean awaitDelivery(Duration timeout) throws IOException {
    Objects.requireNonNull(timeout, "timeout");
    spool.flush();
    shipper.wake();
    try {
      return shipper.awaitAll(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for Kafka to acknowledge the audit trail");
    }
  }

  /** Events the broker acknowledged since this sink was opened (counting those found there at start). */
  public long delivered() {
    return shipper.delivered();
  }

  /** Why delivery last failed (the broker away, a rejected record), or null when it never did. */
  public @Nullable String lastError() {
    return shipper.lastError();
  }

  /** The local trail events are spooled to. */
  public HashChainFileSink spool() {
    return spool;
  }

  /**
   * Delivers what the broker takes within the close timeout, then stops the shipper and closes
   * the spool. What is not delivered stays in the spool for the next start. Idempotent.
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      awaitDelivery(closeTimeout);
    } finally {
      shipper.stop();
      try {
        thread.join(STOP_GRACE.toMillis());
        if (thread.isAlive()) {
          // Blocked in the client (metadata of a broker that is away): Kafka's clients give up on an interrupt.
          thread.interrupt();
          thread.join();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      spool.close();
    }
  }

  @Override
  public String toString() {
    return "KafkaAuditSink{topic=" + topic + ", instance=" + instanceId + ", spool=" + spool + '}';
  }

  /** Configures a {@link KafkaAuditSink}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final String topic;
    private final String instanceId;
    private final Map<String, String> options = new LinkedHashMap<>();
    private @Nullable String bootstrapServers;
    private HashChainFileSink.@Nullable Builder spool;
    private Duration closeTimeout = Duration.ofSeconds(10);
    private int window = 10_000;
    private Function<Map<String, Object>, Producer<byte[], byte[]>> producers = KafkaProducer::new;

    private Builder(String topic, String instanceId) {
      this.topic = topic;
      this.instanceId = instanceId;
    }

    /** The brokers to bootstrap from, {@code host:port[,host:port…]}. Required. */
    public Builder bootstrapServers(String bootstrapServers) {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      if (!bootstrapServers.strip().matches("[^\\s,]+:\\d{1,5}(\\s*,\\s*[^\\s,]+:\\d{1,5})*")) {
        throw new IllegalArgumentException("bootstrapServers must be host:port[,host:port...], but was '"
            + bootstrapServers + "'");
      }
      this.bootstrapServers = bootstrapServers.strip();
      return this;
    }

    /**
     * Sets a Kafka producer option ({@code security.protocol}, {@code sasl.jaas.config},
     * {@code compression.type}, …); the sink also uses the ones a consumer knows to read its
     * partition back after a restart.
     *
     * @throws IllegalArgumentException when the producer has no such option, or it is one the
     *     sink fixes ({@code enable.idempotence}, {@code acks}, the serializers,
     *     {@code transactional.id}) and the value differs
     */
    public Builder producerProperty(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      ProducerSettings.check(name, value);
      if (name.equals("bootstrap.servers")) {
        return bootstrapServers(value);
      }
      options.put(name, value);
      return this;
    }

    /** Sets each of {@code properties} as {@link #producerProperty}. */
    public Builder producerProperties(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties").forEach(this::producerProperty);
      return this;
    }

    /** The local trail to spool to: its directory, durability, rotation and HMAC key. Required. */
    public Builder spool(HashChainFileSink.Builder spool) {
      this.spool = Objects.requireNonNull(spool, "spool");
      return this;
    }

    /** How long {@link KafkaAuditSink#close()} waits for the broker; 10 s by default. */
    public Builder closeTimeout(Duration closeTimeout) {
      Objects.requireNonNull(closeTimeout, "closeTimeout");
      if (closeTimeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative, but was " + closeTimeout);
      }
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** Events sent and not yet acknowledged, at most; the rest waits in the spool. 10,000 by default. */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, but was " + maxInFlight);
      }
      this.window = maxInFlight;
      return this;
    }

    private String bootstrapServers() {
      if (bootstrapServers == null) {
        throw new IllegalStateException("the Kafka audit sink needs bootstrapServers (host:port of a broker)");
      }
      return bootstrapServers;
    }

    /**
     * Checks the configuration, opens the spool and starts the shipper. The broker need not be
     * reachable: events are spooled until it is.
     *
     * @throws IllegalStateException when bootstrap servers or the spool are missing, or the
     *     producer rejects the options (the message says which)
     * @throws IOException when the spool cannot be opened, or its delivery marker is damaged
     */
    public KafkaAuditSink open() throws IOException {
      String servers = bootstrapServers();
      if (spool == null) {
        throw new IllegalStateException("the Kafka audit sink needs a spool: "
            + "spool(HashChainFileSink.builder(directory))");
      }
      try {
        // Construct (and close) one producer now, so that options the producer rejects fail here.
        producers.apply(ProducerSettings.producerConfig(servers, options, "vectorguard-audit-check-" + instanceId))
            .close(Duration.ZERO);
      } catch (KafkaException e) {
        throw new IllegalStateException("the Kafka audit sink's producer options are invalid: "
            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
      }
      HashChainFileSink opened = spool.open();
      try {
        return new KafkaAuditSink(this, opened);
      } catch (IOException | RuntimeException e) {
        opened.close();
        throw e;
      }
    }
  }
}
