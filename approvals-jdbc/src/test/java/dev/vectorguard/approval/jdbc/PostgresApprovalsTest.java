package dev.vectorguard.approval.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.approval.ApprovalException;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.jdbc.testing.PostgresServer;
import dev.vectorguard.testing.ApprovalStoreSuite;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The approval lifecycle through a real PostgreSQL server: every guard (replica) and the
 * approver's desk open their own {@link JdbcApprovalStore} on the same database, so nothing is
 * shared but the database.
 */
class PostgresApprovalsTest extends ApprovalStoreSuite {
  @RegisterExtension static final PostgresServer POSTGRES = new PostgresServer();

  @Override
  protected ApprovalStore newStore() {
    return JdbcApprovalStore.open(POSTGRES.jdbcUrl());
  }

  @Test
  void theSchemaIsCreatedOnceAndRecordedAsVersion1EvenWhenReplicasStartTogether() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<JdbcApprovalStore>> opened = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        opened.add(pool.submit(() -> JdbcApprovalStore.open(POSTGRES.jdbcUrl())));
      }
      for (Future<JdbcApprovalStore> store : opened) {
        assertThat(store.get(60, TimeUnit.SECONDS)).isNotNull();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection connection = DriverManager.getConnection(POSTGRES.jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version, description FROM vg_schema_migrations")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
      assertThat(rows.getString(2)).isEqualTo("approval requests, live fingerprints and votes");
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void aSchemaNewerThanTheLibraryFailsAtStartSayingSo() throws Exception {
    JdbcApprovalStore.open(POSTGRES.jdbcUrl());
    try (Connection connection = DriverManager.getConnection(POSTGRES.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO vg_schema_migrations VALUES (7, 'from the future', 0)");
    }
    assertThatThrownBy(() -> JdbcApprovalStore.open(POSTGRES.jdbcUrl()))
        .isInstanceOf(ApprovalException.class)
        .hasMessage("the approval tables are at schema version 7, newer than this library's 1: "
            + "upgrade vectorguard-approvals-jdbc");
  }

  @Test
  void anUnreachableDatabaseFailsAtStartWithoutEchoingThePassword() {
    assertThatThrownBy(() -> JdbcApprovalStore.open("jdbc:postgresql://127.0.0.1:1/none?user=vg&password=hunter2"))
        .isInstanceOf(ApprovalException.class)
        .hasMessageStartingWith("the approval store could not create or migrate the approval tables (SQL state 08001)")
        .hasMessageNotContaining("hunter2");
  }
}
