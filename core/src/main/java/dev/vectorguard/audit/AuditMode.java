package dev.vectorguard.audit;

/** What the guard does when the audit sink does not accept an event. */
public enum AuditMode {
  /** A call whose {@code call.started} event is not accepted is refused; nothing is sent. */
  REQUIRED,
  /** The call proceeds; the failure is counted and logged. */
  BEST_EFFORT
}
