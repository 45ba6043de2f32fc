package dev.vectorguard.audit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * Delivers events to another sink from one writer thread through a bounded queue, so that the
 * calling thread only enqueues (and, while the writer is behind, writes the event's canonical JSON
 * first: see {@link #write}). After each batch it takes from the queue, the writer calls the
 * delegate's {@link AuditSink#endOfBatch()} (a group commit for a {@link HashChainFileSink}).
 *
 * <p>When the queue is full, {@link Overflow} decides: {@code BLOCK} waits for room,
 * {@code DROP} discards the event, counts it, and writes an {@code audit.dropped} event with the
 * count once the queue has drained, and {@code FAIL_CALL} throws from {@link #write}, so that a
 * guard in required audit mode refuses the call. Once the delegate has failed, {@code write} throws
 * too. {@link #flush()} waits until everything accepted before it is written and flushed;
 * {@link #close()} drains the queue, then flushes and closes the delegate.
 *
 * <pre>{@code
 * AsyncAuditSink sink = AsyncAuditSink.builder(fileSink).capacity(8192).overflow(Overflow.BLOCK).build();
 * }</pre>
 *
 * <p>Thread-safe. "Accepted" means queued: a crash loses what is still queued, plus what the
 * delegate's durability allows.
 */
public final class AsyncAuditSink implements AuditSink {
  private static final System.Logger LOG = System.getLogger(AsyncAuditSink.class.getName());
  /**
   * How long the writer waits for more events after taking a batch smaller than the most it may
   * take, before it writes and commits the batch: the added delay to durability, in exchange for
   * one write and one commit for all the events that arrive meanwhile.
   */
  private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  /** What {@link #write} does when the queue is full. */
  public enum Overflow {
    /** Waits for room. */
    BLOCK,
    /** Discards the event, counts it and later writes an {@code audit.dropped} event. */
    DROP,
    /** Throws an {@link IOException}: the event is not accepted. */
    FAIL_CALL
  }

  /** A request to the writer, queued behind the events before it. */
  private record Marker(CountDownLatch done, boolean stop) {}

  private final AuditSink delegate;
  private final int capacity;
  private final int maxBatch;
  private final Overflow overflow;
  private final Clock clock;
  private final long idleNanos;
  /** From how many waiting events on a caller writes its event's JSON itself. */
  private final int callerEncodes;
  private final BlockingQueue<Object> queue;
  private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
  private final AtomicLong pendingDrops = new AtomicLong();
  private final AtomicReference<@Nullable Instant> firstDrop = new AtomicReference<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closed;

  private AsyncAuditSink(Builder builder) {
    this.delegate = builder.delegate;
    this.capacity = builder.capacity;
    this.maxBatch = builder.maxBatch;
    this.overflow = builder.overflow;
    this.clock = builder.clock;
    this.idleNanos = builder.idleFlush.toNanos();
    this.callerEncodes = Math.min(maxBatch, capacity / 2);
    // A linked queue: its size is read without a lock on every write, and callers enqueue without
    // waiting for the writer's drain.
    this.queue = new LinkedBlockingQueue<>(capacity);
    Thread writer = builder.threadFactory.newThread(this::run);
    if (writer == null) {
      throw new IllegalStateException("the thread factory returned no thread for the audit writer");
    }
    writer.start();
  }

  /** Starts configuring an asynchronous front for {@code delegate}. */
  public static Builder builder(AuditSink delegate) {
    return new Builder(Objects.requireNonNull(delegate, "delegate"));
  }

  /**
   * Queues {@code event}, or handles a full queue per {@link Overflow}.
   *
   * <p>While the writer keeps up, the caller only enqueues. Once a batch or more is waiting (half
   * the queue, when that is smaller), the caller also writes the event's canonical JSON
   * ({@link AuditJson}) before enqueueing it, so that the one writer thread is left only what must
   * be done in order (chaining, hashing, writing) and catches up; such an event whose data cannot
   * be written as JSON is refused to its caller. (The writer writing an event it cannot encode
   * fails the delegate, as {@link HashChainFileSink} does for any write.)
   *
   * @throws IOException when the sink is closed, the delegate has failed, the event cannot be
   *     written as JSON, the queue is full under {@code FAIL_CALL}, or the thread is interrupted
   *     while waiting under {@code BLOCK}
   */
  @Override
  public void write(AuditEvent event) throws IOException {
    Objects.requireNonNull(event, "event");
    Exception failedWith = failure.get();
    if (failedWith != null) {
      throw new IOException("the audit writer failed and accepts no more events: " + failedWith.getMessage(),
          failedWith);
    }
    if (queue.size() >= callerEncodes) {
      // The writer is behind: the calling threads, running in parallel, take the JSON off it.
      try {
        event.canonicalBody();
      } catch (IOException | RuntimeException e) {
        throw new IOException(event.type() + " was not accepted: it cannot be written as JSON (" + e + ")", e);
      }
    }
    closing.readLock().lock();
    try {
      if (closed) {
        throw new IOException("the audit sink is closed");
      }
      switch (overflow) {
        case BLOCK -> put(event);
        case DROP -> {
          if (!queue.offer(event)) {
            firstDrop.compareAndSet(null, event.timestamp());
            pendingDrops.incrementAndGet();
            dropped.incrementAndGet();
          }
        }
        case FAIL_CALL -> {
          if (!queue.offer(event)) {
            rejected.incrementAndGet();
            throw new IOException("the audit queue is full (capacity " + capacity + "); " + event.type()
                + " was not accepted");
          }
        }
      }
    } finally {
      closing.readLock().unlock();
    }
  }

  /** Waits until every event accepted before this call is written, then flushes the delegate. */
  @Override
  public void flush() throws IOException {
    Marker marker = new Marker(new CountDownLatch(1), false);
    closing.readLock().lock();
    try {
      if (closed) {
        return;
      }
      put(marker);
    } finally {
      closing.readLock().unlock();
    }
    await(marker.done());
    Exception failedWith = failure.get();
    if (failedWith != null) {
      throw new IOException("the audit writer failed: " + failedWith.getMessage(), failedWith);
    }
  }

  /**
   * Stops accepting events, drains the queue, then flushes and closes the delegate. Idempotent; a
   * second caller returns once the queue is drained.
   */
  @Override
  public void close() throws IOException {
    boolean first;
    closing.writeLock().lock();
    try {
      first = !closed;
      closed = true;
    } finally {
      closing.writeLock().unlock();
    }
    if (!first) {
      await(stopped);
      return;
    }
    put(new Marker(stopped, true));
    await(stopped);
    try {
      delegate.flush();
    } finally {
      delegate.close();
    }
  }

  /** Events discarded under {@link Overflow#DROP} since the sink was built. */
  public long dropped() {
    return dropped.get();
  }

  /** Events refused under {@link Overflow#FAIL_CALL} since the sink was built. */
  public long rejected() {
    return rejected.get();
  }

  /** Events the delegate did not accept. */
  public long failed() {
    return failed.get();
  }

  /** Events waiting in the queue now. */
  public int queued() {
    return queue.size();
  }

  private void put(Object item) throws IOException {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for room in the audit queue");
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the audit writer");
    }
  }

  private void run() {
    List<Object> batch = new ArrayList<>(maxBatch);
    boolean stop = false;
    while (!stop) {
      Object first;
      try {
        first = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // The writer is only stopped by close(); an interrupt must not lose queued events.
        continue;
      }
      if (first != null) {
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        if (batch.size() < maxBatch && !hasMarker(batch)) {
          // Callers slower than the writer would otherwise make every event a batch of its own: a
          // wake-up and a write (or fsync) each. A short pause off the queue's condition lets the
          // callers enqueue without waking the writer, and the next events join this batch.
          LockSupport.parkNanos(LINGER_NANOS);
          queue.drainTo(batch, maxBatch - batch.size());
        }
      }
      for (Object item : batch) {
        if (item instanceof AuditEvent event) {
          deliver(event);
        } else if (item instanceof Marker marker) {
          reportDrops();
          commit(true);
          if (marker.stop()) {
            stop = true;
          } else {
            marker.done().countDown();
          }
        }
      }
      batch.clear();
      if (queue.isEmpty()) {
        reportDrops();
      }
      commit(false);
    }
    stopped.countDown();
  }

  private static boolean hasMarker(List<Object> batch) {
    for (Object item : batch) {
      if (item instanceof Marker) {
        return true;
      }
    }
    return false;
  }

  private void deliver(AuditEvent event) {
    try {
      delegate.write(event);
    } catch (IOException | RuntimeException e) {
      failed.incrementAndGet();
      if (failure.compareAndSet(null, e)) {
        LOG.log(Level.ERROR, "the audit sink " + delegate + " failed; no more events are accepted", e);
      }
    }
  }

  private void reportDrops() {
    long count = pendingDrops.getAndSet(0);
    if (count > 0) {
      Instant since = firstDrop.getAndSet(null);
      LOG.log(Level.WARNING, count + " audit events were dropped: the queue (capacity " + capacity + ") was full");
      deliver(AuditEvents.dropped(count, since == null ? clock.instant() : since, clock.instant()));
    }
  }

  private void commit(boolean flush) {
    try {
      if (flush) {
        delegate.flush();
      } else {
        delegate.endOfBatch();
      }
    } catch (IOException | RuntimeException e) {
      if (failure.compareAndSet(null, e)) {
        LOG.log(Level.ERROR, "the audit sink " + delegate + " failed to commit; no more events are accepted", e);
      }
    }
  }

  @Override
  public String toString() {
    return "AsyncAuditSink{" + delegate + ", capacity=" + capacity + ", " + overflow + '}';
  }

  /** Configures an {@link AsyncAuditSink}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final AuditSink delegate;
    private int capacity = 8192;
    private int maxBatch = 1024;
    private Overflow overflow = Overflow.BLOCK;
    private ThreadFactory threadFactory = runnable -> {
      Thread thread = new Thread(runnable, "vectorguard-audit-writer");
      thread.setDaemon(true);
      return thread;
    };
    private Clock clock = Clock.systemUTC();
    private Duration idleFlush = Duration.ofMillis(200);

    private Builder(AuditSink delegate) {
      this.delegate = delegate;
    }

    /** How many events may wait; 8192 by default. */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be positive, but was " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** The most events written between two {@link AuditSink#endOfBatch()} calls; 1024 by default. */
    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be positive, but was " + maxBatch);
      }
      this.maxBatch = maxBatch;
      return this;
    }

    /** What {@code write} does when the queue is full; {@link Overflow#BLOCK} by default. */
    public Builder overflow(Overflow overflow) {
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      return this;
    }

    /** Makes the one writer thread; by default a daemon thread named {@code vectorguard-audit-writer}. */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /** The clock that dates {@code audit.dropped} events. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long the writer waits for events before it calls {@link AuditSink#endOfBatch()} anyway,
     * so that an interval flush happens when the guard is idle; 200 ms by default.
     */
    public Builder idleFlush(Duration idleFlush) {
      Objects.requireNonNull(idleFlush, "idleFlush");
      if (idleFlush.isNegative() || idleFlush.isZero()) {
        throw new IllegalArgumentException("idleFlush must be positive, but was " + idleFlush);
      }
      this.idleFlush = idleFlush;
      return this;
    }

    /** Builds the sink and starts its writer thread. */
    public AsyncAuditSink build() {
      return new AsyncAuditSink(this);
    }
  }
}
