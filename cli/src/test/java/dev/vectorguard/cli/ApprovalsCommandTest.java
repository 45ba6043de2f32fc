package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalState;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.jdbc.JdbcApprovalStore;
import dev.vectorguard.approval.jdbc.testing.PostgresServer;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.ApprovalStoreSuite;
import dev.vectorguard.testing.InMemoryAuditSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vectorguard approvals} against a real PostgreSQL store shared with two guards: the CLI
 * runs as a second process (a child JVM) for the cross-process path, in-process for the rest.
 */
class ApprovalsCommandTest {
  @RegisterExtension static final PostgresServer POSTGRES = new PostgresServer();

  @TempDir Path dir;
  private final InMemoryAuditSink trail = new InMemoryAuditSink();
  private VectorGuard replicaA;
  private VectorGuard replicaB;

  @BeforeEach
  void replicas() throws Exception {
    replicaA = replica();
    replicaB = replica();
  }

  /** A guard with its own store object on the shared database, as another replica would have. */
  private VectorGuard replica() throws Exception {
    Approvals approvals = Approvals.builder(JdbcApprovalStore.open(POSTGRES.jdbcUrl())).auditSink(trail).build();
    return VectorGuard.builder(PolicyLoader.parse(ApprovalStoreSuite.POLICY, "approvals.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/ops")).approvals(approvals).auditSink(trail).build();
  }

  private static String refusedId(VectorGuard guard, Operation operation) {
    return catchThrowableOfType(CallRefusedException.class,
        () -> guard.begin(ApprovalStoreSuite.call(operation), ApprovalStoreSuite.ALICE)).approvalId();
  }

  @Test
  void aRequestOnOneReplicaApprovedByTheCliInAnotherProcessGoesThroughOnceOnTheOther() throws Exception {
    String id = refusedId(replicaA, Operation.DELETE);

    Process cli = childCli("approvals", "approve", id, "--store", POSTGRES.jdbcUrl(), "--audit",
        dir.resolve("cli-trail").toString(), "--as", "user:bob", "--group", "group:dba", "--reason", "ticket OPS-12");
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(cli.exitValue()).as(output).isZero();
    assertThat(output).startsWith(id + "  approved  1/1  ");

    GuardedCall call = replicaB.begin(ApprovalStoreSuite.call(Operation.DELETE), ApprovalStoreSuite.ALICE);
    assertThat(call.approvalId()).isEqualTo(id);
    call.complete(CallOutcome.ok("200").build());
    assertThat(refusedId(replicaB, Operation.DELETE)).as("refused on the next try, with a new request").isNotEqualTo(id);
    assertThat(refusedId(replicaA, Operation.DELETE)).isNotEqualTo(id);

    List<Path> files = trailFiles(dir.resolve("cli-trail"));
    assertThat(AuditVerifier.verify(files).ok()).isTrue();
    assertThat(Files.readString(files.get(0))).contains("\"type\":\"" + AuditEvent.APPROVAL_APPROVED + "\"",
        "\"by\":\"user:bob\"", "\"reason\":\"ticket OPS-12\"");
    assertThat(trail.ofType(AuditEvent.APPROVAL_USED)).hasSize(1);
  }

  @Test
  void listShowRejectAndRevokeWorkOnTheSharedStore() throws Exception {
    String delete = refusedId(replicaA, Operation.DELETE);
    String drop = refusedId(replicaB, Operation.DROP_COLLECTION);

    CliRun list = cli("approvals", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out().lines()).hasSize(2).anySatisfy(l -> assertThat(l).startsWith(drop + "  pending  0/2  "))
        .anySatisfy(l -> assertThat(l).startsWith(delete + "  pending  0/1  ").endsWith(
            "spiffe://acme.io/sa/ops for {tenant=acme, user=alice} asks to delete [docs] on qdrant (write access)"));

    CliRun show = cli("approvals", "show", drop);
    assertThat(show.out()).contains("id:            " + drop, "approvers:     group:dba, group:sec (2 needed)",
        "rules:         two-person-drops");

    CliRun reject = cli("approvals", "reject", delete, "--as", "user:bob", "--group", "group:dba", "--reason", "no");
    assertThat(reject.exitCode()).as(reject.err()).isZero();
    assertThat(reject.out()).startsWith(delete + "  rejected  ");
    CliRun approve = cli("approvals", "approve", drop, "--as", "user:bob", "--group", "group:dba", "--reason", "ok");
    assertThat(approve.out()).startsWith(drop + "  pending  1/2  ");
    CliRun revoke = cli("approvals", "revoke", drop, "--as", "user:carol", "--group", "group:sec", "--reason", "oops");
    assertThat(revoke.out()).startsWith(drop + "  revoked  1/2  ");

    assertThat(cli("approvals", "list").out()).isEqualTo("no approval requests in state pending\n");
    assertThat(cli("approvals", "list", "--state", "rejected,revoked", "--json").out())
        .contains("\"id\" : \"" + delete + "\"", "\"state\" : \"rejected\"", "\"decided_by\" : \"user:carol\"");
  }

