package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.testing.TestClock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the sink did not accept is counted, and on record as soon as it accepts events again. */
class AuditGapTest {
  private final TestClock clock = new TestClock();
  private final List<AuditEvent> written = new ArrayList<>();
  private boolean full;

  private final AuditSink disk = event -> {
    if (full) {
      throw new IOException("No space left on device");
    }
    written.add(event);
  };

  private VectorGuard guard(AuditMode mode) {
    return VectorGuard.builder(new AllowAll()).workload(Workload.configured("spiffe://acme.io/sa/rag"))
        .auditSink(disk).auditMode(mode).clock(clock).build();
  }

  @Test
  void requiredModeRefusesWhileTheSinkFailsAndCountsTheRefusalsOnceItAcceptsAgain() {
    VectorGuard guard = guard(AuditMode.REQUIRED);
    full = true;
    for (int i = 0; i < 2; i++) {
      GuardFailureException refused = catchThrowableOfType(GuardFailureException.class,
          () -> guard.begin(AllowAll.search(), null));
      assertThat(refused.failure()).isEqualTo(GuardFailureException.Cause.AUDIT);
      assertThat(refused).hasMessageContaining("its call.started audit event could not be written and audit is required")
          .hasRootCauseMessage("No space left on device");
    }
    java.time.Instant outage = clock.instant();
    clock.advance(java.time.Duration.ofSeconds(5));
    full = false;

    guard.begin(AllowAll.search(), null);

    assertThat(written).extracting(AuditEvent::type).containsExactly(AuditEvent.CALL_STARTED, AuditEvent.AUDIT_DROPPED);
    assertThat(written.get(1).data()).containsEntry("count", 4L).containsEntry("refused_calls", 2L)
        .containsEntry("unaudited_calls", 0L).containsEntry("cause", "sink_failed")
        .containsEntry("error", "No space left on device").containsEntry("since", outage.toString());
  }

  @Test
  void bestEffortModeLetsCallsThroughAndCountsThemOnceTheSinkAcceptsAgain() {
    VectorGuard guard = guard(AuditMode.BEST_EFFORT);
    full = true;
    guard.begin(AllowAll.search(), null).complete(CallOutcome.ok("200").build());
    guard.begin(AllowAll.search(), null).complete(CallOutcome.ok("200").build());
    full = false;

    guard.begin(AllowAll.search(), null);
    guard.begin(AllowAll.search(), null);

    assertThat(written).extracting(AuditEvent::type).containsExactly(AuditEvent.CALL_STARTED, AuditEvent.AUDIT_DROPPED,
        AuditEvent.CALL_STARTED);
    assertThat(written.get(1).data()).containsEntry("count", 4L).containsEntry("refused_calls", 0L)
        .containsEntry("unaudited_calls", 2L);
    assertThat(guard.auditFailures()).isEqualTo(4);
  }
}
