package dev.vectorguard.testkit;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.Locale;

/**
 * Binds {@link MilvusService} on plain {@code io.grpc}, from the {@code MilvusService} descriptor
 * of the SDK's own protobuf classes rather than from its generated {@code MilvusServiceImplBase}:
 * that base class implements the SDK's shaded gRPC in 2.6.18+ and plain gRPC in 2.5.x, so a server
 * built on it runs with one SDK line only. Bound this way, the same server (the same RPC names,
 * request and response messages) serves clients of both lines; RPCs that {@link MilvusService}
 * does not implement answer {@code UNIMPLEMENTED}, as the generated base class does.
 */
final class MilvusServiceDefinition {
  private static final String SERVICE = "milvus.proto.milvus.MilvusService";

  private MilvusServiceDefinition() {}

  static ServerServiceDefinition of(MilvusService service) {
    Descriptors.ServiceDescriptor proto = io.milvus.grpc.MilvusProto.getDescriptor().findServiceByName("MilvusService");
    if (proto == null || !proto.getFullName().equals(SERVICE)) {
      throw new IllegalStateException("this Milvus SDK's protobuf classes have no " + SERVICE);
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(SERVICE);
    for (Descriptors.MethodDescriptor rpc : proto.getMethods()) {
      Method handler = handler(rpc);
      if (handler != null) {
        builder.addMethod(unary(rpc, handler), ServerCalls.asyncUnaryCall(
            (request, response) -> invoke(service, handler, request, response)));
      }
    }
    return builder.build();
  }

  /** {@code MilvusService}'s public method for {@code rpc}, named as grpc-java names it ({@code Search} → {@code search}). */
  private static Method handler(Descriptors.MethodDescriptor rpc) {
    String name = rpc.getName().substring(0, 1).toLowerCase(Locale.ROOT) + rpc.getName().substring(1);
    for (Method m : MilvusService.class.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == 2 && m.getParameterTypes()[1] == StreamObserver.class) {
        if (rpc.isClientStreaming() || rpc.isServerStreaming()) {
          throw new IllegalStateException(rpc.getFullName() + " is streaming; the test server binds unary RPCs only");
        }
        return m;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static MethodDescriptor<Object, Object> unary(Descriptors.MethodDescriptor rpc, Method handler) {
    Class<?> request = handler.getParameterTypes()[0];
    Class<?> response = (Class<?>) ((ParameterizedType) handler.getGenericParameterTypes()[1])
        .getActualTypeArguments()[0];
    return MethodDescriptor.newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, rpc.getName()))
        .setRequestMarshaller((MethodDescriptor.Marshaller<Object>) (Object) ProtoUtils.marshaller(defaultOf(request)))
        .setResponseMarshaller((MethodDescriptor.Marshaller<Object>) (Object) ProtoUtils.marshaller(defaultOf(response)))
        .build();
  }

  private static Message defaultOf(Class<?> type) {
    try {
      return (Message) type.getMethod("getDefaultInstance").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getName() + " is not a generated protobuf message", e);
    }
  }

  private static void invoke(MilvusService service, Method handler, Object request, StreamObserver<Object> response) {
    try {
      handler.invoke(service, request, response);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
