package dev.vectorguard.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.ApprovalStoreSuite;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code approval.wait} with enqueued OkHttp calls: the wait never holds a dispatcher thread (a
 * dispatcher with one thread keeps serving other calls while a delete waits for its grant).
 */
class ApprovalWaitOkHttpTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Actor CAROL = Actor.builder().user("carol").build();

  private final MockWebServer server = new MockWebServer();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final BlockingQueue<ApprovalRecord> requested = new LinkedBlockingQueue<>();
  private Approvals approvals;
  private VectorGuardOkHttp okhttp;
  private OkHttpClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    approvals = Approvals.builder(ApprovalStore.inMemory()).notifier(requested::add)
        .waitOn(scheduler, Duration.ofMillis(20)).build();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(ApprovalStoreSuite.WAITING_POLICY, "wait.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/ops")).approvals(approvals).build();
    okhttp = VectorGuardOkHttp.builder(guard).backend(server.url("/"), Backend.QDRANT).build();
    Dispatcher oneThread = new Dispatcher();
    oneThread.setMaxRequests(1);
    client = okhttp.wrap(new OkHttpClient.Builder().dispatcher(oneThread).build());
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    server.close();
  }

  private Request post(String path, String body) {
    return new Request.Builder().url(server.url(path)).post(RequestBody.create(body, JSON)).build();
  }

  private static CompletableFuture<Response> enqueue(Call call) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call c, Response response) {
        result.complete(response);
      }
    });
    return result;
  }

  @Test
  void anEnqueuedCallWaitsForItsGrantWithoutHoldingTheDispatcher() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"result\":[],\"status\":\"ok\",\"time\":0.1}").build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"result\":{\"operation_id\":1,\"status\":\"completed\"},\"status\":\"ok\"}").build());
    Call.Factory calls = okhttp.callFactory(client);

    CompletableFuture<Response> delete;
    try (GuardContext.Scope scope = GuardContext.actAs(CAROL)) {
      delete = enqueue(calls.newCall(post("/collections/docs/points/delete", "{\"points\":[3]}")));
    }
    ApprovalRecord request = requested.poll(30, TimeUnit.SECONDS);
    assertThat(request).isNotNull();

    // The only dispatcher thread is free: a search goes through while the delete waits.
    try (Response search = enqueue(client.newCall(post("/collections/docs/points/search",
        "{\"vector\":[0.1,0.2],\"limit\":3}"))).get(30, TimeUnit.SECONDS)) {
      assertThat(search.code()).isEqualTo(200);
    }
    assertThat(delete).isNotDone();
    assertThat(server.getRequestCount()).isEqualTo(1);

    approvals.approve(request.id(), new Approver("user:bob", Set.of("group:dba")), "ok", null);
    try (Response response = delete.get(30, TimeUnit.SECONDS)) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(server.takeRequest().getTarget()).endsWith("/points/search");
    assertThat(server.takeRequest().getTarget()).endsWith("/points/delete");
  }

  @Test
  void withoutTheCallFactoryAnEnqueuedCallIsRefusedAtOnceNotHeld() throws Exception {
    CompletableFuture<Response> delete;
    try (GuardContext.Scope scope = GuardContext.actAs(CAROL)) {
      delete = enqueue(client.newCall(post("/collections/docs/points/delete", "{\"points\":[3]}")));
    }
    Throwable refused = delete.handle((r, e) -> e).get(30, TimeUnit.SECONDS);
    assertThat(refused).isInstanceOf(VectorGuardRefusedIOException.class)
        .hasMessageContaining("approval request apr_").hasMessageContaining("waiting for 1 more approval(s)");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aOneShotBodyIsReadOnceSoItsCallIsRefusedAtOnceInsteadOfWaiting() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    RequestBody oneShot = new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public boolean isOneShot() {
        return true;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        if (reads.incrementAndGet() > 1) {
          throw new IllegalStateException("a one-shot body was written twice");
        }
        sink.writeUtf8("{\"points\":[3]}");
      }
    };
    CompletableFuture<Response> delete;
    try (GuardContext.Scope scope = GuardContext.actAs(CAROL)) {
      delete = enqueue(okhttp.callFactory(client).newCall(new Request.Builder()
          .url(server.url("/collections/docs/points/delete")).post(oneShot).build()));
    }
    Throwable refused = delete.handle((r, e) -> e).get(30, TimeUnit.SECONDS);
    assertThat(refused).isInstanceOf(VectorGuardRefusedIOException.class).hasMessageContaining("approval request apr_");
    assertThat(reads).hasValue(1);
    assertThat(server.getRequestCount()).isZero();
  }
}
