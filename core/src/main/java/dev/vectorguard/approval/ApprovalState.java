package dev.vectorguard.approval;

import java.util.Locale;

/**
 * Where an approval request is in its lifecycle: {@code pending → approved → spent} (single use)
 * or {@code → expired / revoked}; {@code pending → rejected / expired / revoked}. Only {@link #PENDING}
 * and {@link #APPROVED} are live; the others are final.
 */
public enum ApprovalState {
  /** Waiting for approvers. */
  PENDING,
  /** Granted: calls it covers may proceed until it expires (once, when single-use). */
  APPROVED,
  /** An approver said no. */
  REJECTED,
  /** Its request or its grant ran out of time. */
  EXPIRED,
  /** An approver withdrew it before it was used up. */
  REVOKED,
  /** A single-use grant, used by one call. */
  SPENT;

  /** The lower-case name used in stores, audit events and the CLI. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the request may still change: pending or approved. */
  public boolean live() {
    return this == PENDING || this == APPROVED;
  }

  /**
   * The state named {@code id} ({@code "pending"}).
   *
   * @throws IllegalArgumentException naming the states when there is none such
   */
  public static ApprovalState of(String id) {
    for (ApprovalState state : values()) {
      if (state.id().equals(id)) {
        return state;
      }
    }
    throw new IllegalArgumentException("no approval state '" + id
        + "'; the states are pending, approved, rejected, expired, revoked, spent");
  }
}
