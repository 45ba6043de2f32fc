package dev.vectorguard.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vectorguard.Backend;
import dev.vectorguard.audit.AuditEvent;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every started call is completed exactly once: read, closed unread, cancelled; and monitor mode only observes. */
class CallLifecycleTest {
  private static final String POLICY = """
      version: 1
      mode: %s
      rules:
        - id: reads
          collections: [docs]
          actions: [read]
          effect: allow
      """;

  private Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aResponseClosedUnreadCompletesTheCall() throws Exception {
    h = new Harness(Backend.QDRANT, POLICY.formatted("enforce"));
    h.enqueue(200, "{\"result\":{\"status\":\"green\"},\"status\":\"ok\"}");

    try (Response response = h.client.newCall(h.request("GET", "/collections/docs", null).build()).execute()) {
      assertThat(h.events(AuditEvent.CALL_COMPLETED)).isEmpty();
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement().satisfies(e -> {
      assertThat(e.get("outcome.status")).isEqualTo("ok");
      assertThat(e.get("outcome.bytes_in")).isEqualTo(0L);
    });
  }

  @Test
  void aCallCancelledWhileReadingIsAuditedAsCancelled() throws Exception {
    h = new Harness(Backend.QDRANT, POLICY.formatted("enforce"));
    // Large enough that most of it is still in flight when the call is cancelled.
    h.enqueue(200, "{\"result\":{\"status\":\"" + "g".repeat(4 << 20) + "\"},\"status\":\"ok\"}");
    Call call = h.client.newCall(h.request("GET", "/collections/docs", null).build());

    try (Response response = call.execute()) {
      call.cancel();
      Throwable error = catchThrowable(() -> response.body().string());
      assertThat(error).isInstanceOf(IOException.class);
    }

    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement()
        .satisfies(e -> assertThat(e.get("outcome.status")).isEqualTo("cancelled"));
  }

  @Test
  void monitorModeSendsWhatEnforceModeWouldRefuseAndSaysSo() throws Exception {
    h = new Harness(Backend.QDRANT, POLICY.formatted("monitor"));
    h.enqueue(200, "{\"result\":{\"status\":\"acknowledged\"},\"status\":\"ok\"}");

    h.call("DELETE", "/collections/docs", null);

    assertThat(h.server.getRequestCount()).isEqualTo(1);
    AuditEvent started = h.events(AuditEvent.CALL_STARTED).get(0);
    assertThat(started.get("decision.effect")).isEqualTo("deny");
    assertThat(started.get("decision.enforced")).isEqualTo(false);
    assertThat(h.events(AuditEvent.CALL_COMPLETED)).hasSize(1);
  }
}
