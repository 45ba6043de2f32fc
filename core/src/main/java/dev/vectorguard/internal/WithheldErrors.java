package dev.vectorguard.internal;

/**
 * The words the adapters put in place of a database's error message under obligations that hide
 * fields ({@link dev.vectorguard.Obligations#hidesFields()}); not public API. One text for every
 * backend and transport, so that a caller can recognise it.
 */
public final class WithheldErrors {
  /** Replaces the database's error message, in its body, status description or in-band status. */
  public static final String MESSAGE = "Vectorguard withheld the database's error message: the call's obligations"
      + " hide fields, and an error message can quote the values they hide";
  /** What {@code call.completed} records as the error instead of the database's message. */
  public static final String AUDITED = "the database's error message was withheld (the obligations hide fields)";

  private WithheldErrors() {}
}
