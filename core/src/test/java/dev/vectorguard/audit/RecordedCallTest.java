package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.Effect;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A call read back from its audit event is decided exactly as the guard decided it. */
class RecordedCallTest {
  private static final String POLICY = """
      version: 1
      rules:
        - id: team-reads-its-collections
          when: { workload.team: "search", actor.tenant: "*" }
          collections: ["kb-*"]
          actions: [read]
          effect: allow
          obligations:
            max_results: 20
            vectors: strip
            tenant_filter: { field: tenant_id, value: "${actor.tenant}" }
            mask: [{ field: email, with: redact }]
        - id: no-writes-to-prod
          databases: ["prod"]
          actions: [write]
          effect: deny
      """;
  private final TestClock clock = new TestClock();
  private final List<AuditEvent> written = new ArrayList<>();

  @Test
  void theRecordedIdentityCallAndFactsDecideAsTheGuardDid() throws Exception {
    CompiledPolicy policy = PolicyLoader.parse(POLICY, "policy.yaml");
    VectorGuard guard = VectorGuard.builder(policy)
        .workload(Workload.verified("spiffe://acme.io/ns/prod/sa/searcher", Map.of("team", "search")))
        .auditSink(written::add).clock(clock).build();
    VectorCall search = VectorCall.builder(Backend.MILVUS, Operation.SEARCH).collections(List.of("kb-a", "kb-b"))
        .database("prod").endpoint("milvus.proto.milvus.MilvusService/Search")
        .facts(RequestFacts.builder().limit(100).vectorsRequested(true).outputFields(List.of("title")).build())
        .build();
    VectorCall upsert = VectorCall.builder(Backend.MILVUS, Operation.UPSERT).collection("kb-a").database("prod")
        .endpoint("milvus.proto.milvus.MilvusService/Upsert").build();
    Actor actor = Actor.builder().user("alice").tenant("acme").build();

    Decision allowed = guard.begin(search, actor).decision();
    catchThrowable(() -> guard.begin(upsert, actor));

    RecordedCall started = RecordedCall.of(written.get(0));
    assertThat(started.sent()).isTrue();
    assertThat(started.call()).isEqualTo(search);
    assertThat(started.identity()).isEqualTo(guard.identify(actor));
    assertThat(started.effect()).isEqualTo(Effect.ALLOW);
    assertThat(started.rules()).containsExactly("team-reads-its-collections");
    assertThat(policy.decide(started.identity(), started.call())).isEqualTo(allowed);
    assertThat(started.obligations()).isEqualTo(RecordedCall.recordedObligations(
        ((Decision.Allow) allowed).obligations()));
    RecordedCall refused = RecordedCall.of(written.get(1));
    assertThat(refused.sent()).isFalse();
    assertThat(refused.effect()).isEqualTo(Effect.DENY);
    assertThat(refused.obligations()).isNull();
    assertThat(policy.decide(refused.identity(), refused.call()).rules()).containsExactly("no-writes-to-prod");
  }

  @Test
  void eventsWithoutADecidedCallAreNone() {
    VectorGuard guard = VectorGuard.builder(new AllowAll()).workload(Workload.configured("spiffe://acme.io/sa/x"))
        .auditSink(written::add).clock(clock).build();
    guard.refuse(GuardFailureException.Cause.CLASSIFY, "POST /nowhere", null, "unknown endpoint", null);

    assertThat(RecordedCall.of(written.get(0))).isNull();
    assertThat(RecordedCall.of(AuditEvents.policyLoaded("p.yaml", "sha256:1", 1, clock.instant()))).isNull();
    assertThat(RecordedCall.recordedObligations(Obligations.NONE)).isEqualTo(Map.of("strip_vectors", false));
  }

  @Test
  void aDecidedCallWithAFieldTheGuardDoesNotWriteIsRefusedNamingIt() {
    VectorGuard guard = VectorGuard.builder(new AllowAll()).workload(Workload.configured("spiffe://acme.io/sa/x"))
        .auditSink(written::add).clock(clock).build();
    guard.begin(AllowAll.search(), null);
    String json = AuditJson.toJson(written.get(0)).replace("\"operation\":\"search\"", "\"operation\":\"serch\"");

    assertThatThrownBy(() -> RecordedCall.of(AuditJson.parse(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("call.backend, call.operation or call.access is not one the guard writes: ");
  }
}
