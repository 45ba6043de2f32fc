package dev.vectorguard.approval.jdbc.testing;

import dev.vectorguard.testing.ProjectScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for the tests of one JVM: started once with the project's
 * {@code scripts/postgres-server.sh} (unless {@code PG_JDBC_URL} names a running one; the script
 * installs Debian's package when the machine has no server) in a temporary folder on a free
 * loopback port, and stopped (and its folder deleted) when the tests end. Each test gets a fresh
 * database of its own ({@link #jdbcUrl()}). Register it with {@code @RegisterExtension static}.
 * When the server cannot be started, the tests fail with the script's output; they are not skipped.
 */
public final class PostgresServer implements BeforeEachCallback {
  private volatile String current;

  @Override
  public void beforeEach(ExtensionContext context) {
    Running server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    current = server.newDatabase();
  }

  /** The JDBC URL of the current test's own, empty database. */
  public String jdbcUrl() {
    if (current == null) {
      throw new IllegalStateException("no test is running");
    }
    return current;
  }

  /** The started server; stopped by the script when the root store closes. */
  static final class Running implements AutoCloseable {
    private final String url;
    private final Map<String, String> env;
    private boolean stopped;

    private Running(String url, Map<String, String> env) {
      this.url = url;
      this.env = env;
    }

    static Running start() {
      String external = System.getenv("PG_JDBC_URL");
      if (external != null && !external.isBlank()) {
        return new Running(external, null);
      }
      Path runDir;
      try {
        runDir = Files.createTempDirectory("vectorguard-postgres");
      } catch (IOException e) {
        throw new IllegalStateException("no temporary folder for the PostgreSQL server: " + e, e);
      }
      Map<String, String> env = Map.of("PG_RUN_DIR", runDir.toString(), "PG_WIPE", "1");
      String output = run("start", env);
      String url = output.lines().filter(l -> l.startsWith("PG_JDBC_URL=")).map(l -> l.substring(12)).findFirst()
          .orElseThrow(() -> new IllegalStateException("the PostgreSQL script printed no PG_JDBC_URL:\n" + output));
      Running running = new Running(url, env);
      Runtime.getRuntime().addShutdownHook(new Thread(running::close, "postgres-server-stop"));
      return running;
    }

    /** A new database on the server, its URL. */
    String newDatabase() {
      String name = "test_" + UUID.randomUUID().toString().replace("-", "");
      try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("could not create a test database on " + url + ": " + e, e);
      }
      return url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    @Override
    public synchronized void close() {
      if (env != null && !stopped) {
        stopped = true;
        run("stop", env);
      }
    }

    private static String run(String command, Map<String, String> env) {
      return ProjectScripts.run("postgres-server.sh", command, env, 600, "the approval store's tests");
    }
  }
}
