package dev.vectorguard.audit;

import dev.vectorguard.Spi;
import java.io.IOException;

/**
 * Receives audit events.
 *
 * <p>{@link #write} either accepts the event (written, or queued for a sink that delivers
 * asynchronously) or throws; the guard treats a throw as "not audited" and, in required audit
 * mode, refuses the call whose {@code call.started} event could not be accepted. Implementations
 * are thread-safe.
 *
 * <p>Shipped sinks: {@link HashChainFileSink} (tamper-evident JSON Lines files),
 * {@link AsyncAuditSink} (bounded queue and a writer thread in front of any sink),
 * {@link LoggerAuditSink}, {@link CompositeAuditSink} and {@link IsolatedAuditSink} (for a sink
 * that must never fail a call). For tests, {@code vectorguard-testkit} brings
 * {@code dev.vectorguard.testing.InMemoryAuditSink}, which records events and checks them.
 */
@Spi
public interface AuditSink extends AutoCloseable {

  /**
   * Accepts one event.
   *
   * @throws IOException when the event cannot be accepted
   */
  void write(AuditEvent event) throws IOException;

  /**
   * Called by a batching writer such as {@link AsyncAuditSink} after it has written a batch of
   * events, and when it is idle: the place for a group commit. Does nothing by default.
   *
   * @throws IOException when the batch cannot be made durable
   */
  default void endOfBatch() throws IOException {}

  /** Makes every accepted event durable as far as the sink's durability setting promises. */
  default void flush() throws IOException {}

  /** Delivers what is queued, then releases resources. Idempotent. */
  @Override
  default void close() throws IOException {}
}
