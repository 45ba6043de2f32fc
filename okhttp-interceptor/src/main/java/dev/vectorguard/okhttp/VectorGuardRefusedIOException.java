package dev.vectorguard.okhttp;

import dev.vectorguard.CallRefusedException;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.VectorGuardException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Vectorguard refused an OkHttp call: the policy denied it, or allowed it but its request could
 * not be made to obey the obligations ({@link #decision()} is set), or the guard could not decide
 * or serve it safely ({@link #failure()} is set). Nothing was sent, or, when
 * the response could not be masked, nothing was passed on. An {@link IOException} because OkHttp
 * interceptors may throw nothing else without breaking asynchronous callers.
 */
public final class VectorGuardRefusedIOException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String callId;
  private final transient @Nullable Decision decision;
  private final GuardFailureException.@Nullable Cause failure;

  private VectorGuardRefusedIOException(String message, String callId, @Nullable Decision decision,
      GuardFailureException.@Nullable Cause failure, @Nullable Throwable cause) {
    super(message, cause);
    this.callId = callId;
    this.decision = decision;
    this.failure = failure;
  }

  static VectorGuardRefusedIOException of(VectorGuardException e) {
    if (e instanceof CallRefusedException refused) {
      return new VectorGuardRefusedIOException(e.getMessage(), e.callId(), refused.decision(), null, e);
    }
    GuardFailureException failed = (GuardFailureException) e;
    return new VectorGuardRefusedIOException(e.getMessage(), e.callId(), null, failed.failure(), e);
  }

  /** The id of the refused call in the audit trail. */
  public String callId() {
    return callId;
  }

  /** The policy decision, when the policy refused the call or it was unsafe to serve; else {@code null}. */
  public @Nullable Decision decision() {
    return decision;
  }

  /** What the guard could not do, when it could not decide or mask; else {@code null}. */
  public GuardFailureException.@Nullable Cause failure() {
    return failure;
  }
}
