package dev.vectorguard.benchmarks;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AsyncAuditSink;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.internal.Ids;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through the asynchronous, hash-chained file trail, committing each batch by
 * flushing to the OS or by forcing to the disk. The queue is bounded with overflow {@code BLOCK},
 * so in steady state the rate is what the calling threads and the one writer thread sustain
 * together.
 *
 * <p>One operation is what the guard does per audited call on the calling thread and what the
 * trail does for it: build a fresh {@code call.started} event (a new event id and call id, the
 * current time, and a copy of the data tree of a real event the engine wrote, about 900 bytes of
 * JSON) and hand it to the {@link AsyncAuditSink}; the sink's own work per event (its canonical
 * JSON, the chain hash, the write) is counted wherever it runs. A fresh event per operation keeps
 * the sink from reusing anything it computed for an earlier event.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(deps) org.openjdk.jmh.Main AuditBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(4)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AuditBenchmark {
  @Param({"flush-per-batch", "fsync-per-batch"})
  public String durability;

  private Path directory;
  private AsyncAuditSink sink;
  /** The engine's event whose data each operation copies into a new event. */
  private AuditEvent template;

  @Setup(Level.Trial)
  public void open() throws IOException {
    directory = Files.createTempDirectory("vectorguard-audit-bench");
    Durability commit = durability.equals("fsync-per-batch") ? Durability.fsyncEachBatch() : Durability.flushEachBatch();
    sink = AsyncAuditSink.builder(HashChainFileSink.builder(directory).durability(commit).open())
        .capacity(8192).overflow(AsyncAuditSink.Overflow.BLOCK).build();
    template = realStartedEvent();
  }

  /**
   * A {@code call.started} event as the engine writes it for a realistic search (obligations,
   * identity, a scoped credential), captured through the public API rather than built by hand.
   */
  static AuditEvent realStartedEvent() throws IOException {
    AuditEvent[] captured = new AuditEvent[1];
    AuditSink capture = e -> {
      if (captured[0] == null && e.type().equals(AuditEvent.CALL_STARTED)) {
        captured[0] = e;
      }
    };
    VectorGuard guard;
    try {
      guard = VectorGuard.builder(PolicyLoader.parse("""
              version: 1
              rules:
                - id: support-read
                  collections: [support_tickets]
                  actions: [read]
                  effect: allow
                  obligations: { max_results: 20, vectors: strip }
              """, "audit-bench.yaml"))
          .workload(Workload.configured("spiffe://acme.io/ns/prod/sa/rag"))
          .tokenSource(request -> Credential.of(CredentialKind.QDRANT_JWT, "eyJhbGciOiJFUzI1NiJ9.e30.sig",
              Instant.parse("2026-11-29T06:05:00Z"), "jti-42"))
          .auditSink(capture)
          .build();
    } catch (PolicyValidationException e) {
      throw new IllegalStateException(e);
    }
    VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("support_tickets")
        .facts(RequestFacts.builder().limit(10).filterPresent(true).outputFields(List.of("title", "body")).build())
        .endpoint("POST /collections/support_tickets/points/search").build();
    guard.begin(call, Actor.builder().user("alice@acme.io").tenant("acme").build())
        .complete(CallOutcome.ok("200").build());
    guard.close();
    return java.util.Objects.requireNonNull(captured[0], "the guard wrote no call.started event");
  }

  /** Where the trail is written, for tests. */
  Path directory() {
    return directory;
  }

  @Benchmark
  public void write() throws IOException {
    sink.write(freshEvent(template));
  }

  /** A new event like {@code template}: new ids, the current time, the data copied as the engine copies it. */
  static AuditEvent freshEvent(AuditEvent template) {
    return AuditEvent.of(Ids.next("evt_"), template.type(), Ids.next("call_"), Instant.now(), template.data());
  }

  @TearDown(Level.Iteration)
  public void drain() throws IOException {
    sink.flush();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    sink.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
