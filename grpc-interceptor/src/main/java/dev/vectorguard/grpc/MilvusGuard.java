package dev.vectorguard.grpc;

import dev.vectorguard.VectorGuard;
import io.milvus.client.MilvusServiceClient;
import io.milvus.grpc.MilvusServiceGrpc.MilvusServiceBlockingStub;
import io.milvus.grpc.MilvusServiceGrpc.MilvusServiceFutureStub;
import io.milvus.v2.client.MilvusClientV2;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Guards the Milvus Java SDK 2.6.18+ ({@code io.milvus:milvus-sdk-java}), whose gRPC is shaded
 * and which takes no user interceptor: the SDK's stubs are replaced by stubs with the guard's
 * interceptor, which reuses the same Milvus dialect as {@link VectorGuardGrpc}.
 *
 * <pre>{@code
 * MilvusClientV2 milvus = MilvusGuard.create(guard).connect(ConnectConfig.builder()
 *     .uri("http://milvus:19530").build());        // no SDK credentials: the guard attaches its own
 * try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
 *   milvus.search(searchReq);                      // decided, rewritten, masked and audited
 * }
 * }</pre>
 *
 * <p>The client is guarded <em>in place</em> (the SDK offers no copy): {@code Connect} and the
 * constructor's {@code ListDatabases} happened before and are not guarded. Wrapping a guarded
 * client again changes nothing; wrap again after {@code useDatabase(...)}, which replaces the
 * SDK's stub. A refused call surfaces as the SDK's
 * exception for a {@code PERMISSION_DENIED} status, which the SDK does not retry. The guard's
 * credential goes first in {@code authorization}; the SDK appends its own, if it has one, after
 * it. Thread-safe.
 */
public final class MilvusGuard {
  /** The stub each client was last guarded with, so wrapping again is a no-op rather than a second guard. */
  private static final Map<Object, Object> GUARDED_STUBS = Collections.synchronizedMap(new WeakHashMap<>());

  private final MilvusShadedInterceptor interceptor;

  private MilvusGuard(VectorGuard guard) {
    this.interceptor = new MilvusShadedInterceptor(guard, MilvusShadedInterceptor.HEADERS_FIRST);
  }

  /** The Milvus SDK adapter of {@code guard}. */
  public static MilvusGuard create(VectorGuard guard) {
    return new MilvusGuard(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Connects a new client with {@code config} and guards it; unlike {@link #wrap(MilvusClientV2)},
   * the client stays guarded across {@code useDatabase(...)}. The SDK's own {@code Connect} and
   * {@code ListDatabases} in its constructor are not guarded.
   */
  public MilvusClientV2 connect(io.milvus.v2.client.ConnectConfig config) {
    return new GuardedMilvusClientV2(Objects.requireNonNull(config, "config"), this);
  }

  /**
   * Guards every later call of {@code client} and returns it.
   *
   * @throws IllegalStateException when this SDK version's client cannot be guarded (its stub
   *     field is not where SDK 2.6.18-2.6.22 keep it)
   */
  public MilvusClientV2 wrap(MilvusClientV2 client) {
    Objects.requireNonNull(client, "client");
    synchronized (GUARDED_STUBS) {
      MilvusServiceBlockingStub stub = read(MilvusClientV2.class, client, "blockingStub",
          MilvusServiceBlockingStub.class);
      if (GUARDED_STUBS.get(client) == stub) {
        return client;
      }
      MilvusServiceBlockingStub guarded = stub.withInterceptors(interceptor);
      client.setBlockingStub(guarded);
      GUARDED_STUBS.put(client, guarded);
      return client;
    }
  }

  /**
   * Guards every later call of the v1 {@code client} (and of copies made from it afterwards by
   * {@code withTimeout}/{@code withRetry}) and returns it.
   *
   * @throws IllegalStateException when this SDK version's client cannot be guarded
   */
  public MilvusServiceClient wrap(MilvusServiceClient client) {
    Objects.requireNonNull(client, "client");
    synchronized (GUARDED_STUBS) {
      MilvusServiceBlockingStub blocking = read(MilvusServiceClient.class, client, "blockingStub",
          MilvusServiceBlockingStub.class);
      if (GUARDED_STUBS.get(client) == blocking) {
        return client;
      }
      MilvusServiceFutureStub future = read(MilvusServiceClient.class, client, "futureStub",
          MilvusServiceFutureStub.class);
      MilvusServiceBlockingStub guarded = blocking.withInterceptors(interceptor);
      write(MilvusServiceClient.class, client, "blockingStub", guarded);
      write(MilvusServiceClient.class, client, "futureStub", future.withInterceptors(interceptor));
      GUARDED_STUBS.put(client, guarded);
      return client;
    }
  }

  private static <T> T read(Class<?> owner, Object target, String name, Class<T> type) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      return type.cast(Objects.requireNonNull(field.get(target), name + " is not set"));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot guard this Milvus SDK client: " + owner.getName() + "." + name
          + " is not accessible (" + e + "); Vectorguard supports milvus-sdk-java 2.6.18 to 2.6.22", e);
    }
  }

  private static void write(Class<?> owner, Object target, String name, Object value) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      field.set(target, value);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot guard this Milvus SDK client: " + owner.getName() + "." + name
          + " cannot be replaced (" + e + ")", e);
    }
  }
}
