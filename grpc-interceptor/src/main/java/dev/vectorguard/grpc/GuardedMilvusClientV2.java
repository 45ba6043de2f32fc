package dev.vectorguard.grpc;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;

/**
 * A {@link MilvusClientV2} that stays guarded: {@code useDatabase} reconnects and replaces the
 * SDK's stub, so the guard is put back on the new one before the method returns.
 */
final class GuardedMilvusClientV2 extends MilvusClientV2 {
  private final MilvusGuard guard;

  GuardedMilvusClientV2(ConnectConfig config, MilvusGuard guard) {
    super(config);
    this.guard = guard;
    guard.wrap(this);
  }

  @Override
  public void useDatabase(String dbName) throws InterruptedException {
    super.useDatabase(dbName);
    guard.wrap(this);
  }
}
