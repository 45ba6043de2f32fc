package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MaskPlanConcurrencyTest {
  @Test
  void onePlanServesManyThreadsWithIdenticalResults() throws Exception {
    List<MaskRule> rules = List.of(MaskRule.of("email", MaskAction.HASH), MaskRule.of("notes", MaskAction.DETECT_PII),
        new MaskRule("card", MaskAction.PARTIAL, 4));
    String body = "{\"result\":{\"points\":[" + "{\"payload\":{\"email\":\"a@x.io\",\"notes\":\"ip 10.0.0.1\",\"card\":\"12345678\"}},"
        .repeat(200) + "{\"payload\":{}}]}}";
    MaskFixtures.Result expected = MaskFixtures.mask(MaskFixtures.ENGINE.plan(rules, true), body, MaskFixtures.QDRANT_QUERY);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<MaskFixtures.Result>> tasks = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        tasks.add(() -> MaskFixtures.mask(MaskFixtures.ENGINE.plan(rules, true), body, MaskFixtures.QDRANT_QUERY));
      }
      for (Future<MaskFixtures.Result> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected.counts().records()).isEqualTo(201);
    assertThat(expected.counts().entitiesByType()).containsEntry("IP", 200L);
  }
}
