package dev.vectorguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.AuditAssert;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit sink and its checks reach users through this module, and need no test framework. */
class AuditHelpersTest {

  @Test
  void aTestThatDependsOnTheTestkitRecordsAndChecksAGuardsEvents() throws Exception {
    InMemoryAuditSink audit = new InMemoryAuditSink();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(
            "version: 1\nrules:\n  - { id: reads, collections: [docs], actions: [read], effect: allow }\n", "p.yaml"))
        .workload(Workload.configured("spiffe://test.local/sa/rag")).auditSink(audit).build();
    guard.begin(VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
        .endpoint("POST /collections/docs/points/search").build(), null).complete(CallOutcome.ok("200").build());

    audit.assertThat().hasStarted(1).hasCompleted(1).hasRefused(0).everyStartedCompleted()
        .has(AuditEvent.CALL_STARTED, "decision.rules", java.util.List.of("reads"));
    assertThatThrownBy(() -> audit.assertThat().hasRefused(1))
        .isInstanceOf(AssertionError.class).hasMessageStartingWith("expected 1 call.refused event(s) but found 0");
  }

  /** A user's class path may hold neither (the samples run them in production code). */
  @ParameterizedTest
  @ValueSource(classes = {InMemoryAuditSink.class, AuditAssert.class})
  void needsNeitherJUnitNorAssertJ(Class<?> helper) throws IOException {
    String constantPool;
    try (InputStream in = helper.getResourceAsStream(helper.getSimpleName() + ".class")) {
      assertThat(in).isNotNull();
      constantPool = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    assertThat(constantPool).doesNotContain("org/junit").doesNotContain("org/assertj").doesNotContain("org/opentest4j");
  }
}
