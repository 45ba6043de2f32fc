package dev.vectorguard.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps every event in memory, in the order written. For tests and samples; thread-safe.
 *
 * <pre>{@code
 * InMemoryAuditSink audit = new InMemoryAuditSink();
 * ... guarded calls ...
 * assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).hasSize(1);
 * }</pre>
 */
public final class InMemoryAuditSink implements AuditSink {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void write(AuditEvent event) {
    events.add(event);
  }

  /** A snapshot of every event so far. */
  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  /** The events of one type, in order. */
  public List<AuditEvent> ofType(String type) {
    return matching(e -> e.type().equals(type));
  }

  /** The events of one call, in order. */
  public List<AuditEvent> ofCall(String callId) {
    return matching(e -> callId.equals(e.callId()));
  }

  public synchronized List<AuditEvent> matching(Predicate<AuditEvent> predicate) {
    return events.stream().filter(predicate).toList();
  }

  public synchronized void clear() {
    events.clear();
  }
}
