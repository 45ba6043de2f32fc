package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
  private static final Path SAMPLES = Path.of("..", "samples", "policies");
  private static final Path DEMO = SAMPLES.resolve("demo.yaml");
  private static final String RAG = "spiffe://demo.vectorguard.dev/ns/demo/sa/rag-service";

  @TempDir
  Path dir;

  @Test
  void checkAcceptsEverySamplePolicy() throws Exception {
    List<String> args = new ArrayList<>(List.of("policy", "check"));
    try (var files = Files.list(SAMPLES)) {
      files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().endsWith("-cases.yaml")).sorted()
          .forEach(f -> args.add(f.toString()));
    }
    CliRun run = CliRun.of(args.toArray(new String[0]));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    String version = PolicyLoader.load(DEMO).version();
    assertThat(run.out()).contains(DEMO + ": valid, 7 rules, enforce, " + version + "\n")
        .contains("monitor-rollout.json: valid, 3 rules, monitor, ");
  }

  @Test
  void checkWarnsOfATenantFieldOrMaskABackendCannotEnforce() throws Exception {
    Path policy = dir.resolve("frameworks.yaml");
    Files.writeString(policy, """
        version: 1
        rules:
          - id: json-metadata
            collections: [docs]
            actions: [read]
            effect: allow
            obligations:
              tenant_filter: { field: 'metadata["tenant_id"]', value: "${actor.tenant}" }
          - id: milvus-only
            backends: [milvus]
            collections: [kb]
            actions: [read]
            effect: allow
            obligations:
              tenant_filter: { field: 'metadata["tenant_id"]', value: "${actor.tenant}" }
          - id: unreadable
            backends: [milvus, qdrant]
            collections: [notes]
            actions: [read]
            effect: allow
            obligations:
              tenant_filter: { field: 'meta[tenant', value: "${actor.tenant}" }
          - id: nested-mask
            collections: [people]
            actions: [read]
            effect: allow
            obligations:
              mask: [ { field: customer.ssn, with: redact }, { field: email, with: redact } ]
        """);
    CliRun run = CliRun.of("policy", "check", policy.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).startsWith(policy + ": valid, 4 rules");
    assertThat(lines.subList(1, lines.size())).containsExactly(
        policy + ":3:5: rule 'json-metadata': warning: on qdrant, the payload key 'metadata[\"tenant_id\"]' is not a "
            + "JSON path Qdrant reads; every call under this rule's tenant filter is refused there",
        policy + ":3:5: rule 'json-metadata': warning: on chroma, the tenant field 'metadata[\"tenant_id\"]' is read "
            + "as one metadata key of that very name, since Chroma metadata is flat: reads under this rule find no "
            + "records and writes are refused unless records carry that key; name the metadata key itself "
            + "(tenant_id), or limit the rule with backends",
        policy + ":16:5: rule 'unreadable': warning: on qdrant, the payload key 'meta[tenant' is not a JSON path "
            + "Qdrant reads; every call under this rule's tenant filter is refused there",
        policy + ":16:5: rule 'unreadable': warning: on milvus, the tenant field 'meta[tenant' is not a Milvus field "
            + "name or JSON key (field[\"key\"]) the guard can filter on; every call under this rule's tenant "
            + "filter is refused there",
        policy + ":23:5: rule 'nested-mask': warning: on chroma, the mask field 'customer.ssn' is a nested path, "
            + "but Chroma metadata is flat: it masks no metadata value there, and a key spelled 'customer.ssn' is "
            + "another key, left unmasked; mask the key itself, or limit the rule with backends");
  }

  @Test
  void checkPrintsOneLinePerErrorAndExitsOne() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, """
        version: 1
        rules:
          - id: a
            effect: permit
          - id: a
            operations: [serch]
            effect: allow
        """);
    CliRun run = CliRun.of("policy", "check", DEMO.toString(), bad.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith(DEMO + ": valid");
    List<String> lines = run.err().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(bad + ":4:13: rule 'a': effect must be one of allow, deny, approve, but was 'permit'");
    assertThat(lines.get(1)).isEqualTo(bad + ":5:9: rule 'a': duplicate rule id 'a'; it is first used at line 3");
    assertThat(lines.get(2)).startsWith(bad + ":6:18: rule 'a': unknown operation 'serch'; valid operations: search, ");
  }

  @Test
  void checkOfAMissingFile() {
    CliRun run = CliRun.of("policy", "check", dir.resolve("nope.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith(dir.resolve("nope.yaml") + ": cannot read: java.nio.file.NoSuchFileException");
  }

  @Test
  void explainShowsWhichMaskedFieldsAllowExactLookups() throws Exception {
    Path policy = dir.resolve("lookups.yaml");
    Files.writeString(policy, """
        version: 1
        rules:
          - id: support-finds-by-email
            collections: [tickets]
            actions: [read]
            effect: allow
            obligations:
              mask:
                - { field: email, with: redact, lookups: exact }
                - { field: salary, with: redact }
        """);
    CliRun run = CliRun.of("policy", "explain", "--policy", policy.toString(), "--workload", RAG,
        "--backend", "qdrant", "--operation", "search", "--collection", "tickets");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).get("obligations").get("mask").toString()).isEqualTo(
        "[{\"field\":\"email\",\"with\":\"redact\",\"lookups\":\"exact\"},{\"field\":\"salary\",\"with\":\"redact\"}]");
  }

  @Test
  void explainPrintsOneJsonObject() throws Exception {
    CliRun run = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload", RAG,
        "--actor", "tenant=tenant-a", "--backend", "qdrant", "--operation", "search", "--collection", "docs");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().count()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("effect").asText()).isEqualTo("allow");
    assertThat(json.get("rules").toString()).isEqualTo("[\"rag-searches-own-tenant\"]");
    assertThat(json.get("reason").asText()).isEqualTo("allowed by rule 'rag-searches-own-tenant'");
    assertThat(json.get("policy_version").asText()).isEqualTo(PolicyLoader.load(DEMO).version());
    assertThat(json.get("obligations").toString()).isEqualTo("{\"max_results\":5,\"vectors\":\"strip\","
        + "\"tenant_filters\":[{\"field\":\"tenant_id\",\"value\":\"tenant-a\"}],"
        + "\"mask\":[{\"field\":\"email\",\"with\":\"hash\"},{\"field\":\"phone\",\"with\":\"partial\",\"keep\":4},"
        + "{\"field\":\"notes\",\"with\":\"detect-pii\"}],\"filter_listings\":false}");
    List<String> fieldNames = new ArrayList<>();
    json.fieldNames().forEachRemaining(fieldNames::add);
    assertThat(fieldNames).containsExactly("effect", "rules", "reason", "policy_version", "obligations", "trace");
    JsonNode trace = json.get("trace");
    assertThat(trace).hasSize(7);
    assertThat(trace.get(0).toString()).isEqualTo("{\"rule\":\"health-checks\",\"collection\":\"docs\","
        + "\"matched\":false,\"why\":\"operation search is not one of [health]\"}");
    assertThat(trace.get(1).toString()).isEqualTo("{\"rule\":\"rag-searches-own-tenant\",\"collection\":\"docs\","
        + "\"matched\":true,\"detail\":\"matched: effect allow\"}");
  }

  @Test
  void explainADenialAndAnApproval() throws Exception {
    CliRun denied = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload",
        "spiffe://demo.vectorguard.dev/ns/demo/sa/analytics-job", "--backend", "qdrant", "--operation", "search",
        "--collection", "hr-salaries");
    JsonNode json = new ObjectMapper().readTree(denied.out());
    assertThat(json.get("effect").asText()).isEqualTo("deny");
    assertThat(json.get("reason").asText()).isEqualTo(
        "denied by rule 'analytics-never-reads-salaries' (Analytics jobs must not read HR salary data)");
    assertThat(json.get("obligations").toString()).isEqualTo("{}");

    CliRun approve = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload",
        "spiffe://demo.vectorguard.dev/ns/demo/sa/ops-job", "--backend", "qdrant", "--operation", "delete",
        "--collection", "docs");
    JsonNode approval = new ObjectMapper().readTree(approve.out());
    assertThat(approval.get("effect").asText()).isEqualTo("approve");
    assertThat(approval.get("approval").toString())
        .isEqualTo("{\"approvers\":[\"group:dba\"],\"ttl\":\"PT15M\",\"single_use\":true}");
  }

  @Test
  void explainFillsTemplatesFromTheActorOnTheMultiTenantSample() throws Exception {
    String policy = SAMPLES.resolve("multi-tenant-rag.yaml").toString();
    CliRun own = CliRun.of("policy", "explain", "--policy", policy, "--workload", "spiffe://acme.io/ns/prod/sa/rag-api",
        "--actor", "tenant=acme", "--backend", "milvus", "--operation", "query", "--database", "tenant_acme",
        "--collection", "tenant-acme-docs");
    JsonNode json = new ObjectMapper().readTree(own.out());
    assertThat(json.get("effect").asText()).isEqualTo("allow");
    assertThat(json.get("rules").toString()).isEqualTo("[\"own-tenant-collections\",\"own-tenant-database\"]");

    CliRun other = CliRun.of("policy", "explain", "--policy", policy, "--workload", "spiffe://acme.io/ns/prod/sa/rag-api",
        "--actor", "tenant=acme", "--actor", "agent=copilot", "--backend", "qdrant", "--operation", "upsert",
        "--collection", "tenant-acme-docs", "--collection", "tenant-globex-docs");
    JsonNode denied = new ObjectMapper().readTree(other.out());
    assertThat(denied.get("effect").asText()).isEqualTo("deny");
    assertThat(denied.get("rules").toString()).isEqualTo("[\"agents-read-only\"]");
    assertThat(denied.get("reason").asText()).isEqualTo("on 'tenant-acme-docs', 'tenant-globex-docs': denied by rule "
        + "'agents-read-only' (An AI agent acting for a user never writes)");
  }

  @Test
  void explainRejectsBadCallOptionsWithUsageExit() {
    CliRun run = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload", RAG,
        "--backend", "pinecone", "--operation", "search");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("vectorguard policy explain: unknown backend 'pinecone'; valid backends: "
        + "qdrant, milvus, chroma\n");
    CliRun badActor = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload", RAG,
        "--actor", "tenant", "--backend", "qdrant", "--operation", "search");
    assertThat(badActor.err()).isEqualTo("vectorguard policy explain: --actor takes KEY=VALUE, but was 'tenant'\n");
    CliRun noOperation = CliRun.of("policy", "explain", "--policy", DEMO.toString(), "--workload", RAG,
        "--backend", "qdrant");
    assertThat(noOperation.err()).isEqualTo(
        "vectorguard policy explain: an operation is required (--operation), such as search\n");
  }

  @Test
  void explainWithAnInvalidPolicyPrintsItsErrors() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "version: 3\nrules: []\n");
    CliRun run = CliRun.of("policy", "explain", "--policy", bad.toString(), "--workload", RAG,
        "--backend", "qdrant", "--operation", "search");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(bad + ":1:10: unsupported version 3; this Vectorguard reads policy version 1\n");
  }

  @Test
  void theDemoCasesPass() {
    CliRun run = CliRun.of("policy", "test", "--policy", DEMO.toString(), SAMPLES.resolve("demo-cases.yaml").toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).startsWith("policy test: 12 cases, 12 passed, 0 failed (" + DEMO + ", sha256:");
  }

  @Test
  void failingCasesArePrintedWithTheirTrace() throws Exception {
    Path cases = dir.resolve("cases.yaml");
    Files.writeString(cases, """
        cases:
          - name: expects too much
            workload: spiffe://demo.vectorguard.dev/ns/demo/sa/rag-service
            actor: { tenant: a }
            backend: qdrant
            operation: search
            collection: docs
            expect:
              effect: allow
              rules: [something-else]
              obligations: { max_results: 50, tenant_filters: [{ field: tenant_id, value: a }] }
          - name: passes
            workload: x
            backend: qdrant
            operation: health
            expect: { effect: allow }
        """);
    CliRun run = CliRun.of("policy", "test", "--policy", DEMO.toString(), cases.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    List<String> lines = run.out().lines().toList();
    assertThat(lines.subList(0, 5)).containsExactly(
        "FAIL expects too much",
        "  expected rules [something-else], got [rag-searches-own-tenant]",
        "  expected obligations.max_results 50, got 5",
        "  decision: allow [rag-searches-own-tenant]: allowed by rule 'rag-searches-own-tenant'",
        "  trace:");
    assertThat(lines.get(5)).isEqualTo("    rule 'health-checks' on 'docs' did not match: operation search is not "
        + "one of [health]");
    assertThat(lines).doesNotContain("PASS passes");
    assertThat(lines.get(lines.size() - 1)).startsWith("policy test: 2 cases, 1 passed, 1 failed");
  }

  @Test
  void malformedCasesAreAUsageError() throws Exception {
    Path cases = dir.resolve("cases.yaml");
    Files.writeString(cases, """
        cases:
          - name: typo
            workload: x
            backend: qdrant
            operation: health
            expected: { effect: allow }
        """);
    CliRun run = CliRun.of("policy", "test", "--policy", DEMO.toString(), cases.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(cases + ": case 1 ('typo'): unknown key 'expected'; allowed keys: name, workload, "
        + "claims, actor, backend, operation, collection, collections, database, access, expect\n");
  }

  @Test
  void policyAloneShowsUsage() {
    CliRun run = CliRun.of("policy");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("check").contains("explain").contains("test");
  }
}
