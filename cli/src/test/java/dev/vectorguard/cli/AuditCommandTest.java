package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditEvents;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {
  private static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");

  @TempDir Path dir;
  private Path file;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeTrail() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).durability(Durability.flushEachEvent()).open()) {
      sink.write(AuditEvents.policyLoaded("policy.yaml", "sha256:abc", 3, T0));
      sink.write(started("call_1", "docs", "spiffe://acme.io/rag", T0.plusSeconds(1)));
      sink.write(completed("call_1", "docs", "spiffe://acme.io/rag", T0.plusSeconds(2), true));
      sink.write(started("call_2", "hr", "spiffe://acme.io/batch", T0.plusSeconds(60)));
      sink.write(completed("call_2", "hr", "spiffe://acme.io/batch", T0.plusSeconds(61), false));
      file = sink.currentFile();
    }
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new VectorguardCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    AuditShowCommand show = cli.getSubcommands().get("audit").getSubcommands().get("show").getCommand();
    show.clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
    return cli.execute(args);
  }

  @Test
  void verifyPrintsOkAndTheHead() {
    assertThat(run("audit", "verify", file.toString())).isZero();
    assertThat(out.toString()).startsWith("OK 5 events\nhead ");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void verifyAcceptsTheDirectory() {
    assertThat(run("audit", "verify", dir.toString())).isZero();
    assertThat(out.toString()).startsWith("OK 5 events\n");
  }

  @Test
  void verifyReportsTheFirstBrokenLineAndExitsNonZero() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    Collections.swap(lines, 1, 2);
    Files.writeString(file, String.join("\n", lines) + "\n");

    assertThat(run("audit", "verify", file.toString())).isEqualTo(1);
    assertThat(out.toString()).startsWith("reordered: " + file + " line 2 (byte ")
        .contains("it chains to " + file.getFileName() + " line 3, which comes after it: lines are out of order\n")
        .contains("1 events before it are intact");
  }

  @Test
  void verifyReportsWhereATruncatedFileEnds() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    assertThat(run("audit", "verify", file.toString())).isEqualTo(1);
    assertThat(out.toString()).startsWith("truncated: " + file + " line 5 ")
        .contains("the file ends at byte " + (bytes.length - 10) + " in the middle of this line");
  }

  @Test
  void verifyExplainsBadArguments() {
    assertThat(run("audit", "verify", dir.resolve("nope.jsonl").toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("vectorguard audit verify: no such file: " + dir.resolve("nope.jsonl") + "\n");
    assertThat(run("audit", "verify", "--head", "xyz", file.toString())).isEqualTo(2);
    assertThat(err.toString()).endsWith("--head must be 64 lower-case hex digits, but was 'xyz'\n");
  }

  @Test
  void verifyChecksAKeyedTrailWithItsKeyFile() throws IOException {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    Path keyed = dir.resolve("keyed");
    try (HashChainFileSink sink = HashChainFileSink.builder(keyed).hmacKey(key).open()) {
      sink.write(AuditEvents.policyLoaded("policy.yaml", "v1", 1, T0));
    }
    Path keyFile = dir.resolve("audit.key");
    Files.writeString(keyFile, java.util.Base64.getEncoder().encodeToString(key) + "\n");

    assertThat(run("audit", "verify", "--key-file", keyFile.toString(), keyed.toString())).isZero();
    assertThat(out.toString()).startsWith("OK 1 events\n");
    assertThat(run("audit", "verify", keyed.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("or the trail is keyed (HMAC)");
    Files.writeString(keyFile, "not base64!");
    assertThat(run("audit", "verify", "--key-file", keyFile.toString(), keyed.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("vectorguard audit verify: cannot read a base64 key from " + keyFile + ": ");
  }

  @Test
  void showPrintsATimeline() {
    assertThat(run("audit", "show", file.toString())).isZero();
    String text = out.toString();
    assertThat(text).contains("2026-11-29T06:00:00Z  policy.loaded    policy.yaml version sha256:abc (3 rules)")
        .contains("2026-11-29T06:00:01Z  call.started    call_1  qdrant search [docs]  allow by [r1] (policy v1)"
            + "  workload spiffe://acme.io/rag  actor user=alice  credential static")
        .contains("2026-11-29T06:00:02Z  call.completed  call_1  qdrant search [docs]  ok 200  12.5 ms  results 2"
            + "  out 100 B, in 2000 B  masked 1 fields")
        .endsWith("-- 5 of 5 events\n");
    assertThat(text.indexOf("call_1")).isLessThan(text.indexOf("call_2"));
  }

  @Test
  void showReplaysFullCaptureInOrder() {
    assertThat(run("audit", "show", "--call", "call_1", file.toString())).isZero();
    assertThat(out.toString()).isEqualTo(""
        + "2026-11-29T06:00:01Z  call.started    call_1  qdrant search [docs]  allow by [r1] (policy v1)  workload "
        + "spiffe://acme.io/rag  actor user=alice  credential static\n"
        + "2026-11-29T06:00:02Z  call.completed  call_1  qdrant search [docs]  ok 200  12.5 ms  results 2  out 100 B, "
        + "in 2000 B  masked 1 fields\n"
        + "    > request  {\"limit\":2,\"vector\":\"<vector dims=3>\"}\n"
        + "    < response {\"result\":[{\"email\":\"[redacted]\"}]}\n"
        + "-- 2 of 5 events\n");
  }

  @Test
  void showFilters() {
    assertThat(run("audit", "show", "--workload", "spiffe://acme.io/batch", file.toString())).isZero();
    assertThat(out.toString()).doesNotContain("call_1").contains("call_2").endsWith("-- 2 of 5 events\n");
    out.getBuffer().setLength(0);
    assertThat(run("audit", "show", "--collection", "docs", file.toString())).isZero();
    assertThat(out.toString()).contains("call_1").doesNotContain("call_2").endsWith("-- 2 of 5 events\n");
    out.getBuffer().setLength(0);
    assertThat(run("audit", "show", "--since", "2026-11-29T06:00:30Z", file.toString())).isZero();
    assertThat(out.toString()).endsWith("-- 2 of 5 events\n");
    out.getBuffer().setLength(0);
    assertThat(run("audit", "show", "--since", "59m", file.toString())).isZero(); // now is T0 + 1h
    assertThat(out.toString()).endsWith("-- 2 of 5 events\n");
  }

  @Test
  void showFiltersByActorAndUntil() {
    assertThat(run("audit", "show", "--actor", "user=alice", file.toString())).isZero();
    assertThat(out.toString()).contains("call.started    call_1").contains("call.started    call_2")
        .doesNotContain("call.completed").endsWith("-- 2 of 5 events\n");
    out.getBuffer().setLength(0);
    assertThat(run("audit", "show", "--actor", "user=alice", "--actor", "tenant=acme", file.toString())).isZero();
    assertThat(out.toString()).isEqualTo("-- 0 of 5 events\n");
    out.getBuffer().setLength(0);
    assertThat(run("audit", "show", "--until", "2026-11-29T06:00:30Z", file.toString())).isZero();
    assertThat(out.toString()).contains("call_1").doesNotContain("call_2").endsWith("-- 3 of 5 events\n");
    out.getBuffer().setLength(0);
    assertThat(run("audit", "show", "--since", "2026-11-29T06:00:01Z", "--until", "59m", file.toString())).isZero();
    assertThat(out.toString()).contains("call_1").doesNotContain("policy.loaded").endsWith("-- 2 of 5 events\n");
  }

  @Test
  void showExplainsABadUntilOrActor() {
    assertThat(run("audit", "show", "--until", "2026-11-31", file.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("vectorguard audit show: --until must be an instant (2026-11-29T06:00:00Z), "
        + "a UTC date or date-time (2026-11-29, 2026-11-29T06:00) or an age (90s, 15m, 2h, 7d), but was '2026-11-31'\n");
    err.getBuffer().setLength(0);
    assertThat(run("audit", "show", "--actor", "alice", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("alice").contains("--actor");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void showExplainsABadSince() {
    assertThat(run("audit", "show", "--since", "last tuesday", file.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("vectorguard audit show: --since must be an instant (2026-11-29T06:00:00Z), "
        + "a UTC date or date-time (2026-11-29, 2026-11-29T06:00) or an age (90s, 15m, 2h, 7d), but was 'last tuesday'\n");
  }

  @Test
  void showSkipsAnUnreadableTailAndSaysSo() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    assertThat(run("audit", "show", file.toString())).isZero();
    assertThat(err.toString()).startsWith("vectorguard audit show: skipping " + file + " line 5: not valid JSON");
    assertThat(out.toString()).endsWith("-- 4 of 4 events, 1 unreadable lines\n");
  }

  @Test
  void showEscapesControlCharactersFromEventValues() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).open()) {
      sink.write(AuditEvents.policyLoaded("evil\u001b]0;owned\u0007\n2026-11-29T06:00:00Z  call.started", "v", 1, T0));
    }
    assertThat(run("audit", "show", "--since", "2026-11-29T05:00:00Z", dir.toString())).isZero();
    assertThat(out.toString()).contains("policy.loaded    evil\\u001b]0;owned\\u0007\\u000a2026-11-29T06:00:00Z  "
        + "call.started version v (1 rules)\n").doesNotContain("\u001b");
  }

  @Test
  void auditAloneShowsUsage() {
    assertThat(run("audit")).isEqualTo(2);
    assertThat(err.toString()).contains("verify").contains("show");
  }

  private static AuditEvent started(String callId, String collection, String workload, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("decision", Map.of("effect", "allow", "rules", List.of("r1"), "policy_version", "v1", "enforced", true));
    data.put("workload", Map.of("id", workload, "verified", false));
    data.put("actor", Map.of("user", "alice"));
    data.put("credential", Map.of("kind", "static"));
    data.put("call", Map.of("backend", "qdrant", "operation", "search", "collections", List.of(collection)));
    return AuditEvents.create(AuditEvent.CALL_STARTED, callId, at, data);
  }

  private static AuditEvent completed(String callId, String collection, String workload, Instant at, boolean full) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("workload", Map.of("id", workload, "verified", false));
    data.put("call", Map.of("backend", "qdrant", "operation", "search", "collections", List.of(collection)));
    data.put("outcome", Map.of("status", "ok", "code", "200", "latency_us", 12_500, "result_count", 2,
        "bytes_out", 100, "bytes_in", 2000));
    data.put("masked", Map.of("fields", Map.of("redact", 1), "vectors_stripped", 0));
    if (full) {
      data.put("request", Map.of("limit", 2, "vector", "<vector dims=3>"));
      data.put("response", Map.of("result", List.of(Map.of("email", "[redacted]"))));
    }
    return AuditEvents.create(AuditEvent.CALL_COMPLETED, callId, at, data);
  }
}
