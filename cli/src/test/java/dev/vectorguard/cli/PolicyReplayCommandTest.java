package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy replay}: the recorded calls of a real trail, decided again under changed policies. */
class PolicyReplayCommandTest {
  private static final String RAG = "spiffe://acme.io/ns/prod/sa/rag-api";
  private static final String BATCH = "spiffe://acme.io/ns/prod/sa/batch";
  private static final String POLICY = """
      version: 1
      rules:
        - id: rag-reads-docs
          when: { workload: "spiffe://acme.io/ns/prod/sa/rag-*", actor.tenant: "*" }
          collections: ["docs"]
          actions: [read]
          effect: allow
          obligations:
            max_results: 5
            vectors: strip
            tenant_filter: { field: tenant_id, value: "${actor.tenant}" }
            mask: [{ field: email, with: redact }]
        - id: batch-never-reads-hr
          when: { workload: "spiffe://acme.io/ns/prod/sa/batch" }
          collections: ["hr"]
          effect: deny
      """;

  @TempDir Path dir;
  private Path trail;

  @BeforeEach
  void recordCalls() throws Exception {
    trail = dir.resolve("audit");
    Files.writeString(dir.resolve("policy.yaml"), POLICY);
    try (HashChainFileSink sink = HashChainFileSink.builder(trail).durability(Durability.flushEachEvent()).open()) {
      VectorGuard rag = guard(RAG, sink);
      VectorGuard batch = guard(BATCH, sink);
      Actor acme = Actor.builder().user("alice").tenant("acme").build();
      for (String tenant : List.of("acme", "globex")) {
        rag.begin(search("docs"), Actor.builder().tenant(tenant).build()).complete(CallOutcome.ok("200").build());
      }
      refused(() -> batch.begin(search("hr"), acme));
      refused(() -> batch.begin(search("docs"), acme)); // the default deny
      batch.refuse(GuardFailureException.Cause.CLASSIFY, "POST /nowhere", null, "unknown endpoint", null);
    }
  }

  private static VectorGuard guard(String workload, HashChainFileSink sink) throws Exception {
    return VectorGuard.builder(PolicyLoader.parse(POLICY, "policy.yaml")).workload(Workload.configured(workload))
        .auditSink(sink::write).build();
  }

  private static VectorCall search(String collection) {
    return VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection(collection)
        .endpoint("POST /collections/" + collection + "/points/search").build();
  }

  private static void refused(Runnable call) {
    try {
      call.run();
      throw new AssertionError("the call was not refused");
    } catch (dev.vectorguard.VectorGuardException expected) {
      // recorded as call.refused
    }
  }

