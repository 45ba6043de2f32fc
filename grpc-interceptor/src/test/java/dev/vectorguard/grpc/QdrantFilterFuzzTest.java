package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.vectorguard.conformance.QdrantFilterFuzz;
import dev.vectorguard.policy.PolicyLoader;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.grpc.Common.Filter;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The generated filters of {@link QdrantFilterFuzz}, parsed into {@code qdrant.Filter} and counted
 * through the official Qdrant client over a guarded channel: none that reads a masked field reaches
 * the server, every control does.
 */
class QdrantFilterFuzzTest {
  private QdrantFixture fx;

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void noFilterOverAMaskedFieldReachesTheServer() throws Exception {
    fx = new QdrantFixture(PolicyLoader.parse("""
        version: 1
        rules:
          - id: reads
            collections: [docs]
            actions: [read]
            effect: allow
            obligations: { %s }
        """.formatted(QdrantFilterFuzz.MASKS), "fuzz.yaml"));
    List<QdrantFilterFuzz.Case> cases = QdrantFilterFuzz.cases(20261204L, 300, 60);
    int sent = 0;
    for (QdrantFilterFuzz.Case c : cases) {
      Filter.Builder filter = Filter.newBuilder();
      JsonFormat.parser().merge(c.grpc(), filter);
      if (c.readsMaskedField()) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> fx.client.countAsync("docs", filter.build(), true).get(), c::toString);
        Status status = ((StatusRuntimeException) e.getCause()).getStatus();
        assertThat(status.getCode()).as("%s", c).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).as("%s", c).contains("would reveal values of the masked field");
      } else {
        try {
          fx.client.countAsync("docs", filter.build(), true).get();
        } catch (ExecutionException e) {
          // The test server evaluates only some conditions (and the guard withholds its error text
          // under masks); what matters is that the guard let the call through: it was not refused.
          assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode()).as("%s", c)
              .isNotEqualTo(Status.Code.PERMISSION_DENIED);
        }
        sent++;
      }
    }
    assertThat(fx.server.calls("qdrant.Points/Count")).hasSize(sent).hasSize(60);
  }
}
