package dev.vectorguard.benchmarks;

import dev.vectorguard.Backend;
import dev.vectorguard.GuardContext;
import dev.vectorguard.okhttp.VectorGuardOkHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue item 3, first half: a Qdrant REST search through OkHttp against MockWebServer (loopback
 * HTTP/1.1, a canned 10-result response of about 11 KB), without and with the guard (decision,
 * cached Qdrant JWT, tenant filter written into the body, three payload fields masked on each
 * result as the response streams, async audit). MockWebServer answers in microseconds (with
 * {@code TCP_NODELAY}, see {@link NoDelayServerSockets}), so this is the guard's cost against a
 * near-zero server: an upper bound on the ratio.
 */
@State(Scope.Thread)
public class OkHttpOverheadBenchmark {
  static final MediaType JSON = MediaType.get("application/json");
  static final String QUERY = "{\"vector\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8],\"limit\":10,\"with_payload\":true}";

  private MockWebServer server;
  private BenchGuard guard;
  private OkHttpClient plain;
  private OkHttpClient guarded;
  private Request request;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String body = new String(SearchResponses.qdrantSearchJson(10, 42), StandardCharsets.UTF_8);
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest recorded) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
      }
    });
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.start();
    guard = BenchGuard.qdrant("docs");
    plain = new OkHttpClient();
    guarded = VectorGuardOkHttp.builder(guard.guard()).backend(server.url("/"), Backend.QDRANT).build().wrap(plain);
    request = new Request.Builder().url(server.url("/collections/docs/points/search"))
        .post(RequestBody.create(QUERY, JSON)).build();
    check(unguarded(), false);
    check(guarded(), true);
  }

  @Benchmark
  public byte[] unguarded() throws IOException {
    try (Response response = plain.newCall(request).execute()) {
      return response.body().bytes();
    }
  }

  @Benchmark
  public byte[] guarded() throws IOException {
    try (GuardContext.Scope scope = GuardContext.actAs(BenchGuard.ACTOR);
        Response response = guarded.newCall(request).execute()) {
      return response.body().bytes();
    }
  }

  /** MockWebServer keeps every request it received: forget them so that memory stays flat. */
  @TearDown(Level.Iteration)
  public void forgetRequests() throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.SECONDS) != null) {
      // drained
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (guard.auditFailures() > 0) {
      throw new IllegalStateException(guard.auditFailures() + " audit events were not accepted");
    }
    guard.close();
    server.close();
  }

  /** Checks a response: ten results, emails masked ({@code [REDACTED]}) exactly when {@code masked}. */
  static void check(byte[] body, boolean masked) {
    String text = new String(body, StandardCharsets.UTF_8);
    int emails = text.split("@example\\.com", -1).length - 1;
    int redacted = text.split("\\[REDACTED]", -1).length - 1;
    if (masked ? emails != 0 || redacted != 10 : emails < 10 || redacted != 0) {
      throw new IllegalStateException("the response is " + (masked ? "not masked" : "masked") + ": "
          + text.substring(0, Math.min(300, text.length())));
    }
  }
}
