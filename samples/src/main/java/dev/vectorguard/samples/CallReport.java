package dev.vectorguard.samples;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.InMemoryAuditSink;
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
          out.println("   decision " + event.get("decision.effect") + " by " + event.get("decision.rules")
              + (event.get("decision.approval_id") == null ? "" : " with grant " + event.get("decision.approval_id")));
          out.println("   applied  " + event.get("obligations"));
        }
        case AuditEvent.CALL_COMPLETED -> {
          out.println("   outcome  " + event.get("outcome.status") + " " + event.get("outcome.code")
              + ", " + event.get("outcome.latency_us") + " µs");
          Object masked = event.get("masked");
          if (masked instanceof Map<?, ?> counts && !counts.isEmpty()) {
            out.println("   masked   " + counts);
          }
        }
        case AuditEvent.CALL_REFUSED -> out.println("   refused  " + event.get("reason"));
        default -> out.println("   " + event.type());
      }
    }
    seen = all.size();
  }
}
