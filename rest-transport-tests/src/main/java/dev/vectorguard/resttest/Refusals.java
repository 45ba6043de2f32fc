package dev.vectorguard.resttest;

import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vectorguard.CallRefusedException;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.VectorGuardException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Finds the guard's refusal in what a transport threw, whatever the transport wraps it in. */
public final class Refusals {
  private Refusals() {}

  /** The refusal {@code call} threw; fails the test when it threw none or something else. */
  public static VectorGuardException caught(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    if (thrown == null) {
      throw new AssertionError("expected the guard to refuse, but the call went through");
    }
    return of(thrown);
  }

  /** The guard's exception in {@code thrown}'s cause chain; fails the test when there is none. */
  public static VectorGuardException of(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof VectorGuardException e) {
        return e;
      }
    }
    throw new AssertionError("expected a refusal by the guard, but got " + thrown, thrown);
  }

  /** Whether {@code thrown} is, or wraps, the guard's refusal. */
  public static boolean isRefusal(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof VectorGuardException) {
        return true;
      }
    }
    return false;
  }

  /** The decision of a policy refusal; fails the test for a guard failure. */
  public static Decision decision(VectorGuardException e) {
    if (e instanceof CallRefusedException refused) {
      return refused.decision();
    }
    throw new AssertionError("expected a policy refusal, but the guard failed: " + e, e);
  }

  /** The cause of a guard failure; {@code null} for a policy refusal. */
  public static GuardFailureException.Cause failure(VectorGuardException e) {
    return e instanceof GuardFailureException failed ? failed.failure() : null;
  }
}
