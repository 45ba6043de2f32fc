package dev.vectorguard;

import java.util.Locale;

/** The effect of a rule or a decision. */
public enum Effect {
  ALLOW,
  DENY,
  /** Allowed only with a valid just-in-time approval grant. */
  APPROVE;

  /** The lower-case name used in policies and output ({@code "approve"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
