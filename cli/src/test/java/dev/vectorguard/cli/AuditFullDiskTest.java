package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, as a file-size limit on the writer JVM ({@link FullDiskAuditWriter}): its writes
 * past 64 KiB fail with {@code EFBIG}, as they would with {@code ENOSPC}. Space returns when the
 * sink, retrying, continues in a new file. Required audit refuses calls meanwhile, best effort lets
 * them through; either way the trail says how many, once it can, and still verifies.
 */
@Timeout(120)
class AuditFullDiskTest {
  private static final long LIMIT_KIB = 64;

  @TempDir Path dir;
  @TempDir Path logs;
  private Process writer;
  private BufferedReader answers;
  private PrintStream commands;

  @AfterEach
  void stopWriter() {
    if (writer != null) {
      writer.destroyForcibly();
    }
  }

  private void start(String mode) throws IOException {
    writer = AuditWriterJvm.start(FullDiskAuditWriter.class, logs.resolve("writer.log"), LIMIT_KIB,
        dir.toString(), mode);
    answers = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
    commands = new PrintStream(writer.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  private String send(String command) throws IOException {
    commands.println(command);
    String answer = answers.readLine();
    assertThat(answer).as("the writer answered '" + command + "'; its log: " + Files.readString(logs.resolve("writer.log")))
        .isNotNull();
    return answer;
  }

  /** Calls until one is not a clean "ok", at most 500 times (the limit is reached long before). */
  private List<String> callUntilTheDiskIsFull(List<String> okCalls) throws IOException {
    for (int i = 0; i < 500; i++) {
      String answer = send("call");
      if (!answer.startsWith("ok ") || answer.endsWith(" unaudited")) {
        return new ArrayList<>(List.of(answer));
      }
      okCalls.add(answer.split(" ")[1]);
    }
    throw new AssertionError("the file-size limit of " + LIMIT_KIB + " KiB was never reached");
  }

  @Test
  void requiredAuditRefusesCallsWhileTheDiskIsFullAndRecordsHowManyOnceItCanWrite() throws Exception {
    start("required");
    List<String> ok = new ArrayList<>();
    List<String> outage = callUntilTheDiskIsFull(ok);
    for (int i = 0; i < 3; i++) {
      outage.add(send("call")); // before the sink's retry is due
    }
    assertThat(outage).allSatisfy(answer -> assertThat(answer).startsWith("refused GuardFailureException Vectorguard "
        + "refused qdrant search on [docs]: its call.started audit event could not be written and audit is required | "));
    assertThat(outage.get(0)).endsWith("File too large");

    callsOnceSpaceReturns(ok);

    AuditEvent gap = onlyDropped();
    assertThat(gap.data()).containsEntry("cause", "sink_failed").containsEntry("error", "File too large");
    assertThat(number(gap, "refused_calls")).isEqualTo(outage.size());
    assertThat(number(gap, "unaudited_calls")).isZero();
    // Each refused call's call.started and call.refused, and maybe the call.completed the limit cut.
    assertThat(number(gap, "count")).isBetween(2L * outage.size(), 2L * outage.size() + 1);
    assertTrailVerifiesWith(ok);
  }

  @Test
  void bestEffortAuditCountsTheCallsThatWentAheadUnauditedOnceItCanWrite() throws Exception {
    start("best-effort");
    List<String> ok = new ArrayList<>();
    List<String> outage = callUntilTheDiskIsFull(ok);
    for (int i = 0; i < 3; i++) {
      outage.add(send("call"));
    }
    assertThat(outage).allSatisfy(answer -> assertThat(answer).matches("ok call_\\w+ unaudited"));

    callsOnceSpaceReturns(ok);

    AuditEvent gap = onlyDropped();
    assertThat(gap.data()).containsEntry("cause", "sink_failed").containsEntry("error", "File too large");
    assertThat(number(gap, "refused_calls")).isZero();
    // The first call of the outage may have had its call.started written and lost only its call.completed.
    assertThat(number(gap, "unaudited_calls")).isBetween(outage.size() - 1L, (long) outage.size());
    assertTrailVerifiesWith(ok);
  }

  /** Moves past the sink's retry, where it continues in a new file; three audited calls; stops the writer. */
  private void callsOnceSpaceReturns(List<String> okCalls) throws Exception {
    assertThat(send("advance 11")).isEqualTo("advanced");
    for (int i = 0; i < 3; i++) {
      String answer = send("call");
      assertThat(answer).as("space returned: a new file").matches("ok call_\\w+");
      okCalls.add(answer.split(" ")[1]);
    }
    assertThat(send("quit")).isEqualTo("bye");
    assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private static long number(AuditEvent event, String field) {
    return ((Number) event.get(field)).longValue();
  }

  private AuditEvent onlyDropped() throws IOException {
    List<AuditEvent> dropped = events().stream().filter(e -> e.type().equals(AuditEvent.AUDIT_DROPPED)).toList();
    assertThat(dropped).hasSize(1);
    return dropped.get(0);
  }

  /** The trail verifies, and has a call.started for every call acknowledged as audited. */
  private void assertTrailVerifiesWith(List<String> okCalls) throws IOException {
    CliRun verify = CliRun.of("audit", "verify", dir.toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    Set<String> recovered = new HashSet<>();
    events().stream().filter(e -> e.type().equals(AuditEvent.AUDIT_RECOVERED))
        .forEach(e -> recovered.add((String) e.get("file")));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String text = Files.readString(file);
        if (!text.isEmpty() && !text.endsWith("\n")) {
          assertThat(recovered).as("the line the limit cut is on record").contains(file.getFileName().toString());
        }
      }
    }
    Set<String> started = new HashSet<>();
    events().stream().filter(e -> e.type().equals(AuditEvent.CALL_STARTED)).forEach(e -> started.add(e.callId()));
    assertThat(started).containsAll(okCalls);
  }

  private List<AuditEvent> events() throws IOException {
    List<AuditEvent> events = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.endsWith("\"}")) { // not the line the limit cut
            events.add(AuditJson.parse(line));
          }
        }
      }
    }
    return events;
  }
}
