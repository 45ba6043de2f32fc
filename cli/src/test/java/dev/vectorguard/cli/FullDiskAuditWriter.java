package dev.vectorguard.cli;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditMode;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.TestClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A guarded application for {@link AuditFullDiskTest}, run under a file-size limit: its audit
 * file sink (per-event durability, retry after 10 s) is the only file it writes. Reads commands
 * from stdin and answers each with one line:
 *
 * <ul>
 *   <li>{@code call}: one guarded call; {@code ok <call id>} ({@code ok <call id> unaudited} when
 *       an audit event of it was not written), or {@code refused <cause> <message> | <root cause>};
 *   <li>{@code advance <seconds>}: moves the guard's and the sink's clock on; {@code advanced};
 *   <li>{@code quit}: closes the guard and its sink; {@code bye}.
 * </ul>
 *
 * <p>Arguments: the trail's directory, and {@code required} or {@code best-effort}.
 */
final class FullDiskAuditWriter {
  private FullDiskAuditWriter() {}

  public static void main(String[] args) throws Exception {
    // Moved on by commands, so that the test never waits for the sink's retry.
    TestClock clock = new TestClock();
    HashChainFileSink sink = HashChainFileSink.builder(Path.of(args[0])).durability(Durability.flushEachEvent())
        .retryAfter(Duration.ofSeconds(10)).clock(clock).open();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(CrashingAuditWriter.POLICY, "disk-policy.yaml"))
        .workload(Workload.configured("spiffe://acme.io/ns/prod/sa/writer")).auditSink(sink).clock(clock)
        .auditMode(args[1].equals("required") ? AuditMode.REQUIRED : AuditMode.BEST_EFFORT).build();
    VectorCall search = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
        .endpoint("POST /collections/docs/points/search").build();
    Actor actor = Actor.builder().user("alice").tenant("acme").build();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String command = in.readLine(); command != null; command = in.readLine()) {
      if (command.equals("call")) {
        long failures = guard.auditFailures();
        try {
          GuardedCall call = guard.begin(search, actor);
          call.complete(CallOutcome.ok("200").build());
          out.println("ok " + call.callId() + (guard.auditFailures() > failures ? " unaudited" : ""));
        } catch (VectorGuardException e) {
          Throwable root = e;
          while (root.getCause() != null) {
            root = root.getCause();
          }
          out.println("refused " + e.getClass().getSimpleName() + " " + e.getMessage() + " | " + root.getMessage());
        }
      } else if (command.startsWith("advance ")) {
        clock.advance(Duration.ofSeconds(Long.parseLong(command.substring("advance ".length()))));
        out.println("advanced");
      } else if (command.equals("quit")) {
        guard.close();
        out.println("bye");
        return;
      }
    }
  }
}