  private CliRun replay(String policy, String... more) throws Exception {
    Path file = dir.resolve("new.yaml");
    Files.writeString(file, policy);
    List<String> args = new java.util.ArrayList<>(List.of("policy", "replay", "--policy", file.toString()));
    args.addAll(List.of(more));
    args.add(trail.toString());
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void theSamePolicyChangesNothingAndExitsZero() throws Exception {
    CliRun run = replay(POLICY);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("policy replay: 4 decided calls in 1 file re-decided under ")
        .contains(": 0 would change, 4 unchanged; 1 refused before a decision, not replayed");
  }

  @Test
  void denyingTheRagServiceTurnsItsSearchesFromAllowToDeny() throws Exception {
    CliRun run = replay(POLICY + """
          - id: rag-suspended
            when: { workload: "spiffe://acme.io/ns/prod/sa/rag-*" }
            collections: ["*"]
            effect: deny
        """);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains(RAG + " (tenant=acme)  qdrant search [docs]\n"
            + "    allow [rag-reads-docs] → deny [rag-suspended]\n    allow → deny\n")
        .contains(RAG + " (tenant=globex)")
        .contains(": 2 would change, 2 unchanged")
        .contains("  by effect:     allow → deny 2\n")
        .contains("  by rule:       rag-reads-docs 2, rag-suspended 2\n")
        .contains("  by workload:   " + RAG + " 2\n")
        .contains("  by collection: docs 2\n");
  }

  @Test
  void changedObligationsAreNamedOneByOne() throws Exception {
    CliRun run = replay(POLICY.replace("max_results: 5", "max_results: 10").replace("vectors: strip", "vectors: keep")
        .replace("mask: [{ field: email, with: redact }]", "mask: [{ field: phone, with: hash }]")
        .replace("tenant_filter: { field: tenant_id, value: \"${actor.tenant}\" }", "output_fields: [title]"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("    allow [rag-reads-docs] → allow [rag-reads-docs]\n"
        + "    max_results 5 → 10; vectors strip → keep; tenant_filter -tenant_id; mask +phone:hash -email:redact\n");
  }

  @Test
  void allowingWhatWasDeniedAndAskingForApprovalAreChanges() throws Exception {
    CliRun run = replay(POLICY.replace("effect: deny", "effect: approve\n    approval: { approvers: [\"group:dba\"], ttl: 15m }")
        + """
          - id: batch-reads-docs
            when: { workload: "spiffe://acme.io/ns/prod/sa/batch" }
            collections: ["docs"]
            effect: allow
        """, "--json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    List<JsonNode> changes = run.out().lines().map(PolicyReplayCommandTest::json).toList();
    assertThat(changes).extracting(c -> c.get("before").get("effect").asText() + " " + c.get("before").get("rules")
            + " → " + c.get("after").get("effect").asText() + " " + c.get("after").get("rules"))
        .containsExactly("deny [\"batch-never-reads-hr\"] → approve [\"batch-never-reads-hr\"]",
            "deny [] → allow [\"batch-reads-docs\"]");
    assertThat(changes).allSatisfy(c -> assertThat(c.get("call_id").asText()).startsWith("call_"));
    assertThat(changes.get(1).get("after").get("obligations").toString()).isEqualTo("{\"strip_vectors\":false}");
    assertThat(run.err()).contains(": 2 would change, 2 unchanged").contains("by effect:     deny → allow 1, deny → approve 1");
  }

  @Test
  void anInvalidPolicyIsAnErrorAndNothingIsReplayed() throws Exception {
    CliRun run = replay("version: 1\nrules:\n  - id: x\n    effect: permit\n");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("new.yaml:4:").contains("vectorguard policy replay: the policy ")
        .contains(" is invalid; nothing was replayed");
  }

  @Test
  void aTamperedTrailIsAnErrorThatSaysWhereItBreaks() throws Exception {
    Path file = trail.resolve("audit-000001.jsonl");
    Files.writeString(file, Files.readString(file).replace("\"tenant\":\"globex\"", "\"tenant\":\"acme\""));

    CliRun run = replay(POLICY);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("vectorguard policy replay: the trail does not verify, so it cannot be trusted "
        + "to replay: edited: " + file + " line 3 (byte ");
  }

  @Test
  void aKeyedTrailIsReplayedWithItsKeyAndRefusedWithoutIt() throws Exception {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    Path keyFile = dir.resolve("audit.key");
    Files.writeString(keyFile, java.util.Base64.getEncoder().encodeToString(key));
    trail = dir.resolve("keyed");
    try (HashChainFileSink sink = HashChainFileSink.builder(trail).hmacKey(key).open()) {
      guard(RAG, sink).begin(search("docs"), Actor.builder().tenant("acme").build());
    }

    CliRun without = replay(POLICY);
    CliRun with = replay(POLICY, "--key-file", keyFile.toString());

    assertThat(without.exitCode()).isEqualTo(2);
    assertThat(without.err()).contains("the trail does not verify").contains("or the trail is keyed (HMAC)");
    assertThat(with.exitCode()).as(with.err()).isZero();
    assertThat(with.out()).contains("1 decided calls in 1 file").contains(": 0 would change, 1 unchanged");
  }

  @Test
  void aMissingFileIsAnError() throws Exception {
    CliRun run = CliRun.of("policy", "replay", "--policy", dir.resolve("policy.yaml").toString(),
        dir.resolve("nope.jsonl").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("vectorguard policy replay: no such file: " + dir.resolve("nope.jsonl") + "\n");
  }

  private static JsonNode json(String line) {
    try {
      return PolicyJson.MAPPER.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError(line, e);
    }
  }
}
