package dev.vectorguard.grpc;

import dev.vectorguard.VectorGuard;
import io.grpc.stub.AbstractStub;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link MilvusStubs} on the gRPC whose {@code AbstractStub} this class imports, loaded only with an
 * SDK built on it. This file is on plain gRPC, for the SDKs 2.5.x (as LangChain4j and Spring AI bring
 * them) and 2.6.0-2.6.17; the build relocates it to the shaded gRPC of SDK 2.6.18+ as
 * {@code ShadedMilvusStubs}, as it relocates GuardClientInterceptor (see this module's pom).
 */
final class PlainMilvusStubs implements MilvusStubs {
  private final VectorGuard guard;
  private final GuardClientInterceptor unknownDatabase;
  /** One interceptor per database, so that the aliases each learns stay shared by that database's clients. */
  private final Map<String, GuardClientInterceptor> byDatabase = new ConcurrentHashMap<>();

  private PlainMilvusStubs(VectorGuard guard) {
    this.guard = guard;
    this.unknownDatabase = new GuardClientInterceptor(guard, GuardClientInterceptor.HEADERS_FIRST);
  }

  static MilvusStubs create(VectorGuard guard) {
    return new PlainMilvusStubs(guard);
  }

  @Override
  public Object guard(Object stub, @Nullable String database) {
    GuardClientInterceptor interceptor = database == null ? unknownDatabase : byDatabase.computeIfAbsent(database,
        db -> new GuardClientInterceptor(guard, new GuardClientInterceptor.HeadersFirst(db)));
    return ((AbstractStub<?>) stub).withInterceptors(interceptor);
  }
}
