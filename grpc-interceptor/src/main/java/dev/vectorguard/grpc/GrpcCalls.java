package dev.vectorguard.grpc;

import com.google.protobuf.Message;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.grpc.internal.Dialects;
import dev.vectorguard.grpc.internal.GrpcDialect;
import dev.vectorguard.grpc.internal.GuardedExchange;
import dev.vectorguard.grpc.internal.RequestRejectedException;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.Objects;

/**
 * Classifies and rewrites gRPC calls with the same code the interceptor runs, for tools that show
 * what the guard makes of a call without sending it (the CLI's {@code classify} and
 * {@code explain}). Stateless and thread-safe.
 *
 * <pre>{@code
 * VectorCall call = GrpcCalls.classify("qdrant.Points/Search", searchPoints);
 * Message sent = GrpcCalls.rewrite("qdrant.Points/Search", searchPoints, call, obligations);
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
    Objects.requireNonNull(request, "request");
    try {
      return GuardedExchange.classify(dialect(fullMethodName), fullMethodName, request, header -> null);
    } catch (RequestRejectedException e) {
      throw new GrpcClassificationException(e.getMessage());
    }
  }

  /**
   * The message the interceptor would send for {@code request} under {@code obligations} (the
   * obligations of the decision on {@code call}, which {@link #classify} made of it).
   *
   * @throws GrpcClassificationException when no backend speaks the method's service
   * @throws UnenforceableRequestException when the request cannot be made to obey the obligations
   *     (it would reveal a masked field, for one); the guard refuses such a call
   */
  public static Message rewrite(String fullMethodName, Message request, VectorCall call, Obligations obligations)
      throws GrpcClassificationException, UnenforceableRequestException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(obligations, "obligations");
    return GuardedExchange.rewrite(dialect(fullMethodName), call, request, obligations);
  }

  private static GrpcDialect dialect(String fullMethodName) throws GrpcClassificationException {
    Objects.requireNonNull(fullMethodName, "fullMethodName");
    GrpcDialect dialect = Dialects.forMethod(fullMethodName);
    if (dialect == null) {
      throw new GrpcClassificationException("no Vectorguard binding speaks " + fullMethodName);
    }
    return dialect;
  }
}
