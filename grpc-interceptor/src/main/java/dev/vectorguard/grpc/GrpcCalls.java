package dev.vectorguard.grpc;

import com.google.protobuf.Message;
import dev.vectorguard.VectorCall;
import dev.vectorguard.grpc.internal.Dialects;
import dev.vectorguard.grpc.internal.GrpcDialect;
import dev.vectorguard.grpc.internal.RequestRejectedException;
import java.util.Objects;

/**
 * Classifies gRPC calls with the same bindings the interceptor uses, for tools that show what the
 * guard makes of a call without sending it (the CLI's {@code classify} and {@code explain}).
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * VectorCall call = GrpcCalls.classify("qdrant.Points/Search", searchPoints);
 * }</pre>
 */
public final class GrpcCalls {
  private GrpcCalls() {}

  /**
   * The call {@code request} to {@code fullMethodName} ({@code qdrant.Points/Search}) is, as the
   * guard would decide it (aliases it has not seen are not resolved).
   *
   * @throws GrpcClassificationException when no backend speaks the method's service, or the
   *     request cannot be read safely
   */
  public static VectorCall classify(String fullMethodName, Message request) throws GrpcClassificationException {
    Objects.requireNonNull(fullMethodName, "fullMethodName");
    Objects.requireNonNull(request, "request");
    GrpcDialect dialect = Dialects.forMethod(fullMethodName);
    if (dialect == null) {
      throw new GrpcClassificationException("no Vectorguard binding speaks " + fullMethodName);
    }
    try {
      return dialect.classify(fullMethodName, request, header -> null);
    } catch (RequestRejectedException e) {
      throw new GrpcClassificationException(e.getMessage());
    }
  }
}
