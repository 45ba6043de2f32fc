package dev.vectorguard.internal;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditEvents;
import dev.vectorguard.audit.AuditSink;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * What a guard's audit sink did not accept since it last did: events, calls refused for it and
 * calls that went ahead without it, written as one {@code audit.dropped} event (cause
 * {@code sink_failed}) as soon as the sink accepts an event again; not public API. Thread-safe.
 */
public final class AuditGap {
  /** Read without the lock on every accepted event: most of the time there is no gap. */
  private final AtomicBoolean open = new AtomicBoolean();
  private long events;
  private long refusedCalls;
  private long unauditedCalls;
  private @Nullable Instant since;
  private @Nullable String error;

  /** Counts one event the sink did not accept; {@code refusedCall} or {@code unauditedCall} for a call.started. */
  public synchronized void missed(Instant at, Throwable cause, boolean refusedCall, boolean unauditedCall) {
    events++;
    refusedCalls += refusedCall ? 1 : 0;
    unauditedCalls += unauditedCall ? 1 : 0;
    if (since == null) {
      since = at;
    }
    if (error == null && cause.getMessage() != null) {
      error = cause.getMessage(); // the first: later ones tend to say only that the sink failed earlier
    }
    open.set(true);
  }

  /**
   * Called after {@code sink} accepted an event: writes the gap, if there is one, to it. When the
   * sink does not accept that event either, the counts are kept for the next time.
   */
  public void close(AuditSink sink, Instant at) {
    if (!open.get()) {
      return;
    }
    AuditEvent report;
    synchronized (this) {
      if (events == 0) {
        return;
      }
      report = AuditEvents.notAccepted(events, refusedCalls, unauditedCalls, since, error, at);
      events = 0;
      refusedCalls = 0;
      unauditedCalls = 0;
      since = null;
      error = null;
      open.set(false);
    }
    try {
      sink.write(report);
    } catch (Exception | LinkageError | AssertionError e) {
      synchronized (this) {
        events += ((Number) report.data().get("count")).longValue();
        refusedCalls += ((Number) report.data().get("refused_calls")).longValue();
        unauditedCalls += ((Number) report.data().get("unaudited_calls")).longValue();
        Instant first = Instant.parse((String) report.data().get("since"));
        since = since == null || first.isBefore(since) ? first : since;
        open.set(true);
      }
    }
  }
}
