package dev.vectorguard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Backend;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.ApprovalStoreSuite;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook notifier against a real HTTP server: signed JSON, Slack text, retries, and nothing secret. */
class WebhookNotifierTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.sig-s3cr3t";
  /** Masks email on the approved call: the notification must not carry a masked value either. */
  private static final String POLICY = ApprovalStoreSuite.POLICY.replace(
      "approval: { approvers: [\"group:dba\"], ttl: 15m, single_use: true }",
      "approval: { approvers: [\"group:dba\"], ttl: 15m, single_use: true }\n"
          + "    obligations: { mask: [{ field: email, with: redact }] }");

  private final MockWebServer server = new MockWebServer();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    server.close();
  }

  /** A delete that needs approval, made with a credential and a filter on the masked field's value. */
  private void requestApproval(ApprovalNotifier notifier) throws Exception {
    Approvals approvals = Approvals.builder(ApprovalStore.inMemory()).notifier(notifier).build();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "p.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/agent")).approvals(approvals)
        .tokenSource(request -> Credential.of(CredentialKind.QDRANT_JWT, TOKEN, Instant.now().plusSeconds(60), "jti"))
        .build();
    VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.DELETE).collection("docs")
        .facts(RequestFacts.builder().filterPresent(true).filterFields(List.of("email")).build())
        .endpoint("POST /collections/docs/points/delete").build();
    catchThrowableOfType(CallRefusedException.class, () -> guard.begin(call, ApprovalStoreSuite.ALICE));
  }

  private void drain() throws InterruptedException {
    scheduler.shutdown();
    assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aGenericWebhookGetsSignedJsonRetriedAfterServerErrors() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(204).build());
    WebhookNotifier notifier = WebhookNotifier.generic(server.url("/hooks/vg").uri(), SECRET, scheduler)
        .backoff(Duration.ofMillis(10)).build();
    requestApproval(notifier);

    RecordedRequest last = null;
    for (int i = 0; i < 3; i++) {
      last = server.takeRequest(30, TimeUnit.SECONDS);
      assertThat(last).as("attempt " + (i + 1)).isNotNull();
    }
    drain();
    assertThat(notifier.delivered()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(3);

    byte[] body = last.getBody().toByteArray();
    String timestamp = last.getHeaders().get(WebhookNotifier.TIMESTAMP_HEADER);
    assertThat(last.getHeaders().get(WebhookNotifier.SIGNATURE_HEADER))
        .isEqualTo("sha256=" + WebhookNotifier.sign(SECRET, timestamp, body));
    assertThat(last.getHeaders().get("Content-Type")).isEqualTo("application/json");
    JsonNode tree = json.readTree(body);
    assertThat(tree.get("type").textValue()).isEqualTo("approval.requested");
    assertThat(tree.get("workload").textValue()).isEqualTo("spiffe://acme.io/sa/agent");
    assertThat(tree.get("actor").get("user").textValue()).isEqualTo("alice");
    assertThat(tree.get("operation").textValue()).isEqualTo("delete");
    assertThat(tree.get("collections").get(0).textValue()).isEqualTo("docs");
    assertThat(tree.get("rules").get(0).textValue()).isEqualTo("ops-deletes");
    assertThat(tree.get("summary").textValue()).isEqualTo(
        "spiffe://acme.io/sa/agent for {tenant=acme, user=alice} asks to delete [docs] on qdrant (write access)");
    assertThat(tree.get("id").textValue()).startsWith("apr_");
    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(TOKEN, "s3cr3t", "sig-", "Bearer", "email", "redact");
  }

  @Test
  void aSlackWebhookGetsOneReadableMessageAndAClientErrorIsNotRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    server.enqueue(new MockResponse.Builder().code(400).body("invalid_payload").build());
    WebhookNotifier slack = WebhookNotifier.slack(server.url("/services/T0/B0/xyz").uri(), scheduler)
        .backoff(Duration.ofMillis(10)).build();
    requestApproval(slack);
    JsonNode message = json.readTree(server.takeRequest(30, TimeUnit.SECONDS).getBody().toByteArray());
    assertThat(message.fieldNames()).toIterable().containsExactly("text");
    assertThat(message.get("text").textValue())
        .startsWith(":lock: Vectorguard approval needed: spiffe://acme.io/sa/agent for {tenant=acme, user=alice} "
            + "asks to delete [docs] on qdrant (write access)")
        .contains("by rule ops-deletes", "approvers: group:dba (1 needed), grant PT15M, single use",
            "decide: `vectorguard approvals approve apr_")
        .doesNotContain(TOKEN);

    requestApproval(slack);
    assertThat(server.takeRequest(30, TimeUnit.SECONDS)).isNotNull();
    drain();
    assertThat(slack.delivered()).isEqualTo(1);
    assertThat(slack.failed()).as("a 400 is not retried").isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(slack.toString()).isEqualTo("WebhookNotifier{slack, " + server.getHostName() + "}")
        .doesNotContain("xyz");
  }

  @Test
  void anUnreachableWebhookIsGivenUpAfterItsAttemptsAndNeverFailsTheCall() throws Exception {
    URI closed = server.url("/hook").uri();
    server.close();
    WebhookNotifier notifier = WebhookNotifier.generic(closed, SECRET, scheduler).maxAttempts(3)
        .backoff(Duration.ofMillis(5)).build();
    requestApproval(notifier);
    // The call was refused for approval as usual; the delivery fails on the scheduler, three times.
    for (int i = 0; i < 200 && notifier.failed() == 0; i++) {
      scheduler.schedule(() -> { }, 5, TimeUnit.MILLISECONDS).get();
    }
    assertThat(notifier.failed()).isEqualTo(1);
    assertThat(notifier.delivered()).isZero();
  }

  @Test
  void badSettingsFailAtOnce() {
    assertThatThrownBy(() -> WebhookNotifier.generic(URI.create("https://h/x"), new byte[8], scheduler))
        .hasMessage("the webhook signing secret must be at least 32 bytes, but was 8");
    assertThatThrownBy(() -> WebhookNotifier.slack(URI.create("ftp://h/x"), scheduler))
        .hasMessage("the webhook URL must be http or https, but was ftp");
    assertThatThrownBy(() -> WebhookNotifier.slack(URI.create("https://h/x"), scheduler).maxAttempts(0))
        .hasMessage("maxAttempts must be between 1 and 20, but was 0");
  }
}
