package dev.vectorguard.identity;

/**
 * Thrown by a workload {@link java.util.function.Supplier} when no verified workload can be had;
 * the guard refuses the call (cause {@code identity}). The cause says why; the message never
 * contains a token.
 */
public final class WorkloadUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WorkloadUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
