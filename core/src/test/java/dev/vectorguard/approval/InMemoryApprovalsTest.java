package dev.vectorguard.approval;

import dev.vectorguard.testing.ApprovalStoreSuite;
import org.jspecify.annotations.Nullable;

/** The approval lifecycle over {@link ApprovalStore#inMemory()}: the guards share one store object. */
class InMemoryApprovalsTest extends ApprovalStoreSuite {
  private @Nullable ApprovalStore store;

  @Override
  protected ApprovalStore newStore() {
    if (store == null) {
      store = ApprovalStore.inMemory();
    }
    return store;
  }
}
