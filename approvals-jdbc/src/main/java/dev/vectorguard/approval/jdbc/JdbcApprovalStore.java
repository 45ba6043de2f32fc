package dev.vectorguard.approval.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.approval.ApprovalException;
import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.ApprovalState;
import dev.vectorguard.approval.ApprovalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ApprovalStore} in a SQL database that every replica and every approver's tool share;
 * tested on PostgreSQL (H2 works too, for a single-machine demo). Plain JDBC; {@link #open}
 * creates or migrates the tables ({@code vg_approval_requests}, {@code vg_approval_live},
 * {@code vg_approval_votes}, versioned in {@code vg_schema_migrations}).
 *
 * <pre>{@code
 * ApprovalStore store = JdbcApprovalStore.open(dataSource);     // the application's pool
 * Approvals approvals = Approvals.builder(store).auditSink(trail).build();
 * }</pre>
 *
 * <p>Atomic in the database: opening a request inserts its fingerprint into a table keyed by it
 * (of two replicas, one wins and the other reads the winner's request); a vote locks the request
 * row ({@code SELECT … FOR UPDATE}) and inserts into a table keyed by request and approver; a
 * single-use grant is spent by {@code UPDATE … WHERE state = 'approved' AND expires_at > now}, and
 * only the statement that changed the row (row count 1) uses it. Thread-safe; each method takes
 * one connection from the data source and gives it back. Failures are {@link ApprovalException}s
 * naming the operation and the SQL state; the call that needed the store is then refused.
 */
public final class JdbcApprovalStore implements ApprovalStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};
  private static final String COLUMNS = "id, fingerprint, state, workload, actor_json, backend, operation, "
      + "collections_json, rules_json, summary, approvers_json, min_approvals, grant_ttl_ms, single_use, "
      + "requested_at, pending_until, decided_by, decision_reason, expires_at, changed_at";

  private final DataSource dataSource;

  private JdbcApprovalStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A store over {@code dataSource}, its tables created or migrated to this library's schema.
   *
   * @throws ApprovalException when the database cannot be reached or migrated, or its schema is
   *     newer than this library's
   */
  public static JdbcApprovalStore open(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection connection = dataSource.getConnection()) {
      Migrations.migrate(connection, Clock.systemUTC());
    } catch (SQLException e) {
      throw failed("create or migrate the approval tables", e);
    } catch (IllegalStateException e) {
      throw new ApprovalException(e.getMessage(), e);
    }
    return new JdbcApprovalStore(dataSource);
  }

  /**
   * A store at {@code jdbcUrl} ({@code jdbc:postgresql://db:5432/app?user=vg}), one connection per
   * operation through {@link java.sql.DriverManager}: for tools such as the CLI. An application
   * passes its connection pool to {@link #open(DataSource)} instead.
   */
  public static JdbcApprovalStore open(String jdbcUrl) {
    return open(new UrlDataSource(jdbcUrl));
  }

  /** The schema version of the tables in {@code dataSource}, 0 when they do not exist. */
  public static int schemaVersion(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return Migrations.current(connection);
    } catch (SQLException e) {
      return 0;
    }
  }

  @Override
  public ApprovalRecord open(ApprovalRecord candidate) {
    if (candidate.state() != ApprovalState.PENDING) {
      throw new IllegalArgumentException("a new request must be pending, but was " + candidate.state().id());
    }
    // A lost race reads the winner's request; that one may close in between, so try again a few times.
    for (int attempt = 0; attempt < 5; attempt++) {
      ApprovalRecord inserted = inTransaction("open an approval request", connection -> {
        try {
          insertRequest(connection, candidate);
          update(connection, "INSERT INTO vg_approval_live (fingerprint, request_id) VALUES (?, ?)",
              candidate.fingerprint(), candidate.id());
          return candidate;
        } catch (SQLException e) {
          if (SqlStates.isDuplicate(e)) {
            connection.rollback(); // PostgreSQL has aborted the transaction; end it before commit
            return null;
          }
          throw e;
        }
      });
      if (inserted != null) {
        return inserted;
      }
      ApprovalRecord live = live(candidate.fingerprint());
      if (live != null) {
        return live;
      }
    }
    throw new ApprovalException("could not open an approval request for " + candidate.summary()
        + ": the live request kept changing");
  }

  @Override
  public @Nullable ApprovalRecord find(String id) {
    return withConnection("read approval request " + id, connection -> one(connection,
        "SELECT " + COLUMNS + " FROM vg_approval_requests WHERE id = ?", id));
  }

  @Override
  public @Nullable ApprovalRecord live(String fingerprint) {
    return withConnection("read the live approval request", connection -> one(connection,
        "SELECT " + prefixed("r") + " FROM vg_approval_live l JOIN vg_approval_requests r ON r.id = l.request_id"
            + " WHERE l.fingerprint = ?", fingerprint));
  }

  @Override
  public List<ApprovalRecord> list(Set<ApprovalState> states, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM vg_approval_requests");
    List<Object> args = new ArrayList<>();
    if (!states.isEmpty()) {
      sql.append(" WHERE state IN (").append(String.join(", ", Collections.nCopies(states.size(), "?"))).append(')');
      states.stream().map(ApprovalState::id).sorted().forEach(args::add);
    }
    sql.append(" ORDER BY requested_at DESC, id LIMIT ?");
    args.add(limit);
    return withConnection("list approval requests", connection -> all(connection, sql.toString(), args.toArray()));
  }

  @Override
  public ApprovalRecord vote(String id, ApprovalRecord.Vote vote, Duration lifetime) {
    return inTransaction("record a vote on " + id, connection -> {
      // The row lock makes the check and the vote one step: racing votes queue here.
      ApprovalRecord record = ApprovalRecord.requireVotable(one(connection,
          "SELECT " + COLUMNS + " FROM vg_approval_requests WHERE id = ? FOR UPDATE", id), id, vote);
      update(connection, "INSERT INTO vg_approval_votes (request_id, approver, reason, voted_at) VALUES (?, ?, ?, ?)",
          id, vote.approver(), vote.reason(), vote.at().toEpochMilli());
      ApprovalRecord next = record.withVote(vote, lifetime);
      if (next.state() == ApprovalState.APPROVED) {
        update(connection, "UPDATE vg_approval_requests SET state = ?, expires_at = ?, changed_at = ? WHERE id = ?",
            ApprovalState.APPROVED.id(), Objects.requireNonNull(next.expiresAt()).toEpochMilli(),
            next.changedAt().toEpochMilli(), id);
      }
      return Objects.requireNonNull(one(connection, "SELECT " + COLUMNS + " FROM vg_approval_requests WHERE id = ?",
          id));
    });
  }

  @Override
  public @Nullable ApprovalRecord transition(String id, Set<ApprovalState> from, ApprovalState to,
      @Nullable String by, @Nullable String reason, Instant at) {
    if (from.isEmpty()) {
      return null;
    }
    List<Object> args = new ArrayList<>(List.of(to.id()));
    args.add(by == null ? Null.STRING : by);
    args.add(reason == null ? Null.STRING : reason);
    args.add(at.toEpochMilli());
    args.add(id);
    from.stream().map(ApprovalState::id).sorted().forEach(args::add);
    String sql = "UPDATE vg_approval_requests SET state = ?, decided_by = COALESCE(?, decided_by), "
        + "decision_reason = COALESCE(?, decision_reason), changed_at = ? WHERE id = ? AND state IN ("
        + String.join(", ", Collections.nCopies(from.size(), "?")) + ")";
    return inTransaction("move " + id + " to " + to.id(), connection -> {
      if (update(connection, sql, args.toArray()) != 1) {
        return null;
      }
      if (!to.live()) {
        update(connection, "DELETE FROM vg_approval_live WHERE request_id = ?", id);
      }
      return one(connection, "SELECT " + COLUMNS + " FROM vg_approval_requests WHERE id = ?", id);
    });
  }

  @Override
  public boolean spend(String id, Instant at) {
    Boolean spent = inTransaction("spend the grant " + id, connection -> {
      // The row count is the arbiter: of racing replicas, only one statement changes the row.
      int changed = update(connection, "UPDATE vg_approval_requests SET state = ?, changed_at = ? "
          + "WHERE id = ? AND state = ? AND expires_at > ?", ApprovalState.SPENT.id(), at.toEpochMilli(), id,
          ApprovalState.APPROVED.id(), at.toEpochMilli());
      if (changed == 1) {
        update(connection, "DELETE FROM vg_approval_live WHERE request_id = ?", id);
      }
      return changed == 1;
    });
    return Boolean.TRUE.equals(spent);
  }

  private static void insertRequest(Connection connection, ApprovalRecord r) throws SQLException {
    update(connection, "INSERT INTO vg_approval_requests (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?)",
        r.id(), r.fingerprint(), r.state().id(), r.workload(), json(r.actor()), r.backend(), r.operation(),
        json(r.collections()), json(r.rules()), r.summary(), json(r.approvers()), r.minApprovals(),
        r.grantTtl().toMillis(), r.singleUse(), r.requestedAt().toEpochMilli(), r.pendingUntil().toEpochMilli(),
        r.decidedBy() == null ? Null.STRING : r.decidedBy(),
        r.decisionReason() == null ? Null.STRING : r.decisionReason(),
        r.expiresAt() == null ? Null.LONG : r.expiresAt().toEpochMilli(), r.changedAt().toEpochMilli());
  }

  private static @Nullable ApprovalRecord one(Connection connection, String sql, Object... args) throws SQLException {
    List<ApprovalRecord> rows = all(connection, sql, args);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static List<ApprovalRecord> all(Connection connection, String sql, Object... args) throws SQLException {
    List<ApprovalRecord> out = new ArrayList<>();
    try (PreparedStatement statement = prepare(connection, sql, args); ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        out.add(record(rows, votes(connection, rows.getString("id"))));
      }
    }
    return out;
  }

  private static List<ApprovalRecord.Vote> votes(Connection connection, String id) throws SQLException {
    List<ApprovalRecord.Vote> votes = new ArrayList<>();
    try (PreparedStatement statement = prepare(connection,
        "SELECT approver, reason, voted_at FROM vg_approval_votes WHERE request_id = ? ORDER BY voted_at, approver", id);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        votes.add(new ApprovalRecord.Vote(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3))));
      }
    }
    return votes;
  }

  private static ApprovalRecord record(ResultSet row, List<ApprovalRecord.Vote> votes) throws SQLException {
    long expires = row.getLong("expires_at");
    Instant expiresAt = row.wasNull() ? null : Instant.ofEpochMilli(expires);
    return new ApprovalRecord(row.getString("id"), row.getString("fingerprint"),
        ApprovalState.of(row.getString("state")), row.getString("workload"), parse(row.getString("actor_json"),
        ATTRIBUTES), row.getString("backend"), row.getString("operation"),
        parse(row.getString("collections_json"), STRINGS), parse(row.getString("rules_json"), STRINGS),
        row.getString("summary"), parse(row.getString("approvers_json"), STRINGS), row.getInt("min_approvals"),
        Duration.ofMillis(row.getLong("grant_ttl_ms")), row.getBoolean("single_use"),
        Instant.ofEpochMilli(row.getLong("requested_at")), Instant.ofEpochMilli(row.getLong("pending_until")), votes,
        row.getString("decided_by"), row.getString("decision_reason"), expiresAt,
        Instant.ofEpochMilli(row.getLong("changed_at")));
  }

  private static String prefixed(String alias) {
    return alias + '.' + COLUMNS.replace(", ", ", " + alias + '.');
  }

  private static int update(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, args)) {
      return statement.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg == Null.STRING) {
        statement.setNull(i + 1, java.sql.Types.VARCHAR);
      } else if (arg == Null.LONG) {
        statement.setNull(i + 1, java.sql.Types.BIGINT);
      } else {
        statement.setObject(i + 1, arg);
      }
    }
    return statement;
  }

  /** SQL NULL of a type, as an argument (PostgreSQL wants the type of a null parameter). */
  private enum Null { STRING, LONG }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static <T> T parse(String json, TypeReference<T> type) throws SQLException {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("a stored approval column is not the JSON this library writes: " + e.getOriginalMessage(),
          "22000", e);
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    @Nullable T run(Connection connection) throws SQLException;
  }

  private <T> @Nullable T withConnection(String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private <T> @Nullable T inTransaction(String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private static ApprovalException failed(String what, SQLException e) {
    return new ApprovalException("the approval store could not " + what + " (SQL state " + e.getSQLState() + "): "
        + e.getMessage(), e);
  }
}