  @Test
  void refusedDecisionsSayWhyAndChangeNothing() throws Exception {
    String id = refusedId(replicaA, Operation.DELETE);
    CliRun self = cli("approvals", "approve", id, "--as", "user:alice", "--group", "group:dba", "--reason", "mine");
    assertThat(self.exitCode()).isEqualTo(1);
    assertThat(self.err()).isEqualTo("vectorguard approvals approve: user:alice may not approve " + id
        + ": it is their own request (no self-approval)\n");
    CliRun outsider = cli("approvals", "approve", id, "--as", "user:eve", "--reason", "sure");
    assertThat(outsider.exitCode()).isEqualTo(1);
    assertThat(outsider.err()).contains("user:eve may not approve " + id + ": the rule names approvers [group:dba]");
    CliRun unknown = cli("approvals", "approve", "apr_0000", "--as", "user:bob", "--group", "group:dba",
        "--reason", "x");
    assertThat(unknown.err()).isEqualTo("vectorguard approvals approve: no approval request apr_0000\n");
    CliRun badFor = cli("approvals", "approve", id, "--as", "user:bob", "--group", "group:dba", "--reason", "x",
        "--for", "soon");
    assertThat(badFor.exitCode()).isEqualTo(2);
    assertThat(badFor.err()).contains("--for must be a duration such as 90s, 15m, 2h or PT10M, but was 'soon'");
    assertThat(JdbcApprovalStore.open(POSTGRES.jdbcUrl()).find(id).state()).isEqualTo(ApprovalState.PENDING);
    assertThat(trailFiles(dir.resolve("cli-trail")).stream().flatMap(ApprovalsCommandTest::lines)
        .filter(l -> l.contains("approval.approved") || l.contains("approval.voted"))).isEmpty();
  }

  @Test
  void aMissingStoreOrTrailIsAClearErrorAndTheConfigFileIsReadLikeTheApplications() throws Exception {
    CliRun noStore = CliRun.of("approvals", "list");
    assertThat(noStore.exitCode()).isEqualTo(2);
    assertThat(noStore.err()).isEqualTo("vectorguard approvals list: no approval store: pass --store JDBC_URL, set "
        + "VECTORGUARD_APPROVALS_STORE, or set vectorguard.approvals.store in --config FILE\n");
    CliRun noTrail = CliRun.of("approvals", "reject", "apr_1", "--store", POSTGRES.jdbcUrl(), "--as", "user:bob",
        "--reason", "no");
    assertThat(noTrail.exitCode()).isEqualTo(2);
    assertThat(noTrail.err()).isEqualTo("vectorguard approvals reject: a decision is an audit event and no trail is "
        + "set: pass --audit DIR, set VECTORGUARD_APPROVALS_AUDIT, or set vectorguard.approvals.audit in --config FILE\n");

    String id = refusedId(replicaA, Operation.DELETE);
    Path config = Files.writeString(dir.resolve("application.yaml"), "vectorguard:\n  approvals:\n    store: \""
        + POSTGRES.jdbcUrl() + "\"\n    audit: \"" + dir.resolve("from-config") + "\"\n");
    CliRun approve = CliRun.of("approvals", "approve", id, "--config", config.toString(), "--as", "user:bob",
        "--group", "group:dba", "--reason", "from the config");
    assertThat(approve.exitCode()).as(approve.err()).isZero();
    assertThat(trailFiles(dir.resolve("from-config"))).isNotEmpty();
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--store", POSTGRES.jdbcUrl()));
    if (List.of("approve", "reject", "revoke").contains(args[1])) {
      all.addAll(List.of("--audit", dir.resolve("cli-trail").toString()));
    }
    return CliRun.of(all.toArray(String[]::new));
  }

  private static Process childCli(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), VectorguardCli.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static List<Path> trailFiles(Path trail) throws IOException {
    if (!Files.isDirectory(trail)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(trail)) {
      return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
