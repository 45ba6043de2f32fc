package dev.vectorguard.audit;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncAuditSinkTest {
  private static final Instant AT = Instant.parse("2026-11-29T06:00:00Z");
  private final TestClock clock = new TestClock();
  private final GateSink delegate = new GateSink();

  /** Holds the writer inside its first write until released, so the queue can be filled exactly. */
  static final class GateSink implements AuditSink {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<AuditEvent> written = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    volatile boolean closed;
    volatile boolean failing;

    @Override
    public void write(AuditEvent event) throws IOException {
      if (entered.getCount() > 0) {
        entered.countDown();
        try {
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the test never released the writer");
          }
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      if (failing) {
        throw new IOException("disk full");
      }
      written.add(event);
    }

    @Override
    public void endOfBatch() {
      batches.incrementAndGet();
    }

    @Override
    public void flush() {
      flushes.incrementAndGet();
    }

    @Override
    public void close() {
      closed = true;
    }

    List<String> ids() {
      synchronized (written) {
        return written.stream().map(AuditEvent::id).toList();
      }
    }
  }

  private AsyncAuditSink fullQueue(AsyncAuditSink.Overflow overflow) throws Exception {
    AsyncAuditSink sink = AsyncAuditSink.builder(delegate).capacity(2).overflow(overflow).clock(clock).build();
    sink.write(Events.started(0, AT));
    assertThat(delegate.entered.await(30, TimeUnit.SECONDS)).isTrue();
    sink.write(Events.started(1, AT));
    sink.write(Events.started(2, AT));
    assertThat(sink.queued()).isEqualTo(2);
    return sink;
  }

  @Test
  void blockWaitsForRoomAndLosesNothing() throws Exception {
    AsyncAuditSink sink = fullQueue(AsyncAuditSink.Overflow.BLOCK);
    Thread producer = new Thread(() -> {
      try {
        sink.write(Events.started(3, AT));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    producer.start();
    awaitState(producer, Thread.State.WAITING);
    assertThat(delegate.written).isEmpty();

    delegate.release.countDown();
    producer.join();
    sink.close();
    assertThat(delegate.ids()).containsExactly("evt_0", "evt_1", "evt_2", "evt_3");
    assertThat(sink.dropped()).isZero();
    assertThat(delegate.closed).isTrue();
  }

  @Test
  void dropCountsAndWritesAnAuditDroppedEventOnceTheQueueDrains() throws Exception {
    AsyncAuditSink sink = fullQueue(AsyncAuditSink.Overflow.DROP);
    Instant firstDrop = AT.plusSeconds(1);
    sink.write(Events.started(3, firstDrop));
    sink.write(Events.started(4, AT.plusSeconds(2)));
    assertThat(sink.dropped()).isEqualTo(2);

    delegate.release.countDown();
    sink.flush();
    assertThat(delegate.ids()).hasSize(4).startsWith("evt_0", "evt_1", "evt_2");
    AuditEvent dropped = delegate.written.get(3);
    assertThat(dropped.type()).isEqualTo(AuditEvent.AUDIT_DROPPED);
    assertThat(dropped.data()).containsEntry("count", 2L).containsEntry("since", firstDrop.toString());
    assertThat(dropped.timestamp()).isEqualTo(clock.instant());

    sink.write(Events.started(5, AT));
    sink.close();
    assertThat(delegate.written).filteredOn(e -> e.type().equals(AuditEvent.AUDIT_DROPPED)).hasSize(1);
    assertThat(delegate.ids()).endsWith("evt_5");
  }

  @Test
  void failCallRefusesTheEventWhenFull() throws Exception {
    AsyncAuditSink sink = fullQueue(AsyncAuditSink.Overflow.FAIL_CALL);
    assertThatThrownBy(() -> sink.write(Events.started(3, AT)))
        .isInstanceOf(IOException.class)
        .hasMessage("the audit queue is full (capacity 2); call.started was not accepted");
    assertThat(sink.rejected()).isEqualTo(1);

    delegate.release.countDown();
    sink.close();
    assertThat(delegate.ids()).containsExactly("evt_0", "evt_1", "evt_2");
  }

  @Test
  void closeDrainsTheQueueThenFlushesAndClosesTheDelegate() throws Exception {
    delegate.entered.countDown();
    AsyncAuditSink sink = AsyncAuditSink.builder(delegate).capacity(10_000).maxBatch(64).build();
    for (int i = 0; i < 5_000; i++) {
      sink.write(Events.started(i, AT));
    }
    sink.close();
    sink.close();
    assertThat(delegate.written).hasSize(5_000);
    assertThat(delegate.ids().get(4_999)).isEqualTo("evt_4999");
    assertThat(delegate.batches.get()).isGreaterThanOrEqualTo(5_000 / 64);
    assertThat(delegate.flushes.get()).isGreaterThanOrEqualTo(1);
    assertThat(delegate.closed).isTrue();
    assertThatThrownBy(() -> sink.write(Events.started(1, AT)))
        .isInstanceOf(IOException.class).hasMessage("the audit sink is closed");
  }

  @Test
  void aFailedDelegateMakesLaterWritesFail() throws Exception {
    delegate.entered.countDown();
    delegate.failing = true;
    AsyncAuditSink sink = AsyncAuditSink.builder(delegate).build();
    sink.write(Events.started(1, AT));
    assertThatThrownBy(sink::flush).isInstanceOf(IOException.class).hasMessage("the audit writer failed: disk full");
    assertThatThrownBy(() -> sink.write(Events.started(2, AT)))
        .isInstanceOf(IOException.class)
        .hasMessage("the audit writer failed and accepts no more events: disk full");
    assertThat(sink.failed()).isEqualTo(1);
    sink.close();
  }

  @Test
  void usesTheInjectedThreadFactory() throws Exception {
    delegate.entered.countDown();
    List<Thread> made = new ArrayList<>();
    AsyncAuditSink sink = AsyncAuditSink.builder(delegate).threadFactory(r -> {
      Thread thread = new Thread(r, "test-audit");
      made.add(thread);
      return thread;
    }).build();
    sink.write(Events.started(1, AT));
    sink.close();
    assertThat(made).hasSize(1);
    made.get(0).join(30_000);
    assertThat(made.get(0).isAlive()).isFalse();
  }

  @Test
  void builderRejectsBadSettingsWithTheValue() {
    AsyncAuditSink.Builder builder = AsyncAuditSink.builder(delegate);
    assertThatThrownBy(() -> builder.capacity(0)).hasMessage("capacity must be positive, but was 0");
    assertThatThrownBy(() -> builder.maxBatch(-1)).hasMessage("maxBatch must be positive, but was -1");
    assertThatThrownBy(() -> builder.idleFlush(Duration.ZERO)).hasMessage("idleFlush must be positive, but was PT0S");
  }

  static void awaitState(Thread thread, Thread.State state) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != state) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread + " never reached " + state + "; it is " + thread.getState());
      }
      Thread.onSpinWait();
    }
  }
}
