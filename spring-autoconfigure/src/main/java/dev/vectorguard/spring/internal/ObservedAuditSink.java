package dev.vectorguard.spring.internal;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditMode;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.spring.VectorGuardObserver;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Passes each event to the application's sink, then to the observers; not public API. Observers
 * run after the sink and cannot change its outcome: what they throw is logged and dropped.
 */
public final class ObservedAuditSink implements AuditSink {
  private static final System.Logger LOG = System.getLogger(ObservedAuditSink.class.getName());

  private final AuditSink delegate;
  private final AuditMode mode;
  private final BiConsumer<AuditEvent, @Nullable Exception> writes;
  private final List<VectorGuardObserver> observers;

  /**
   * @param writes told of every write and its failure, before the observers
   * @param mode the guard's audit mode: in required mode a refused {@code call.started} is
   *     superseded by the {@code call.refused} that follows, so observers do not see it
   */
  public ObservedAuditSink(AuditSink delegate, AuditMode mode, BiConsumer<AuditEvent, @Nullable Exception> writes,
      List<VectorGuardObserver> observers) {
    this.delegate = delegate;
    this.mode = mode;
    this.writes = writes;
    this.observers = List.copyOf(observers);
  }

  public AuditSink delegate() {
    return delegate;
  }

  @Override
  public void write(AuditEvent event) throws IOException {
    try {
      delegate.write(event);
    } catch (IOException | RuntimeException e) {
      writes.accept(event, e);
      if (!(mode == AuditMode.REQUIRED && AuditEvent.CALL_STARTED.equals(event.type()))) {
        observe(event);
      }
      throw e;
    }
    writes.accept(event, null);
    observe(event);
  }

  private void observe(AuditEvent event) {
    for (VectorGuardObserver observer : observers) {
      try {
        observer.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Vectorguard observer " + observer.getClass().getName() + " failed on "
            + event.type() + ": " + e);
      }
    }
  }

  @Override
  public void endOfBatch() throws IOException {
    delegate.endOfBatch();
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return "ObservedAuditSink{" + delegate + '}';
  }
}
