package dev.vectorguard.grpc.internal;

import org.jspecify.annotations.Nullable;

/** Picks the dialect that speaks a gRPC method's service. */
public final class Dialects {
  private Dialects() {}

  /** The dialect for {@code fullMethodName}, or {@code null} when no dialect speaks its service. */
  public static @Nullable GrpcDialect forMethod(String fullMethodName) {
    if (MilvusDialect.INSTANCE.handles(fullMethodName)) {
      return MilvusDialect.INSTANCE;
    }
    if (QdrantDialect.INSTANCE.handles(fullMethodName)) {
      return QdrantDialect.INSTANCE;
    }
    return null;
  }
}
