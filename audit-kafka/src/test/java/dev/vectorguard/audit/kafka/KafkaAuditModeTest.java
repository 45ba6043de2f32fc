package dev.vectorguard.audit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvents;
import dev.vectorguard.audit.AuditMode;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.audit.kafka.testing.KafkaBroker;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a guard does with a Kafka audit sink whose broker is unreachable (a loopback port nobody
 * listens on): calls go ahead while the spool takes the events; only when the spool fails too does
 * {@code required} mode refuse, and {@code best-effort} count the failures.
 */
class KafkaAuditModeTest {
  @TempDir Path dir;
  private KafkaAuditSink sink;

  private KafkaAuditSink sink(Path spool) throws IOException {
    return KafkaAuditSink.builder("audit", "guard-m").bootstrapServers(KafkaBroker.unreachableBootstrapServers())
        .closeTimeout(Duration.ZERO)
        .directTimeout(Duration.ofMillis(200))
        .spool(HashChainFileSink.builder(spool).durability(Durability.flushEachEvent()).maxFileBytes(1024))
        .open();
  }

  private static VectorGuard guard(KafkaAuditSink sink, AuditMode mode) throws Exception {
    return VectorGuard.builder(PolicyLoader.parse("""
            version: 1
            rules:
              - id: read-docs
                collections: [docs]
                actions: [read]
                effect: allow
            """, "policy.yaml"))
        .workload(Workload.configured("spiffe://acme.io/ns/prod/sa/rag"))
        .tokenSource(request -> Credential.of(CredentialKind.QDRANT_JWT, "token", Instant.parse("2099-01-01T00:00:00Z"),
            "jti"))
        .auditSink(sink)
        .auditMode(mode)
        .build();
  }

  private static void call(VectorGuard guard) {
    VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
        .endpoint("POST /collections/docs/points/search").build();
    guard.begin(call, Actor.builder().user("alice").build()).complete(CallOutcome.ok("200").build());
  }

  /** Makes the spool's next rotation fail: the name of its next file is taken by a directory. */
  static void breakSpool(KafkaAuditSink sink) throws IOException {
    Path current = sink.spool().currentFile();
    long sequence = Long.parseLong(current.getFileName().toString().replaceAll("\\D", ""));
    Files.createDirectories(current.resolveSibling(String.format(java.util.Locale.ROOT, "audit-%06d.jsonl",
        sequence + 1)));
  }

  @Test
  void anUnreachableBrokerAloneRefusesNothingAndLosesNothing() throws Exception {
    Path spool = dir.resolve("spool");
    KafkaAuditSink sink = sink(spool);
    VectorGuard guard = guard(sink, AuditMode.REQUIRED);
    for (int i = 0; i < 5; i++) {
      call(guard);
    }
    assertThat(guard.auditFailures()).isZero();
    assertThat(sink.delivered()).isZero();
    guard.close();
    sink.close();
    List<Path> files;
    try (Stream<Path> entries = Files.list(spool)) {
      files = entries.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    // Everything is in the spool, chained, waiting for the broker: 5 x (call.started, call.completed).
    AuditVerifier.Result result = AuditVerifier.verify(files);
    assertThat(result.summary()).isEqualTo("OK 10 events");
  }

  /** A guard whose sink's broker is away and whose spool took one call, then broke. */
  private VectorGuard guardWithBrokenSpool(AuditMode mode) throws Exception {
    Path spool = dir.resolve("spool");
    sink = sink(spool);
    VectorGuard guard = guard(sink, mode);
    call(guard);
    breakSpool(sink);
    return guard;
  }

  @Test
  void requiredModeRefusesWhenTheSpoolFailsAsWell() throws Exception {
    VectorGuard guard = guardWithBrokenSpool(AuditMode.REQUIRED);
    assertThatThrownBy(() -> {
      for (int i = 0; i < 5; i++) {
        call(guard);
      }
    }).isInstanceOf(GuardFailureException.class)
        .satisfies(e -> assertThat(((GuardFailureException) e).failure()).isEqualTo(GuardFailureException.Cause.AUDIT));
    assertThat(guard.auditFailures()).isPositive();
    assertThatThrownBy(() -> sink.write(AuditEvents.create("test", null, Instant.now(), java.util.Map.of())))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("neither the audit spool nor the broker took the event: the spool failed (")
        .hasMessageContaining("and the broker has not acknowledged its last events within PT0.2S");
    assertThatThrownBy(sink::close).isInstanceOf(IOException.class);
  }

  @Test
  void bestEffortModeCountsTheEventsNeitherCouldTake() throws Exception {
    VectorGuard guard = guardWithBrokenSpool(AuditMode.BEST_EFFORT);
    for (int i = 0; i < 5; i++) {
      call(guard); // goes ahead
    }
    assertThat(guard.auditFailures()).isGreaterThanOrEqualTo(9); // 10 events, at most one before the spool broke
    assertThatThrownBy(sink::close).isInstanceOf(IOException.class);
  }
}
