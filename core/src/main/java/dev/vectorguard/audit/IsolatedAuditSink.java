package dev.vectorguard.audit;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a sink, typically one the application supplies, so that it can never fail a call or
 * disturb other sinks: whatever it throws from {@code write}, {@code endOfBatch}, {@code flush} or
 * {@code close} is counted and logged (the first failure and then at every power of two), never
 * rethrown. Use it for sinks whose loss is acceptable; in required audit mode the guard relies on
 * the sinks that are not isolated. Thread-safe when the wrapped sink is.
 *
 * <pre>{@code
 * AuditSink sink = CompositeAuditSink.of(fileSink, IsolatedAuditSink.of(userSink));
 * }</pre>
 */
public final class IsolatedAuditSink implements AuditSink {
  private static final System.Logger LOG = System.getLogger(IsolatedAuditSink.class.getName());

  private final AuditSink delegate;
  private final AtomicLong failures = new AtomicLong();

  private IsolatedAuditSink(AuditSink delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code delegate}; returns it as is when it is already isolated. */
  public static IsolatedAuditSink of(AuditSink delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof IsolatedAuditSink isolated ? isolated : new IsolatedAuditSink(delegate);
  }

  @Override
  public void write(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    try {
      delegate.write(event);
    } catch (Exception | LinkageError | AssertionError e) {
      failed("write " + event.type() + " of " + event.callId(), e);
    }
  }

  @Override
  public void endOfBatch() {
    try {
      delegate.endOfBatch();
    } catch (Exception | LinkageError | AssertionError e) {
      failed("end a batch", e);
    }
  }

  @Override
  public void flush() {
    try {
      delegate.flush();
    } catch (Exception | LinkageError | AssertionError e) {
      failed("flush", e);
    }
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } catch (Exception | LinkageError | AssertionError e) {
      failed("close", e);
    }
  }

  /** How many operations of the wrapped sink threw. */
  public long failures() {
    return failures.get();
  }

  private void failed(String what, Throwable e) {
    long n = failures.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.log(Level.WARNING, "the audit sink " + delegate + " failed to " + what + " (failure " + n
          + "); other sinks and the call are not affected", e);
    }
  }

  @Override
  public String toString() {
    return "IsolatedAuditSink{" + delegate + '}';
  }
}
