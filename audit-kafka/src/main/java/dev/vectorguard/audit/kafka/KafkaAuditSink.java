package dev.vectorguard.audit.kafka;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.ChainedLines;
import dev.vectorguard.audit.HashChainFileSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p><b>Failure.</b> While the broker is away, the spool takes the events. When the spool fails
 * (a full disk), the sink waits until the broker has the spool's last line, then sends each event
 * straight to the broker, chained on, and returns once it is acknowledged. {@link #write} throws
 * only when neither takes the event, so a guard in {@code required} audit mode refuses calls only
 * then. {@link #lastError()} says why delivery is behind.
 *
 * <p>Thread-safe; put an {@code AsyncAuditSink} in front so that callers only enqueue, and
 * its batches become the spool's group commits.
 */
public final class KafkaAuditSink implements AuditSink {
  /** How long a stopping shipper may take to finish what it is doing before it is interrupted. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger(KafkaAuditSink.class.getName());

  private final HashChainFileSink spool;
  private final Shipper shipper;
  private final ReentrantLock writes = new ReentrantLock();
  private final Duration directTimeout;
  private final Function<String, DirectSender> directSenders;
  private volatile @Nullable DirectSender direct;
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
    this.directTimeout = builder.directTimeout;
    Path file = spool.currentFile();
    Path directory = file.toAbsolutePath().getParent();
    String baseName = file.getFileName().toString().replaceFirst("-\\d{6,}\\.jsonl$", "");
    Path marker = SpoolPosition.markerFile(directory, baseName);
    Map<String, Object> config = ProducerSettings.producerConfig(builder.bootstrapServers(), builder.options,
        "vectorguard-audit-" + instanceId);
    byte[] key = instanceId.getBytes(StandardCharsets.UTF_8);
    this.shipper = new Shipper(topic, key, config, builder.producers,
        new SpoolReader(directory, baseName), marker, SpoolPosition.read(marker), builder.window);
    ChainedLines lines = builder.hmacKey == null ? ChainedLines.plain() : ChainedLines.keyed(builder.hmacKey);
    this.directSenders = head -> new DirectSender(topic, key, config, builder.producers, lines, head, directTimeout);
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
   * Writes the event to the spool; the shipper delivers it. Once the spool has failed, sends the
   * event straight to the broker instead, chained to the spool's last event, and returns when the
   * broker has acknowledged it.
   *
   * @throws IOException when neither the spool nor the broker takes it (the event is not audited)
   */
  @Override
  public void write(AuditEvent event) throws IOException {
    writes.lock();
    try {
      DirectSender sender = direct;
      if (sender == null) {
        String before = spool.head();
        try {
          spool.write(event);
          shipper.wake();
          return;
        } catch (IOException spoolFailure) {
          sender = startDirect(before, spoolFailure);
        }
      }
      try {
        sender.send(event);
      } catch (IOException e) {
        throw new IOException("neither the audit spool nor the broker took the event: the spool failed earlier, and "
            + e.getMessage(), e);
      }
    } finally {
      writes.unlock();
    }
  }

  /**
   * Switches to sending straight to the broker, once it has every complete line of the spool, so
   * that the chain in the topic goes on in order; {@code before} is the spool's head before the
   * failed write (events it had accepted but lost show in the topic as a gap where they were).
   */
  private DirectSender startDirect(String before, IOException spoolFailure) throws IOException {
    boolean caughtUp;
    try {
      caughtUp = shipper.awaitAll(directTimeout);
    } catch (IOException e) {
      throw new IOException("neither the audit spool nor the broker took the event: the spool failed ("
          + spoolFailure.getMessage() + "), and what the broker has of it cannot be checked: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for Kafka to acknowledge the audit spool");
    }
    if (!caughtUp) {
      String error = shipper.lastError();
      throw new IOException("neither the audit spool nor the broker took the event: the spool failed ("
          + spoolFailure.getMessage() + "), and the broker has not acknowledged its last events within "
          + directTimeout + (error == null ? "" : " (" + error + ")"), spoolFailure);
    }
    LOG.log(System.Logger.Level.ERROR, "the audit spool failed (" + spoolFailure.getMessage() + "); sending audit "
        + "events straight to Kafka topic " + topic + ", one acknowledged event at a time");
    DirectSender sender = directSenders.apply(before);
    direct = sender;
    return sender;
  }

  /** A batch's group commit on the spool; a failure is logged and the next write finds it. */
  @Override
  public void endOfBatch() throws IOException {
    if (direct != null) {
      return;
    }
    try {
      spool.endOfBatch();
    } catch (IOException e) {
      // Not thrown: an async writer in front would stop for good, and the next write can still go to the broker.
      LOG.log(System.Logger.Level.ERROR, "the audit spool failed at the end of a batch: " + e.getMessage());
    }
    shipper.wake();
  }

  /** Makes the spool durable as its durability promises; does not wait for the broker. */
  @Override
  public void flush() throws IOException {
    if (direct != null) {
      return; // every event since the spool failed is acknowledged already
    }
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
    if (direct != null) {
      return true; // the spool was delivered before the switch, and each event since was acknowledged
    }
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
      DirectSender sender = direct;
      if (sender != null) {
        sender.close();
      }
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
    private Duration directTimeout = Duration.ofSeconds(5);
    private byte @Nullable [] hmacKey;
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

    /**
     * How long a write waits for the broker once the spool has failed (then each event goes
     * straight to the broker); 5 s by default.
     */
    public Builder directTimeout(Duration directTimeout) {
      Objects.requireNonNull(directTimeout, "directTimeout");
      if (directTimeout.isNegative() || directTimeout.isZero()) {
        throw new IllegalArgumentException("directTimeout must be positive, but was " + directTimeout);
      }
      this.directTimeout = directTimeout;
      return this;
    }

    /**
     * Chains the spool with HMAC-SHA256 under {@code key} (set here, not on the spool's builder,
     * so that events sent straight to the broker when the spool fails are chained the same way).
     *
     * @throws IllegalArgumentException when the key is shorter than 32 bytes
     */
    public Builder hmacKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      ChainedLines.keyed(key); // checks the length
      this.hmacKey = key.clone();
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
      if (hmacKey != null) {
        spool.hmacKey(hmacKey);
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
