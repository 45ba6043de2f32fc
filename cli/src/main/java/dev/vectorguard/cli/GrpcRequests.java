package dev.vectorguard.cli;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.vectorguard.VectorCall;
import dev.vectorguard.grpc.GrpcCalls;
import dev.vectorguard.grpc.GrpcClassificationException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Classifies a gRPC call given as {@code SERVICE/METHOD} and an optional request message in
 * protobuf JSON, with the same dialects the gRPC adapter uses. Message types come from the
 * protos of the official Qdrant client and Milvus SDK.
 */
final class GrpcRequests {
  private GrpcRequests() {}

  private static List<FileDescriptor> files() {
    return List.of(io.qdrant.client.grpc.PointsService.getDescriptor(),
        io.qdrant.client.grpc.CollectionsService.getDescriptor(),
        io.qdrant.client.grpc.SnapshotsService.getDescriptor(),
        io.qdrant.client.grpc.QdrantOuterClass.getDescriptor(),
        io.qdrant.client.grpc.StorageReadService.getDescriptor(),
        grpc.health.v1.HealthCheck.getDescriptor(),
        io.milvus.grpc.MilvusProto.getDescriptor());
  }

  /**
   * The classified call.
   *
   * @param method {@code SERVICE/METHOD}, such as {@code qdrant.Points/Search}
   * @param json the request message in protobuf JSON, or {@code null} for an empty message
   * @throws IllegalArgumentException with a message a person can act on when the method is not a
   *     known one, the JSON does not fit its request message, or the dialect refuses the request
   */
  static VectorCall classify(String method, @Nullable String json) {
    return classify(method, message(method, json));
  }

  /**
   * The classified call of {@code request}, a message made by {@link #message}.
   *
   * @throws IllegalArgumentException when the dialect refuses the request
   */
  static VectorCall classify(String method, Message request) {
    try {
      return GrpcCalls.classify(name(method), request);
    } catch (GrpcClassificationException e) {
      throw new IllegalArgumentException("the request cannot be classified: " + e.getMessage());
    }
  }

  /** {@code SERVICE/METHOD} without a leading {@code /}. */
  static String name(String method) {
    return method.startsWith("/") ? method.substring(1) : method;
  }

  /**
   * The request message of {@code method}, from protobuf JSON ({@code null}: an empty message).
   *
   * @throws IllegalArgumentException when the method is not a known one, or the JSON does not fit
   */
  static Message message(String method, @Nullable String json) {
    String name = name(method);
    int slash = name.indexOf('/');
    if (slash <= 0 || slash == name.length() - 1) {
      throw new IllegalArgumentException("--grpc takes SERVICE/METHOD, such as qdrant.Points/Search, but was '"
          + method + "'");
    }
    String service = name.substring(0, slash);
    String methodName = name.substring(slash + 1);
    MethodDescriptor descriptor = null;
    for (FileDescriptor file : files()) {
      for (ServiceDescriptor s : file.getServices()) {
        if (s.getFullName().equals(service)) {
          descriptor = s.findMethodByName(methodName);
          if (descriptor == null) {
            throw new IllegalArgumentException("service " + service + " has no method " + methodName);
          }
        }
      }
    }
    if (descriptor == null) {
      throw new IllegalArgumentException("unknown gRPC service '" + service + "'; known: qdrant.Points, "
          + "qdrant.Collections, qdrant.Snapshots, qdrant.Qdrant, qdrant.StorageRead, grpc.health.v1.Health, "
          + "milvus.proto.milvus.MilvusService");
    }
    DynamicMessage.Builder request = DynamicMessage.newBuilder(descriptor.getInputType());
    if (json != null && !json.isBlank()) {
      try {
        JsonFormat.parser().merge(json, request);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("the message is not a valid " + descriptor.getInputType().getFullName()
            + " in protobuf JSON: " + e.getMessage());
      }
    }
    return request.build();
  }
}
