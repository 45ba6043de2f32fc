package dev.vectorguard.resttest;

import dev.vectorguard.testing.ProjectScripts;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Chroma server for the tests of one JVM: started once with the project's
 * {@code scripts/chroma-server.sh} (unless {@code CHROMA_URL} names a running one) and stopped with
 * it at the end. Each test gets a fresh database of its own ({@link #database()}, or a {@link
 * Database} parameter); register it with {@code @RegisterExtension static}. When the server
 * cannot be installed or started, the tests fail with the script's output; they are not skipped.
 */
public final class ChromaServer implements BeforeEachCallback, ParameterResolver {
  private volatile @Nullable Database current;

  /** One test's database on the shared server. */
  public record Database(String url, String tenant, String name) {
    /** {@code <url>/api/v2/tenants/<tenant>/databases/<name>}. */
    public String base() {
      return url + "/api/v2/tenants/" + tenant + "/databases/" + name;
    }
  }

  private static final OkHttpClient PLAIN = new OkHttpClient();

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Database.class;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    current = newDatabase(context);
  }

  /** The current test's database (set before any {@code @BeforeEach} method runs). */
  public Database database() {
    Database db = current;
    if (db == null) {
      throw new IllegalStateException("no test is running");
    }
    return db;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return database();
  }

  private static Database newDatabase(ExtensionContext context) {
    Running server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    String name = "test_" + UUID.randomUUID().toString().replace("-", "");
    try {
      post(server.url + "/api/v2/tenants/default_tenant/databases", "{\"name\":\"" + name + "\"}");
    } catch (IOException e) {
      throw new IllegalStateException("could not create a Chroma database at " + server.url + ": " + e, e);
    }
    return new Database(server.url, "default_tenant", name);
  }

  public static String post(String url, String json) throws IOException {
    Request request = new Request.Builder().url(url)
        .post(RequestBody.create(json, MediaType.get("application/json"))).build();
    try (Response response = PLAIN.newCall(request).execute()) {
      String body = response.body().string();
      if (!response.isSuccessful()) {
        throw new IOException("POST " + url + " -> " + response.code() + " " + body);
      }
      return body;
    }
  }

  /** The started server; closed (stopped with SIGINT by the script) when the root store closes. */
  static final class Running implements AutoCloseable {
    final String url;
    private final Map<String, String> env;
    private boolean stopped;

    private Running(String url, Map<String, String> env) {
      this.url = url;
      this.env = env;
    }

    static Running start() {
      String external = System.getenv("CHROMA_URL");
      if (external != null && !external.isBlank()) {
        return new Running(external.replaceAll("/+$", ""), null);
      }
      Path script = script();
      Path runDir = Path.of("target", "chroma-run").toAbsolutePath();
      Map<String, String> env = Map.of("CHROMA_PORT", String.valueOf(freePort()),
          "CHROMA_RUN_DIR", runDir.toString(), "CHROMA_DATA", runDir.resolve("data").toString());
      run(script, "stop", env); // a server left behind by a test JVM that died
      String output = run(script, "start", env);
      String url = output.lines().filter(l -> l.startsWith("CHROMA_URL=")).map(l -> l.substring(11)).findFirst()
          .orElseThrow(() -> new IllegalStateException("the Chroma server script printed no CHROMA_URL:\n" + output));
      Running running = new Running(url, env);
      // Fallback when the JVM ends without closing the root store (e.g. on SIGTERM).
      Runtime.getRuntime().addShutdownHook(new Thread(running::close, "chroma-server-stop"));
      return running;
    }

    @Override
    public synchronized void close() {
      if (env != null && !stopped) {
        stopped = true;
        run(script(), "stop", env);
      }
    }

    private static String run(Path script, String command, Map<String, String> env) {
      return ProjectScripts.run(script.getFileName().toString(), command, env, 300, "the Chroma integration tests");
    }

    private static Path script() {
      return ProjectScripts.find("chroma-server.sh");
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free port for the Chroma server: " + e, e);
      }
    }
  }
}
