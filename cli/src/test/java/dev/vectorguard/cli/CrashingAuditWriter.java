package dev.vectorguard.cli;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.policy.PolicyLoader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A guarded application for {@link AuditCrashTest}: makes calls from two threads as fast as it
 * can, audited by a {@link HashChainFileSink} with per-event durability and small files (so that
 * kills land in rotations too), and acknowledges each event on stdout once the guard has returned
 * from writing it: {@code started <call id>} after {@code begin}, {@code completed <call id>} after
 * {@code complete}. Runs until killed.
 *
 * <p>Arguments: the trail's directory, and {@code flush} or {@code fsync}.
 */
final class CrashingAuditWriter {
  static final String POLICY = """
      version: 1
      rules:
        - id: app-reads-docs
          collections: ["docs"]
          actions: [read]
          effect: allow
          obligations: { max_results: 10 }
      """;

  private CrashingAuditWriter() {}

  public static void main(String[] args) throws Exception {
    Durability durability = args[1].equals("fsync") ? Durability.fsyncEachEvent() : Durability.flushEachEvent();
    HashChainFileSink sink = HashChainFileSink.builder(Path.of(args[0])).maxFileBytes(8 << 10)
        .durability(durability).open();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "crash-policy.yaml"))
        .workload(Workload.configured("spiffe://acme.io/ns/prod/sa/writer")).auditSink(sink).build();
    // Unbuffered: a line printed is a line the test can read, even after the kill.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    out.println("ready " + sink.currentFile().getFileName());
    Runnable calls = () -> {
      VectorCall search = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
          .endpoint("POST /collections/docs/points/search").build();
      Actor actor = Actor.builder().user(Thread.currentThread().getName()).tenant("acme").build();
      while (true) {
        GuardedCall call = guard.begin(search, actor);
        out.println("started " + call.callId());
        call.complete(CallOutcome.ok("200").build());
        if (guard.auditFailures() > 0) {
          // complete() does not throw when its event is not written: then nothing may be acknowledged.
          out.println("audit-failure");
          System.exit(3);
        }
        out.println("completed " + call.callId());
      }
    };
    new Thread(calls, "caller-1").start();
    calls.run();
  }
}
