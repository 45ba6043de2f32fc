package dev.vectorguard.grpc;

/** A gRPC request the guard cannot classify: the method is not one it knows, or the message cannot be read safely. */
public final class GrpcClassificationException extends Exception {
  private static final long serialVersionUID = 1L;

  GrpcClassificationException(String message) {
    super(message);
  }
}
