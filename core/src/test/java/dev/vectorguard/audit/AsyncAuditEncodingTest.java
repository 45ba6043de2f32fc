package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous writer's callers write their events' canonical JSON; the writer thread only chains and writes. */
class AsyncAuditEncodingTest {
  private static final Instant AT = Instant.parse("2026-12-07T23:00:00Z");

  @TempDir Path dir;

  @Test
  void theCallingThreadEncodesTheEventBeforeItIsQueued() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AuditSink held = event -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    };
    AuditEvent event = Events.started(1, AT);
    assertThat(cached(event)).isNull();
    try (AsyncAuditSink sink = AsyncAuditSink.builder(held).build()) {
      sink.write(event);
      assertThat(cached(event)).as("encoded by write, before the writer took it")
          .isEqualTo(AuditJson.toJson(Events.started(1, AT)).replaceFirst("}$", "").getBytes(StandardCharsets.UTF_8));
      release.countDown();
    }
  }

  @Test
  void anEventThatCannotBeWrittenAsJsonIsRefusedToItsCallerAndTheTrailGoesOn() throws IOException {
    AuditEvent tooDeep = AuditEvent.of("evt_deep", AuditEvent.CALL_COMPLETED, "call_deep", AT,
        Map.of("request", nested(1500)));
    try (AsyncAuditSink sink = AsyncAuditSink.builder(HashChainFileSink.builder(dir).open()).build()) {
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
