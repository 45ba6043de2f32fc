package dev.vectorguard.resttest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.conformance.QdrantFilterFuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generated filters over masked fields, in every spelling and shape, sent through a guarded
 * OkHttp client: none reaches the server, and every control filter over unmasked fields does.
 */
public abstract class QdrantFilterFuzzContract extends RestContract {
  private static final String POLICY = """
      version: 1
      rules:
        - id: reads
          collections: [docs]
          actions: [read]
          effect: allow
          obligations: { %s }
      """.formatted(QdrantFilterFuzz.MASKS);

  @Test
  void noFilterOverAMaskedFieldReachesTheServer() throws Exception {
    List<QdrantFilterFuzz.Case> cases = QdrantFilterFuzz.cases(20261204L, 300, 60);
    try (Harness h = new Harness(transport(), Backend.QDRANT, POLICY)) {
      int sent = 0;
      for (QdrantFilterFuzz.Case c : cases) {
        String body = QdrantFilterFuzz.countBody(c.rest());
        if (c.readsMaskedField()) {
          VectorGuardException e = Refusals.caught(
              () -> h.send(h.request("POST", "/collections/docs/points/count", body)));
          assertThat(e).as("%s: %s", c, body).isNotNull();
          assertThat(e.getMessage()).as("%s", c).contains("would reveal values of the masked field");
        } else {
          h.enqueue(200, "{\"result\":{\"count\":1},\"status\":\"ok\"}");
          {
      RestTransport.Reply response = h.send(h.request("POST", "/collections/docs/points/count", body));
            assertThat(response.code()).as("%s: %s", c, body).isEqualTo(200);
          }
          sent++;
        }
      }
      assertThat(h.server.getRequestCount()).isEqualTo(sent).isEqualTo(60);
      // Every call, sent or refused, ends in the trail exactly once.
      java.util.Set<String> ended = new java.util.HashSet<>();
      h.audit.ofType(AuditEvent.CALL_COMPLETED).forEach(e -> ended.add(e.callId()));
      h.audit.ofType(AuditEvent.CALL_REFUSED).forEach(e -> ended.add(e.callId()));
      assertThat(ended).hasSize(cases.size());
    }
  }
}
