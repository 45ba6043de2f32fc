package dev.vectorguard.spring;

import dev.vectorguard.Spi;
import dev.vectorguard.audit.AuditEvent;

/**
 * Sees every audit event the guard built by auto-configuration writes: the hook behind the
 * actuator endpoint, the health indicator and the Micrometer metrics. Beans of this type are
 * picked up in {@code @Order}.
 *
 * <p>Called on the request path, after the audit sink, for each event that describes what
 * happened to a call: a {@code call.started} event the sink refused in required audit mode is
 * not passed on, since a {@code call.refused} event follows it. Implementations are thread-safe
 * and fast; an exception they throw is logged and otherwise ignored, so an observer can neither
 * refuse a call nor lose an audit event.
 */
@FunctionalInterface
@Spi
public interface VectorGuardObserver {

  /** Observes one event. */
  void onEvent(AuditEvent event);
}
