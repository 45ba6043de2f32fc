package dev.vectorguard.testing;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditJson;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Fluent checks over recorded audit events, from {@link InMemoryAuditSink#assertThat()}. Each
 * check throws an {@link AssertionError} that lists the events, so a failing test shows what was
 * written. Works with any test framework: it needs neither AssertJ nor JUnit on the class path.
 *
 * <pre>{@code
 * audit.assertThat()
 *     .hasStarted(1).hasCompleted(1).hasRefused(0)
 *     .has(AuditEvent.CALL_STARTED, "decision.effect", "allow")
 *     .everyStartedCompleted()
 *     .neverContains(credential.secret());
 * }</pre>
 */
public final class AuditAssert {
  private final List<AuditEvent> events;

  AuditAssert(List<AuditEvent> events) {
    this.events = events;
  }

  public AuditAssert hasStarted(int count) {
    return hasCount(AuditEvent.CALL_STARTED, count);
  }

  public AuditAssert hasCompleted(int count) {
    return hasCount(AuditEvent.CALL_COMPLETED, count);
  }

  public AuditAssert hasRefused(int count) {
    return hasCount(AuditEvent.CALL_REFUSED, count);
  }

  /** Exactly {@code count} events of {@code type}. */
  public AuditAssert hasCount(String type, int count) {
    long actual = events.stream().filter(e -> e.type().equals(type)).count();
    if (actual != count) {
      throw fail("expected " + count + " " + type + " event(s) but found " + actual);
    }
    return this;
  }

  /** Exactly {@code count} events in all. */
  public AuditAssert hasSize(int count) {
    if (events.size() != count) {
      throw fail("expected " + count + " event(s) but found " + events.size());
    }
    return this;
  }

  /** At least one event of {@code type} whose value at the dot {@code path} equals {@code value}. */
  public AuditAssert has(String type, String path, @Nullable Object value) {
    return hasMatching(type + " with " + path + " = " + value,
        e -> e.type().equals(type) && equal(e.get(path), value));
  }

  /** At least one event matching {@code predicate}. */
  public AuditAssert hasMatching(String description, Predicate<AuditEvent> predicate) {
    if (events.stream().noneMatch(predicate)) {
      throw fail("expected an event " + description + " but found none");
    }
    return this;
  }

  /** Every {@code call.started} has a {@code call.completed} with the same call id, after it. */
  public AuditAssert everyStartedCompleted() {
    Set<String> open = new HashSet<>();
    for (AuditEvent event : events) {
      if (event.type().equals(AuditEvent.CALL_STARTED)) {
        open.add(event.callId());
      } else if (event.type().equals(AuditEvent.CALL_COMPLETED) && !open.remove(event.callId())) {
        throw fail("call.completed of " + event.callId() + " has no call.started before it");
      }
    }
    if (!open.isEmpty()) {
      throw fail("calls started but never completed: " + open);
    }
    return this;
  }

  /** No event's JSON contains {@code text}: for secrets, tokens and masked values. */
  public AuditAssert neverContains(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text must not be empty");
    }
    for (AuditEvent event : events) {
      if (AuditJson.toJson(event).contains(text)) {
        // The message names the event, not the text: the text may be a secret.
        throw fail("event " + event.id() + " (" + event.type() + ") contains the forbidden text");
      }
    }
    return this;
  }

  private static boolean equal(@Nullable Object actual, @Nullable Object expected) {
    if (actual instanceof Number a && expected instanceof Number b) {
      return a.toString().equals(b.toString());
    }
    return Objects.equals(actual, expected);
  }

  private AssertionError fail(String message) {
    return new AssertionError(message + "; events: " + summary(events));
  }

  static String summary(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return "(none)";
    }
    return events.stream().limit(50)
        .map(e -> e.type() + (e.callId() == null ? "" : "(" + e.callId() + ")"))
        .collect(Collectors.joining(", ", "[", events.size() > 50 ? ", ... " + events.size() + " in all]" : "]"));
  }
}
