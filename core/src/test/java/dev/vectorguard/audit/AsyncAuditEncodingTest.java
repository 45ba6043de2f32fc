package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the asynchronous writer is behind, its callers write their events' canonical JSON, so that
 * the writer thread only chains, hashes and writes.
 */
class AsyncAuditEncodingTest {
  private static final Instant AT = Instant.parse("2026-12-07T23:00:00Z");

  @TempDir Path dir;

  @Test
  void callersEncodeTheirEventsOnlyWhileTheWriterIsBehind() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AuditSink held = event -> {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    };
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(Events.started(i, AT));
    }
    // Callers encode from min(maxBatch 2, capacity 8 / 2) = 2 waiting events on.
    try (AsyncAuditSink sink = AsyncAuditSink.builder(held).capacity(8).maxBatch(2).build()) {
      sink.write(events.get(0));
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue(); // the writer holds event 0
      for (AuditEvent event : events.subList(1, 5)) {
        sink.write(event);
      }
      assertThat(sink.queued()).isEqualTo(4);
      assertThat(cached(events.get(1))).as("queue empty: the writer encodes it").isNull();
      assertThat(cached(events.get(2))).as("one waiting: the writer encodes it").isNull();
      assertThat(cached(events.get(3))).as("two waiting: its caller encoded it")
          .isEqualTo(AuditJson.toJson(Events.started(3, AT)).replaceFirst("}$", "").getBytes(StandardCharsets.UTF_8));
      assertThat(cached(events.get(4))).isNotNull();
      release.countDown();
    }
  }

  @Test
  void anEventThatCannotBeWrittenAsJsonIsRefusedToItsCallerAndTheTrailGoesOn() throws IOException {
    AuditEvent tooDeep = AuditEvent.of("evt_deep", AuditEvent.CALL_COMPLETED, "call_deep", AT,
        Map.of("request", nested(1500)));
    // With a queue of one, callers always encode: min(maxBatch, 1 / 2) = 0 waiting events.
    try (AsyncAuditSink sink = AsyncAuditSink.builder(HashChainFileSink.builder(dir).open()).capacity(1).build()) {
      sink.write(Events.started(1, AT));
      assertThatThrownBy(() -> sink.write(tooDeep))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("call.completed was not accepted: it cannot be written as JSON (");
      sink.write(Events.started(2, AT));
      sink.flush();
      assertThat(sink.failed()).isZero();
    }
    List<Path> files = AuditFiles.list(dir, "audit");
    assertThat(AuditVerifier.verify(files).summary()).isEqualTo("OK 2 events");
  }

  @Test
  void anEventTheWriterCannotEncodeFailsTheFileSinkAsAnyFailedWriteDoes() throws IOException {
    AuditEvent tooDeep = AuditEvent.of("evt_deep", AuditEvent.CALL_COMPLETED, "call_deep", AT,
        Map.of("request", nested(1500)));
    AsyncAuditSink sink = AsyncAuditSink.builder(HashChainFileSink.builder(dir).open()).build();
    sink.write(Events.started(1, AT));
    sink.flush();
    sink.write(tooDeep); // the writer is idle: it encodes the event itself
    assertThatThrownBy(sink::flush).isInstanceOf(IOException.class);
    assertThat(sink.failed()).isEqualTo(1);
    assertThatThrownBy(() -> sink.write(Events.started(2, AT)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("the audit writer failed and accepts no more events");
    assertThatThrownBy(sink::close).isInstanceOf(IOException.class).hasMessageContaining("nesting depth");
    assertThat(AuditVerifier.verify(AuditFiles.list(dir, "audit")).summary()).isEqualTo("OK 1 events");
  }

  private static Object nested(int depth) {
    Object value = "leaf";
    for (int i = 0; i < depth; i++) {
      value = List.of(value);
    }
    return value;
  }

  private static byte[] cached(AuditEvent event) throws ReflectiveOperationException {
    Field field = AuditEvent.class.getDeclaredField("canonicalBody");
    field.setAccessible(true);
    return (byte[]) field.get(event);
  }
}
