package dev.vectorguard.audit;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes every event to each of several sinks, in order. A sink that throws does not stop the
 * others from receiving the event: the failure is counted and logged, and once every sink has
 * been tried, {@code write} throws an {@link IOException} naming the failed sinks (the first
 * failure attached, the others suppressed), so that required audit mode still fails closed when
 * a sink it relies on did not record the call. Wrap a sink in {@link IsolatedAuditSink} when its
 * failures must not refuse calls. Thread-safe when the sinks are.
 *
 * <pre>{@code
 * AuditSink sink = CompositeAuditSink.of(asyncFileSink, IsolatedAuditSink.of(LoggerAuditSink.create()));
 * }</pre>
 */
public final class CompositeAuditSink implements AuditSink {
  private static final System.Logger LOG = System.getLogger(CompositeAuditSink.class.getName());

  private final List<AuditSink> sinks;
  private final AtomicLong failures = new AtomicLong();

  private CompositeAuditSink(List<AuditSink> sinks) {
    this.sinks = sinks;
  }

  /**
   * A sink that writes to each of {@code sinks}.
   *
   * @throws IllegalArgumentException when {@code sinks} is empty
   */
  public static CompositeAuditSink of(AuditSink... sinks) {
    return of(List.of(sinks));
  }

  /** @throws IllegalArgumentException when {@code sinks} is empty */
  public static CompositeAuditSink of(List<? extends AuditSink> sinks) {
    List<AuditSink> copy = List.copyOf(sinks);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a composite audit sink needs at least one sink");
    }
    return new CompositeAuditSink(copy);
  }

  @Override
  public void write(AuditEvent event) throws IOException {
    Objects.requireNonNull(event, "event");
    each(sink -> sink.write(event), "write " + event.type());
  }

  @Override
  public void endOfBatch() throws IOException {
    each(AuditSink::endOfBatch, "end a batch");
  }

  @Override
  public void flush() throws IOException {
    each(AuditSink::flush, "flush");
  }

  /** Closes every sink, even when some fail. */
  @Override
  public void close() throws IOException {
    each(AuditSink::close, "close");
  }

  /** How many sink operations threw. */
  public long failures() {
    return failures.get();
  }

  public List<AuditSink> sinks() {
    return sinks;
  }

  private interface SinkAction {
    void apply(AuditSink sink) throws IOException;
  }

  private void each(SinkAction action, String what) throws IOException {
    List<String> failedSinks = new ArrayList<>();
    List<Exception> errors = new ArrayList<>();
    for (AuditSink sink : sinks) {
      try {
        action.apply(sink);
      } catch (IOException | RuntimeException e) {
        failures.incrementAndGet();
        failedSinks.add(sink.toString());
        errors.add(e);
        LOG.log(Level.WARNING, "the audit sink " + sink + " failed to " + what + ": " + e);
      }
    }
    if (!errors.isEmpty()) {
      IOException error = new IOException(errors.size() + " of " + sinks.size() + " audit sinks failed to " + what
          + ": " + String.join(", ", failedSinks) + " (first: " + errors.get(0).getMessage() + ")", errors.get(0));
      errors.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
  }

  @Override
  public String toString() {
    return "CompositeAuditSink" + sinks;
  }
}
