package dev.vectorguard.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardContext;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.resttest.Harness;
import dev.vectorguard.resttest.RestTransport;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the JDK client adapter does: async actors, refused WebSockets and unsafe clients, streamed bodies. */
class GuardedHttpClientTest {
  private static final String POLICY = """
      version: 1
      rules:
        - id: docs
          when: { actor.tenant: "*" }
          collections: [docs]
          actions: [read]
          effect: allow
          obligations:
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
            mask: [ { field: email, with: redact } ]
      """;

  private Harness h;
  private HttpClient client;

  private void start() throws Exception {
    h = new Harness(JdkHttpTransport.SYNC, Backend.QDRANT, POLICY);
    client = VectorGuardHttpClient.wrap(HttpClient.newHttpClient(),
        new RestTransport.Setup().backend(h.url("/"), Backend.QDRANT).passThrough(embedder()).restGuard(h.guard));
  }

  /** The same server under another host name: an embedding API the application calls unguarded. */
  private URI embedder() {
    return URI.create("http://127.0.0.1:" + h.server.getPort() + "/");
  }

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private HttpRequest search(String collection) {
    return HttpRequest.newBuilder(h.url("/collections/" + collection + "/points/search"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"vector\":[1,0],\"limit\":3}")).build();
  }

  @Test
  void anAsyncCallIsDecidedForTheActorThatSentItAndMaskedOnTheClientsThreads() throws Exception {
    start();
    h.enqueue(200, "{\"result\":[{\"id\":1,\"score\":0.9,\"payload\":{\"email\":\"ann@x.io\"}}],\"status\":\"ok\"}");

    CompletableFuture<HttpResponse<String>> future;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      future = client.sendAsync(search("docs"), HttpResponse.BodyHandlers.ofString());
    }
    HttpResponse<String> response = future.get(10, TimeUnit.SECONDS);

    assertThat(response.body()).contains("[REDACTED]").doesNotContain("ann@x.io");
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length());
    assertThat(Harness.body(h.taken())).contains("acme");
    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement()
        .satisfies(e -> assertThat(e.get("outcome.status")).isEqualTo("ok"));
  }

  @Test
  void anAsyncRefusalIsTheFuturesCauseAndNothingIsSent() throws Exception {
    start();

    CompletableFuture<HttpResponse<String>> future;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      future = client.sendAsync(search("payroll"), HttpResponse.BodyHandlers.ofString());
    }

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(CallRefusedException.class)
        .hasMessageStartingWith("Vectorguard refused qdrant search on [payroll]");
    assertThat(h.server.getRequestCount()).isZero();
  }

  @Test
  void aSyncRefusalIsThrownUnwrapped() throws Exception {
    start();

    assertThatThrownBy(() -> client.send(search("docs"), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(CallRefusedException.class);
    assertThat(h.server.getRequestCount()).isZero();
  }

  @Test
  void aResponseThatCannotBeMaskedIsWithheldFromAStreamingHandlerToo() throws Exception {
    start();
    h.enqueue(200, "{\"result\":[{\"id\":1,\"payload\":{\"email\":\"bob@x.io\"");

    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      assertThatThrownBy(() -> client.send(search("docs"), HttpResponse.BodyHandlers.ofInputStream()))
          .isInstanceOfSatisfying(GuardFailureException.class,
              e -> assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.MASK))
          .message().doesNotContain("bob@x.io");
    }
    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement()
        .satisfies(e -> assertThat(e.get("outcome.code")).isEqualTo("mask_failed"));
  }

  @Test
  void aPassThroughBaseIsSentUnchanged() throws Exception {
    start();
    h.server.enqueue(new MockResponse.Builder().code(200).body("[0.1,0.2]").build());

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(embedder().resolve("/embed/v1"))
        .header("Authorization", "Bearer embedder").POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("[0.1,0.2]");
    assertThat(h.taken().getHeaders().get("Authorization")).isEqualTo("Bearer embedder");
    assertThat(h.audit.events()).isEmpty();
  }

  @Test
  void webSocketsAreRefused() throws Exception {
    start();

    assertThatThrownBy(() -> client.newWebSocketBuilder()).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageStartingWith("Vectorguard refuses WebSockets on a guarded HttpClient");
  }

  @Test
  void aClientThatFollowsRedirectsOrAuthenticatesCannotBeGuarded() throws Exception {
    start();
    var rest = new RestTransport.Setup().backend(URI.create("http://127.0.0.1:6333/"), Backend.QDRANT)
        .restGuard(h.guard);

    assertThatThrownBy(() -> VectorGuardHttpClient.wrap(
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build(), rest))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follows redirects (NORMAL)");
    assertThatThrownBy(() -> VectorGuardHttpClient.wrap(HttpClient.newBuilder().authenticator(new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication("u", new char[0]);
      }
    }).build(), rest)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has an Authenticator");
  }

  @Test
  void aRequestBodyOverTheLimitIsRefusedWithoutReadingItWhole() throws Exception {
    h = new Harness(JdkHttpTransport.SYNC, Backend.QDRANT, POLICY);
    client = VectorGuardHttpClient.wrap(HttpClient.newHttpClient(),
        new RestTransport.Setup().backend(h.url("/"), Backend.QDRANT).maxRequestBytes(64).restGuard(h.guard));
    byte[] large = ("{\"vector\":[1,0],\"limit\":3,\"filter\":\"" + "x".repeat(10_000) + "\"}").getBytes();

    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(h.url("/collections/docs/points/search"))
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(large))).build(),
          HttpResponse.BodyHandlers.ofString()))
          .isInstanceOfSatisfying(GuardFailureException.class,
              e -> assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.PARSE))
          .hasMessageContaining("more than 64 bytes");
    }
    assertThat(h.server.getRequestCount()).isZero();
    assertThat(h.events(AuditEvent.CALL_REFUSED)).hasSize(1);
  }
}
