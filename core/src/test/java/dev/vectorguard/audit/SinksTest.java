package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.testing.InMemoryAuditSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class SinksTest {
  private static final Instant AT = Instant.parse("2026-11-29T06:00:00Z");

  private static final AuditSink THROWING = new AuditSink() {
    @Override
    public void write(AuditEvent event) {
      throw new IllegalStateException("user sink broke");
    }

    @Override
    public void close() throws IOException {
      throw new IOException("cannot close");
    }

    @Override
    public String toString() {
      return "throwing";
    }
  };

  @Test
  void compositeGivesEveryOtherSinkTheEventThenReportsTheFailure() throws IOException {
    InMemoryAuditSink before = new InMemoryAuditSink();
    InMemoryAuditSink after = new InMemoryAuditSink();
    CompositeAuditSink composite = CompositeAuditSink.of(before, THROWING, after);

    assertThatThrownBy(() -> composite.write(Events.started(1, AT)))
        .isInstanceOf(IOException.class)
        .hasMessage("1 of 3 audit sinks failed to write call.started: throwing (first: user sink broke)")
        .hasCauseInstanceOf(IllegalStateException.class);
    before.assertThat().hasStarted(1);
    after.assertThat().hasStarted(1);
    assertThat(composite.failures()).isEqualTo(1);
    assertThatThrownBy(composite::close).hasMessageContaining("failed to close");
  }

  @Test
  void anIsolatedUserSinkNeverFailsTheCompositeNorLosesTheOthersEvents() throws IOException {
    InMemoryAuditSink kept = new InMemoryAuditSink();
    IsolatedAuditSink isolated = IsolatedAuditSink.of(THROWING);
    CompositeAuditSink composite = CompositeAuditSink.of(isolated, kept);
    for (int i = 0; i < 3; i++) {
      composite.write(Events.started(i, AT));
    }
    composite.close();
    kept.assertThat().hasStarted(3);
    assertThat(isolated.failures()).isEqualTo(4);
    assertThat(composite.failures()).isZero();
    assertThat(IsolatedAuditSink.of(isolated)).isSameAs(isolated);
  }

  @Test
  void anEmptyCompositeIsRejected() {
    assertThatThrownBy(() -> CompositeAuditSink.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a composite audit sink needs at least one sink");
  }

  @Test
  void loggerSinkLogsOneCanonicalLinePerEvent() {
    RecordingLogger logger = new RecordingLogger(Level.INFO);
    LoggerAuditSink sink = LoggerAuditSink.create(logger, Level.INFO);
    AuditEvent event = Events.started(1, AT);
    sink.write(event);
    assertThat(logger.lines).containsExactly(AuditJson.toJson(event));

    RecordingLogger quiet = new RecordingLogger(Level.WARNING);
    LoggerAuditSink.create(quiet, Level.INFO).write(event);
    assertThat(quiet.lines).isEmpty();
  }

  @Test
  void inMemoryAssertionsPassAndFailWithTheEvents() {
    InMemoryAuditSink audit = new InMemoryAuditSink();
    audit.write(Events.started(1, AT));
    audit.write(Events.completed(1, AT));
    audit.assertThat().hasStarted(1).hasCompleted(1).hasRefused(0).hasSize(2)
        .has(AuditEvent.CALL_STARTED, "decision.effect", "allow")
        .everyStartedCompleted().neverContains("s3cr3t");

    assertThatThrownBy(() -> audit.assertThat().hasRefused(1))
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected 1 call.refused event(s) but found 0; events: [call.started(call_1), call.completed(call_1)]");
    assertThatThrownBy(() -> audit.assertThat().neverContains("spiffe://acme.io"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("event evt_1 (call.started) contains the forbidden text; events:");
    audit.write(Events.started(2, AT));
    assertThatThrownBy(() -> audit.assertThat().everyStartedCompleted())
        .hasMessageStartingWith("calls started but never completed: [call_2]");
    assertThat(audit.last(AuditEvent.CALL_STARTED).callId()).isEqualTo("call_2");
    assertThatThrownBy(() -> audit.last(AuditEvent.CALL_REFUSED)).hasMessageStartingWith("no call.refused event was written");
  }

  @Test
  void policyEventsCarrySourceVersionAndErrors() {
    AuditEvent loaded = AuditEvents.policyLoaded("policy.yaml", "sha256:abc", 12, AT);
    assertThat(loaded.type()).isEqualTo(AuditEvent.POLICY_LOADED);
    assertThat(loaded.callId()).isNull();
    assertThat(loaded.data()).containsEntry("source", "policy.yaml").containsEntry("version", "sha256:abc")
        .containsEntry("rules", 12);
    AuditEvent rejected = AuditEvents.policyRejected("policy.yaml", List.of("rules[2].effect: unknown 'alow'"),
        "sha256:abc", AT);
    assertThat(rejected.type()).isEqualTo(AuditEvent.POLICY_REJECTED);
    assertThat(rejected.get("errors")).isEqualTo(List.of("rules[2].effect: unknown 'alow'"));
    assertThat(rejected.get("version_in_force")).isEqualTo("sha256:abc");
  }

  /** A System.Logger that keeps messages. */
  static final class RecordingLogger implements System.Logger {
    final List<String> lines = new ArrayList<>();
    private final Level threshold;

    RecordingLogger(Level threshold) {
      this.threshold = threshold;
    }

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(format);
    }
  }
}
