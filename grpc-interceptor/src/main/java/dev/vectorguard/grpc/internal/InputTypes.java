package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request type of each Qdrant and Milvus method, from the service descriptors of the official
 * Java clients when they are on the class path. The server reads a request's bytes as that type,
 * so a message of another type is read by different field names than the dialect reads it by.
 */
final class InputTypes {
  private static final System.Logger LOG = System.getLogger(InputTypes.class.getName());
  /** Classes whose static {@code getDescriptor()} is a file declaring guarded services. */
  private static final List<String> HOLDERS = List.of("io.qdrant.client.grpc.PointsService",
      "io.qdrant.client.grpc.CollectionsService", "io.qdrant.client.grpc.SnapshotsService",
      "io.qdrant.client.grpc.QdrantOuterClass", "io.qdrant.client.grpc.StorageReadService",
      "io.milvus.grpc.MilvusProto");
  private static final Map<String, String> BY_METHOD = load();

  private InputTypes() {}

  /** The full name of the request type of {@code fullMethodName}, or {@code null} when no client on the class path declares it. */
  static @Nullable String of(String fullMethodName) {
    return BY_METHOD.get(fullMethodName);
  }

  private static Map<String, String> load() {
    Map<String, String> out = new HashMap<>();
    for (String holder : HOLDERS) {
      FileDescriptor file;
      try {
        file = (FileDescriptor) Class.forName(holder, true, InputTypes.class.getClassLoader())
            .getMethod("getDescriptor").invoke(null);
      } catch (ClassNotFoundException e) {
        continue;
      } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
        LOG.log(System.Logger.Level.WARNING, "could not read the service descriptors of " + holder + ": " + e);
        continue;
      }
      for (ServiceDescriptor service : file.getServices()) {
        for (MethodDescriptor method : service.getMethods()) {
          out.put(service.getFullName() + "/" + method.getName(), method.getInputType().getFullName());
        }
      }
    }
    return Map.copyOf(out);
  }
}
