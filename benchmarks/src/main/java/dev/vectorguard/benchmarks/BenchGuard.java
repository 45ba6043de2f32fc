package dev.vectorguard.benchmarks;

import dev.vectorguard.Actor;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AsyncAuditSink;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.token.QdrantJwtMinter;
import dev.vectorguard.token.SecretSource;
import dev.vectorguard.token.TokenSource;
import dev.vectorguard.token.TokenSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The guard the call-overhead benchmarks run through, configured as a production service would be:
 * a YAML policy allowing the workload, for its actor's tenant, to read one collection with a tenant
 * filter, three masked fields and vectors stripped; a cached token (a Qdrant JWT scoped to the
 * collection, minted once and then served from the cache; a static bearer token for Chroma, which
 * has no scoped tokens); and the asynchronous hash-chained audit file (flushed per batch) in a
 * temporary directory that {@link #close()} deletes.
 */
final class BenchGuard implements AutoCloseable {
  static final String WORKLOAD = "spiffe://acme.io/ns/prod/sa/rag";
  static final Actor ACTOR = Actor.builder().user("alice").tenant(SearchResponses.TENANT).build();

  private final VectorGuard guard;
  private final Path auditDirectory;

  private BenchGuard(VectorGuard guard, Path auditDirectory) {
    this.guard = guard;
    this.auditDirectory = auditDirectory;
  }

  /** A guard for Qdrant: masks {@code email}, {@code customer.ssn}, {@code card}; JWT per collection. */
  static BenchGuard qdrant(String collection) throws IOException, PolicyValidationException {
    TokenSource tokens = TokenSources.cached(QdrantJwtMinter.builder(SecretSource.of(TokenBenchmark.API_KEY)).build());
    return create(policy(collection, "customer.ssn"), tokens);
  }

  /** A guard for Chroma: masks {@code email}, {@code ssn}, {@code card} of the flat metadata. */
  static BenchGuard chroma(String collection) throws IOException, PolicyValidationException {
    return create(policy(collection, "ssn"), TokenSources.staticSecret("chroma-bench-token"));
  }

  /** A guard for Milvus: masks {@code email}, {@code ssn}, {@code card} of the output fields; a static token. */
  static BenchGuard milvus(String collection) throws IOException, PolicyValidationException {
    return create(policy(collection, "ssn"), TokenSources.staticSecret("milvus-bench-token"));
  }

  static String policy(String collection, String ssnField) {
    return """
        version: 1
        mode: enforce
        defaults: { effect: deny }
        rules:
          - id: rag-reads-COLLECTION
            when:
              workload: "WORKLOAD"
              actor.tenant: "*"
            collections: ["COLLECTION"]
            actions: [read]
            effect: allow
            obligations:
              max_results: 50
              vectors: strip
              tenant_filter: { field: tenant_id, value: "${actor.tenant}" }
              mask:
                - { field: email, with: redact }
                - { field: SSN, with: hash }
                - { field: card, with: partial, keep: 4 }
        """.replace("COLLECTION", collection).replace("WORKLOAD", WORKLOAD).replace("SSN", ssnField);
  }

  private static BenchGuard create(String yaml, TokenSource tokens) throws IOException, PolicyValidationException {
    Path directory = Files.createTempDirectory("vectorguard-bench-audit");
    AsyncAuditSink audit = AsyncAuditSink.builder(HashChainFileSink.builder(directory)
        .durability(Durability.flushEachBatch()).open()).build();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(yaml, "bench-policy.yaml"))
        .workload(Workload.configured(WORKLOAD))
        .tokenSource(tokens)
        .auditSink(audit)
        .masking(SearchResponses.maskEngine())
        .build();
    return new BenchGuard(guard, directory);
  }

  VectorGuard guard() {
    return guard;
  }

  /** How many audit events the sink did not accept; a benchmark whose audit fails measures nothing. */
  long auditFailures() {
    return guard.auditFailures();
  }

  /** Fails the trial when the sink did not accept every audit event: such a run measured nothing. */
  void requireCompleteAudit() {
    if (auditFailures() > 0) {
      throw new IllegalStateException(auditFailures() + " audit events were not accepted");
    }
  }

  @Override
  public void close() throws IOException {
    guard.close();
    try (Stream<Path> files = Files.walk(auditDirectory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
