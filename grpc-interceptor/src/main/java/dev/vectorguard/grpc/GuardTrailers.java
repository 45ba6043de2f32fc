package dev.vectorguard.grpc;

/**
 * The trailers a guarded gRPC call closes with when the guard refused it, for applications that
 * want to say more than the status description: which rules refused it, which approval to ask
 * for, and the call id to find it in the audit trail.
 *
 * <pre>{@code
 * Metadata trailers = Status.trailersFromThrowable(e);
 * String approvalId = trailers.get(Metadata.Key.of(GuardTrailers.APPROVAL_ID, Metadata.ASCII_STRING_MARSHALLER));
 * }</pre>
 */
public final class GuardTrailers {
  /** The guard's id of the call, as its audit records name it. */
  public static final String CALL_ID = "vectorguard-call-id";
  /** The approval request to ask an approver for, when the call needs an approval. */
  public static final String APPROVAL_ID = "vectorguard-approval-id";
  /** The rules that refused the call, comma-separated. */
  public static final String RULES = "vectorguard-rules";
  /** Why the guard could not decide ({@code classify}, {@code parse}, {@code token}, ...). */
  public static final String FAILURE = "vectorguard-failure";

  private GuardTrailers() {}
}
