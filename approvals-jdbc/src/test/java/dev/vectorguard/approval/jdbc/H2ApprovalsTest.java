package dev.vectorguard.approval.jdbc;

import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.testing.ApprovalStoreSuite;
import java.util.UUID;

/** The same lifecycle on an embedded H2 database (the demo's file store), each test on its own database. */
class H2ApprovalsTest extends ApprovalStoreSuite {
  private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  protected ApprovalStore newStore() {
    return JdbcApprovalStore.open(url);
  }
}
