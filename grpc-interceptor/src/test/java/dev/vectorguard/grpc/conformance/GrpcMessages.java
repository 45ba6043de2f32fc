package dev.vectorguard.grpc.conformance;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Message;
import io.grpc.ServiceDescriptor;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.SnapshotsGrpc;
import io.qdrant.client.grpc.StorageReadGrpc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The official clients' request and response types of each Qdrant and Milvus method, so that a
 * row's protobuf JSON is parsed into exactly the class the client would send. Qdrant's come from
 * the stubs' method descriptors; the Milvus SDK shades gRPC, so its come from the protobuf service
 * descriptor and the generated classes ({@code java_multiple_files} in {@code io.milvus.grpc}).
 */
final class GrpcMessages {
  /** A method's request and response prototypes. */
  record Types(Message request, Message response) {}

  private static final Map<String, Types> BY_METHOD = load();

  private GrpcMessages() {}

  /** The types of {@code fullMethodName} ({@code qdrant.Points/Search}). */
  static Types of(String fullMethodName) {
    Types types = BY_METHOD.get(fullMethodName);
    if (types == null) {
      return milvus(fullMethodName);
    }
    return types;
  }

  private static Map<String, Types> load() {
    Map<String, Types> out = new HashMap<>();
    for (ServiceDescriptor service : List.of(PointsGrpc.getServiceDescriptor(), CollectionsGrpc.getServiceDescriptor(),
        SnapshotsGrpc.getServiceDescriptor(), QdrantGrpc.getServiceDescriptor(),
        StorageReadGrpc.getServiceDescriptor())) {
      for (io.grpc.MethodDescriptor<?, ?> method : service.getMethods()) {
        out.put(method.getFullMethodName(), new Types(prototype(method.getRequestMarshaller()),
            prototype(method.getResponseMarshaller())));
      }
    }
    return Map.copyOf(out);
  }

  /** A Milvus method's types, resolved when asked for: not every type the service names has a class in the SDK. */
  private static Types milvus(String fullMethodName) {
    var service = io.milvus.grpc.MilvusProto.getDescriptor().findServiceByName("MilvusService");
    MethodDescriptor method = fullMethodName.startsWith(service.getFullName() + "/")
        ? service.findMethodByName(fullMethodName.substring(service.getFullName().length() + 1)) : null;
    if (method == null) {
      throw new IllegalArgumentException("no official client declares " + fullMethodName);
    }
    return new Types(milvus(method.getInputType()), milvus(method.getOutputType()));
  }

  private static Message prototype(io.grpc.MethodDescriptor.Marshaller<?> marshaller) {
    return (Message) ((io.grpc.MethodDescriptor.PrototypeMarshaller<?>) marshaller).getMessagePrototype();
  }

  private static Message milvus(com.google.protobuf.Descriptors.Descriptor type) {
    String name = type.getFile().getOptions().getJavaPackage() + "." + type.getName();
    try {
      return (Message) Class.forName(name).getMethod("getDefaultInstance").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the Milvus SDK has no message class " + name, e);
    }
  }
}
