package dev.vectorguard.approval.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * The approval tables' schema as numbered migrations, applied in order and recorded in
 * {@code vg_schema_migrations}. Replicas starting together race safely: each migration runs in a
 * transaction that first claims its version row, so a second replica waits on that row and then
 * finds it applied. Not public API.
 */
final class Migrations {
  /** A schema change: its version, what it does, and its statements (portable SQL: PostgreSQL, H2). */
  record Migration(int version, String description, List<String> statements) {}

  static final List<Migration> ALL = List.of(
      new Migration(1, "approval requests, live fingerprints and votes", List.of(
          """
          CREATE TABLE vg_approval_requests (
            id VARCHAR(64) PRIMARY KEY,
            fingerprint VARCHAR(64) NOT NULL,
            state VARCHAR(16) NOT NULL,
            workload VARCHAR(2000) NOT NULL,
            actor_json VARCHAR NOT NULL,
            backend VARCHAR(32) NOT NULL,
            operation VARCHAR(64) NOT NULL,
            collections_json VARCHAR NOT NULL,
            rules_json VARCHAR NOT NULL,
            summary VARCHAR NOT NULL,
            approvers_json VARCHAR NOT NULL,
            min_approvals INTEGER NOT NULL,
            grant_ttl_ms BIGINT NOT NULL,
            single_use BOOLEAN NOT NULL,
            requested_at BIGINT NOT NULL,
            pending_until BIGINT NOT NULL,
            decided_by VARCHAR(2000),
            decision_reason VARCHAR,
            expires_at BIGINT,
            changed_at BIGINT NOT NULL
          )""",
          "CREATE INDEX vg_approval_requests_state ON vg_approval_requests (state, requested_at)",
          // One live (pending or approved) request per fingerprint: the primary key makes opening atomic.
          """
          CREATE TABLE vg_approval_live (
            fingerprint VARCHAR(64) PRIMARY KEY,
            request_id VARCHAR(64) NOT NULL REFERENCES vg_approval_requests (id)
          )""",
          // One vote per approver and request: the primary key makes n of m count distinct people.
          """
          CREATE TABLE vg_approval_votes (
            request_id VARCHAR(64) NOT NULL REFERENCES vg_approval_requests (id),
            approver VARCHAR(2000) NOT NULL,
            reason VARCHAR NOT NULL,
            voted_at BIGINT NOT NULL,
            PRIMARY KEY (request_id, approver)
          )""")));

  /** The newest schema version this library knows. */
  static final int LATEST = ALL.get(ALL.size() - 1).version();

  private Migrations() {}

  /**
   * Brings the schema to {@link #LATEST}.
   *
   * @throws SQLException when a statement fails
   * @throws IllegalStateException when the database's schema is newer than this library's
   */
  static void migrate(Connection connection, Clock clock) throws SQLException {
    createHistory(connection);
    int current = current(connection);
    if (current > LATEST) {
      throw new IllegalStateException("the approval tables are at schema version " + current
          + ", newer than this library's " + LATEST + ": upgrade vectorguard-approvals-jdbc");
    }
    for (Migration migration : ALL) {
      if (migration.version() > current) {
        apply(connection, migration, clock);
      }
    }
  }

  private static void createHistory(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS vg_schema_migrations (version INTEGER PRIMARY KEY, "
          + "description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
    } catch (SQLException e) {
      // Two replicas creating it at once: the loser sees a duplicate; the table is there either way.
      if (!SqlStates.isDuplicate(e)) {
        throw e;
      }
    }
  }

  static int current(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM vg_schema_migrations")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  private static void apply(Connection connection, Migration migration, Clock clock) throws SQLException {
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement claim = connection.prepareStatement(
          "INSERT INTO vg_schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")) {
        claim.setInt(1, migration.version());
        claim.setString(2, migration.description());
        claim.setLong(3, clock.millis());
        claim.executeUpdate();
      }
      try (Statement statement = connection.createStatement()) {
        for (String sql : migration.statements()) {
          statement.execute(sql);
        }
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      if (!SqlStates.isDuplicate(e) || current(connection) < migration.version()) {
        throw e;
      }
      // Another replica applied it while this one waited on the version row.
    } finally {
      connection.setAutoCommit(true);
    }
  }
}
