package dev.vectorguard.grpc.internal;

import dev.vectorguard.GuardFailureException;

/** A request a dialect cannot classify or rewrite safely; the adapter refuses the call with it. */
public final class RequestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final GuardFailureException.Cause cause;

  public RequestRejectedException(GuardFailureException.Cause cause, String detail) {
    super(detail);
    this.cause = cause;
  }

  /** Why: {@code CLASSIFY} or {@code PARSE}. */
  public GuardFailureException.Cause failure() {
    return cause;
  }
}
