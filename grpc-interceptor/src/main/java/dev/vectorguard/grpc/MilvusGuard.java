package dev.vectorguard.grpc;

import dev.vectorguard.VectorGuard;
import io.milvus.client.MilvusServiceClient;
import io.milvus.grpc.MilvusServiceGrpc.MilvusServiceBlockingStub;
import io.milvus.grpc.MilvusServiceGrpc.MilvusServiceFutureStub;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Guards the Milvus Java SDK ({@code io.milvus:milvus-sdk-java} 2.5.x and 2.6.x), which takes no
 * user interceptor: the SDK's stubs are replaced by stubs with the guard's interceptor, which
 * reuses the same Milvus dialect as {@link VectorGuardGrpc}. SDK 2.6.18+ shades gRPC, 2.5.x (what
 * LangChain4j and Spring AI bring) does not; the gRPC the SDK's stubs are built on is found when
 * the guard is created, and only that flavour's classes are loaded.
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

  private final MilvusStubs stubs;

  private MilvusGuard(VectorGuard guard) {
    this.stubs = MilvusStubs.forSdk(guard);
  }

  /**
   * The Milvus SDK adapter of {@code guard}.
   *
   * @throws IllegalStateException when no Milvus SDK is on the classpath, or one whose stubs are
   *     built on neither {@code io.grpc} nor the SDK's shaded gRPC
   */
  public static MilvusGuard create(VectorGuard guard) {
    return new MilvusGuard(Objects.requireNonNull(guard, "guard"));
  }

  /**
   * Connects a new client with {@code config} and guards it; unlike {@link #wrap(MilvusClientV2)},
   * the client stays guarded across {@code useDatabase(...)}. The SDK's own {@code Connect} and
   * {@code ListDatabases} in its constructor are not guarded.
   */
  public MilvusClientV2 connect(ConnectConfig config) {
    return new GuardedMilvusClientV2(Objects.requireNonNull(config, "config"), this);
  }

  /**
   * Guards every later call of {@code client} and returns it.
   *
   * @throws IllegalStateException when this SDK version's client cannot be guarded (its stub
   *     field is not where SDK 2.5.x and 2.6.x keep it)
   */
  public MilvusClientV2 wrap(MilvusClientV2 client) {
    Objects.requireNonNull(client, "client");
    synchronized (GUARDED_STUBS) {
      MilvusServiceBlockingStub stub = read(MilvusClientV2.class, client, "blockingStub",
          MilvusServiceBlockingStub.class);
      if (GUARDED_STUBS.get(client) == stub) {
        return client;
      }
      // SDK 2.5 names the client's database in the dbname header only, added after the guard.
      String database = read(MilvusClientV2.class, client, "connectConfig", ConnectConfig.class).getDbName();
      MilvusServiceBlockingStub guarded = (MilvusServiceBlockingStub) stubs.guard(stub, database);
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
      MilvusServiceBlockingStub guarded = (MilvusServiceBlockingStub) stubs.guard(blocking, null);
      write(MilvusServiceClient.class, client, "blockingStub", guarded);
      write(MilvusServiceClient.class, client, "futureStub", stubs.guard(future, null));
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
          + " is not accessible (" + e + "); Vectorguard supports milvus-sdk-java 2.5.x and 2.6.x", e);
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
