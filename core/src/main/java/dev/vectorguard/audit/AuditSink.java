package dev.vectorguard.audit;

import java.io.IOException;

/**
 * Receives audit events.
 *
 * <p>{@link #write} either accepts the event (written, or queued for a sink that delivers
 * asynchronously) or throws; the guard treats a throw as "not audited" and, in required audit
 * mode, refuses the call whose {@code call.started} event could not be accepted. Implementations
 * are thread-safe.
 */
public interface AuditSink extends AutoCloseable {

  /**
   * Accepts one event.
   *
   * @throws IOException when the event cannot be accepted
   */
  void write(AuditEvent event) throws IOException;

  /** Makes every accepted event durable as far as the sink's durability setting promises. */
  default void flush() throws IOException {}

  /** Delivers what is queued, then releases resources. Idempotent. */
  @Override
  default void close() throws IOException {}
}
