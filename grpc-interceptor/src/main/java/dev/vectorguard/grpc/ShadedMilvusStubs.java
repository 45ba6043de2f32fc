package dev.vectorguard.grpc;

import dev.vectorguard.VectorGuard;
import io.milvus.shaded.io.grpc.stub.AbstractStub;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** {@link MilvusStubs} for the Milvus SDK 2.6.18+, whose gRPC is shaded; loaded only with that SDK. */
final class ShadedMilvusStubs implements MilvusStubs {
  private final VectorGuard guard;
  private final MilvusShadedInterceptor unknownDatabase;
  /** One interceptor per database, so that the aliases each learns stay shared by that database's clients. */
  private final Map<String, MilvusShadedInterceptor> byDatabase = new ConcurrentHashMap<>();

  private ShadedMilvusStubs(VectorGuard guard) {
    this.guard = guard;
    this.unknownDatabase = new MilvusShadedInterceptor(guard, MilvusShadedInterceptor.HEADERS_FIRST);
  }

  static MilvusStubs create(VectorGuard guard) {
    return new ShadedMilvusStubs(guard);
  }

  @Override
  public Object guard(Object stub, @Nullable String database) {
    MilvusShadedInterceptor interceptor = database == null ? unknownDatabase : byDatabase.computeIfAbsent(database,
        db -> new MilvusShadedInterceptor(guard, new MilvusShadedInterceptor.HeadersFirst(db)));
    return ((AbstractStub<?>) stub).withInterceptors(interceptor);
  }
}
