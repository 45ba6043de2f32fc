package dev.vectorguard.samples;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Prints what the guard did on the last call, from its own audit events: the decision, the
 * obligations it applied and what masking changed. Nothing here is made up by the demo.
 */
final class CallReport {
  private final InMemoryAuditSink events;
  private final PrintStream out;
  private int seen;

  CallReport(InMemoryAuditSink events, PrintStream out) {
    this.events = events;
    this.out = out;
  }

  /** Prints the events written since the previous report. */
  void lastCall() {
    List<AuditEvent> all = events.events();
    for (AuditEvent event : all.subList(seen, all.size())) {
      switch (event.type()) {
        case AuditEvent.CALL_STARTED -> {
          Object grant = event.get(AuditFields.DECISION_APPROVAL_ID);
          out.println("   decision " + event.get(AuditFields.DECISION_EFFECT) + " by "
              + event.get(AuditFields.DECISION_RULES) + (grant == null ? "" : " with grant " + grant));
          out.println("   applied  " + event.get(AuditFields.OBLIGATIONS));
        }
        case AuditEvent.CALL_COMPLETED -> {
          out.println("   outcome  " + event.get(AuditFields.OUTCOME_STATUS) + " " + event.get(AuditFields.OUTCOME_CODE)
              + ", " + event.get(AuditFields.OUTCOME_LATENCY_US) + " µs");
          Object masked = event.get(AuditFields.MASKED);
          if (masked instanceof Map<?, ?> counts && !counts.isEmpty()) {
            out.println("   masked   " + counts);
          }
        }
        case AuditEvent.CALL_REFUSED -> out.println("   refused  " + event.get(AuditFields.REASON));
        case AuditEvent.APPROVAL_REQUESTED, AuditEvent.APPROVAL_USED -> out.printf("   %-8s %s (%s)%n",
            event.type().substring("approval.".length()), event.get(AuditFields.APPROVAL_ID),
            event.get(AuditFields.APPROVAL_STATE));
        default -> out.println("   " + event.type());
      }
    }
    seen = all.size();
  }
}
