package dev.vectorguard.identity;

/**
 * A workload token could not establish an identity. Either the token was checked and
 * {@linkplain WorkloadTokenRejectedException rejected}, or it
 * {@linkplain WorkloadTokenUnverifiableException could not be checked} (the key server is down).
 * Messages never contain the token.
 */
public abstract sealed class WorkloadIdentityException extends Exception
    permits WorkloadTokenRejectedException, WorkloadTokenUnverifiableException {
  private static final long serialVersionUID = 1L;

  WorkloadIdentityException(String message, Throwable cause) {
    super(message, cause);
  }

  WorkloadIdentityException(String message) {
    super(message);
  }
}
