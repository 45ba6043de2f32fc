package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditEvents;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code audit show --follow} tails a trail that a sink is still writing, across its rotations. */
@Timeout(60)
class AuditShowFollowTest {
  private static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");

  @TempDir Path dir;

  /** What the command prints, line by line, for the test to wait on. */
  private final BlockingQueue<String> printed = new LinkedBlockingQueue<>();
  private final AtomicInteger exit = new AtomicInteger(-1);

  @Test
  void followSeesEventsWrittenAfterItStartedAcrossRotations() throws Exception {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).maxFileBytes(1024)
        .durability(Durability.flushEachEvent()).open()) {
      sink.write(call("call_0", "alice", 0));
      Thread follower = follow("--actor", "user=alice", dir.toString());
      assertThat(next()).contains("call_0");

      for (int i = 1; i <= 6; i++) {
        sink.write(call("call_" + i, i % 2 == 0 ? "alice" : "bob", i));
      }
      Path lastFile = sink.currentFile();

      assertThat(next()).contains("call_2");
      assertThat(next()).contains("call_4");
      assertThat(next()).contains("call_6");
      try (var files = Files.list(dir)) {
        assertThat(files.count()).as("the sink rotated while followed").isGreaterThan(2);
      }
      assertThat(lastFile.getFileName().toString()).isNotEqualTo("audit-000001.jsonl");
      follower.interrupt();
      follower.join();
    }
    assertThat(exit.get()).isZero();
    assertThat(next()).isEqualTo("-- 4 of 7 events");
  }

  @Test
  void followWaitsForALineToBeCompleteBeforeReadingIt() throws Exception {
    Path file = dir.resolve("audit-000001.jsonl");
    String line = "{\"schema_version\":1,\"id\":\"evt_1\",\"type\":\"policy.loaded\",\"call_id\":null,"
        + "\"ts\":\"2026-11-29T06:00:00Z\",\"data\":{\"rules\":1,\"source\":\"p.yaml\",\"version\":\"v1\"}}";
    Files.writeString(file, line.substring(0, 40));
    Thread follower = follow(file.toString());

    Files.writeString(file, line + "\n");

    assertThat(next()).contains("policy.loaded    p.yaml version v1 (1 rules)");
    follower.interrupt();
    follower.join();
    assertThat(next()).isEqualTo("-- 1 of 1 events");
  }

  private Thread follow(String... args) {
    CommandLine cli = new CommandLine(new VectorguardCli());
    cli.setOut(new PrintWriter(new Lines(printed), true));
    cli.setErr(new PrintWriter(new Lines(printed), true));
    AuditShowCommand show = cli.getSubcommands().get("audit").getSubcommands().get("show").getCommand();
    show.pollInterval = Duration.ofMillis(10);
    String[] command = new String[args.length + 3];
    command[0] = "audit";
    command[1] = "show";
    command[2] = "--follow";
    System.arraycopy(args, 0, command, 3, args.length);
    Thread thread = new Thread(() -> exit.set(cli.execute(command)), "audit-show-follow");
    thread.start();
    return thread;
  }

  private String next() throws InterruptedException {
    String line = printed.poll(30, TimeUnit.SECONDS);
    assertThat(line).as("a line printed within 30 s").isNotNull();
    return line;
  }

  private static AuditEvent call(String callId, String user, int second) {
    return AuditEvents.create(AuditEvent.CALL_STARTED, callId, T0.plusSeconds(second), Map.of(
        "decision", Map.of("effect", "allow", "rules", List.of("r1"), "policy_version", "v1", "enforced", true),
        "workload", Map.of("id", "spiffe://acme.io/rag", "verified", false),
        "actor", Map.of("user", user),
        "call", Map.of("backend", "qdrant", "operation", "search", "collections", List.of("docs"))));
  }

  /** A writer that hands each complete line to a queue. */
  private static final class Lines extends Writer {
    private final BlockingQueue<String> queue;
    private final StringBuilder line = new StringBuilder();

    Lines(BlockingQueue<String> queue) {
      this.queue = queue;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        if (chars[i] == '\n') {
          queue.add(line.toString());
          line.setLength(0);
        } else {
          line.append(chars[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
