package dev.vectorguard.identity;

/**
 * A workload token could not be checked: the key set could not be fetched or read. Unlike a
 * rejection, retrying later may succeed; either way no identity is established.
 */
public final class WorkloadTokenUnverifiableException extends WorkloadIdentityException {
  private static final long serialVersionUID = 1L;

  WorkloadTokenUnverifiableException(String message, Throwable cause) {
    super("workload token could not be verified: " + message, cause);
  }
}
