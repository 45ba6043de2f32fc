package dev.vectorguard.testing;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Keeps every event in memory, in the order written. For tests and samples, never for production:
 * it keeps everything. Thread-safe.
 *
 * <pre>{@code
 * InMemoryAuditSink audit = new InMemoryAuditSink();
 * ... guarded calls ...
 * audit.assertThat().hasStarted(1).hasCompleted(1).hasRefused(0).neverContains(apiKey);
 * }</pre>
 */
public final class InMemoryAuditSink implements AuditSink {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void write(AuditEvent event) {
    events.add(Objects.requireNonNull(event, "event"));
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

  /** The last event of {@code type}. @throws AssertionError when there is none */
  public AuditEvent last(String type) {
    List<AuditEvent> found = ofType(type);
    if (found.isEmpty()) {
      throw new AssertionError("no " + type + " event was written; events: " + AuditAssert.summary(events()));
    }
    return found.get(found.size() - 1);
  }

  /** Fluent checks over a snapshot of the events so far; failures throw {@link AssertionError}. */
  public AuditAssert assertThat() {
    return new AuditAssert(events());
  }

  public synchronized void clear() {
    events.clear();
  }
}
