package dev.vectorguard.approval.jdbc;

import java.sql.SQLException;

/** The SQL states the store tells apart (SQL standard classes, as PostgreSQL and H2 report them). Not public API. */
final class SqlStates {
  private SqlStates() {}

  /** A unique or primary key violation (23505), or an object that exists already (42P07 and H2's 42S01). */
  static boolean isDuplicate(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().equals("23505") || sql.getSQLState().equals("42P07")
              || sql.getSQLState().equals("42S01"))) {
        return true;
      }
    }
    return false;
  }
}
