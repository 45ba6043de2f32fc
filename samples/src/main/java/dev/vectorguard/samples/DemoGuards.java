package dev.vectorguard.samples;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.jdbc.JdbcApprovalStore;
import dev.vectorguard.audit.AsyncAuditSink;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.CompositeAuditSink;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import dev.vectorguard.token.QdrantJwtMinter;
import dev.vectorguard.token.SecretSource;
import dev.vectorguard.token.TokenSource;
import dev.vectorguard.token.TokenSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What the demo's three services share: one policy, one hash-chained audit trail, one approval
 * store, one masking key; and a guard per service, each with its own workload identity, as
 * three separate applications would have.
 *
 * <p>The approval store is a database file that another process can open too: an embedded H2
 * database in the audit folder, served to other processes on loopback (H2's auto-server mode),
 * because the demo must run on a machine with only a JDK. Production uses PostgreSQL through the
 * same store ({@code vectorguard-approvals-jdbc}). The approver is the {@code vectorguard} CLI,
 * run as a second process ({@link #approveInAnotherProcess}).
 */
final class DemoGuards implements AutoCloseable {
  static final String RAG = "spiffe://demo.vectorguard.dev/ns/demo/sa/rag-service";
  static final String ANALYTICS = "spiffe://demo.vectorguard.dev/ns/demo/sa/analytics-job";
  static final String OPS = "spiffe://demo.vectorguard.dev/ns/demo/sa/ops-job";

  final CompiledPolicy policy;
  final HashChainFileSink trail;
  final Approvals approvals;
  /** The approval store's JDBC URL, for the approver's process. */
  final String approvalStore;
  /** The approver's own audit trail (the CLI's decisions), in a folder of the services' trail. */
  final Path approverTrail;
  /** The same events as the trail, kept in memory so the report can show what the guard did. */
  final InMemoryAuditSink recent = new InMemoryAuditSink();
  private final AsyncAuditSink audit;
  private final AuditSink both;
  private final MaskEngine masking;
  private final TokenSource tokens;

  /**
   * Guards that attach credentials from {@code tokens}: {@link #qdrantTokens} for Qdrant,
   * {@link #chromaTokens} for Chroma.
   */
  DemoGuards(CompiledPolicy policy, Path auditDirectory, TokenSource tokens) throws IOException {
    SecureRandom random = new SecureRandom();
    this.policy = policy;
    this.trail = HashChainFileSink.builder(auditDirectory).durability(Durability.flushEachBatch()).open();
    this.audit = AsyncAuditSink.builder(trail).build();
    this.both = CompositeAuditSink.of(audit, recent);
    // H2's auto-server listens for the approver's process; on loopback only.
    System.setProperty("h2.bindAddress", "127.0.0.1");
    this.approvalStore = "jdbc:h2:file:" + auditDirectory.toAbsolutePath().resolve("approvals")
        + ";AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1";
    this.approverTrail = auditDirectory.toAbsolutePath().resolve("approver");
    this.approvals = Approvals.builder(JdbcApprovalStore.open(approvalStore)).auditSink(notClosedByGuards(both))
        .clock(Clock.systemUTC()).build();
    this.masking = MaskEngine.create(MaskSettings.builder().hashKey(randomKey(random)).build());
    this.tokens = tokens;
  }

  /** Qdrant JWTs signed with the server's API key, each granting only what the decision allows. */
  static TokenSource qdrantTokens(String apiKey) {
    return TokenSources.cached(QdrantJwtMinter.builder(SecretSource.of(apiKey)).build());
  }

  /**
   * Chroma has no scoped tokens: its static bearer token when {@code token} is set (a server with
   * token authentication), otherwise none.
   */
  static TokenSource chromaTokens(@Nullable String token) {
    if (token == null || token.isBlank()) {
      return TokenSource.none();
    }
    Credential credential = Credential.of(CredentialKind.STATIC, token, null, null);
    return request -> credential;
  }

  /** The guard of one service: its workload, and everything shared. */
  VectorGuard guardFor(String workload) {
    return VectorGuard.builder(policy)
        .workload(Workload.configured(workload))
        .tokenSource(tokens)
        .auditSink(notClosedByGuards(both))
        .approvals(approvals)
        .masking(masking)
        .build();
  }

  /**
   * Approves request {@code id} as a DBA would: {@code vectorguard approvals approve} in a child
   * JVM against the shared store. Returns what the CLI printed.
   *
   * @throws IOException when the CLI cannot be run or refuses (its output is in the message)
   */
  String approveInAnotherProcess(String id, String approver, String group, String reason)
      throws IOException, InterruptedException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dh2.bindAddress=127.0.0.1", "-cp", System.getProperty("java.class.path"),
        "dev.vectorguard.cli.VectorguardCli", "approvals", "approve", id, "--store", approvalStore,
        "--audit", approverTrail.toString(), "--as", approver, "--group", group, "--reason", reason, "--for", "10m");
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!cli.waitFor(120, TimeUnit.SECONDS) || cli.exitValue() != 0) {
      cli.destroyForcibly();
      throw new IOException("the approver's CLI failed: " + output);
    }
    return output;
  }

  /** Delivers every queued audit event and closes the trail. */
  @Override
  public void close() throws IOException {
    audit.close();
  }

  private static AuditSink notClosedByGuards(AuditSink sink) {
    // Three guards share one trail; it is closed once, by close(), after they are done.
    return sink::write;
  }

  private static byte[] randomKey(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }
}
