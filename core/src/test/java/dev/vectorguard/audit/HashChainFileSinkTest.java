package dev.vectorguard.audit;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashChainFileSinkTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock();

  @Test
  void rotationBySizeContinuesTheChainAcrossFiles() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).maxFileBytes(2048)
        .durability(Durability.flushEachBatch()).open()) {
      for (int i = 0; i < 40; i++) {
        sink.write(Events.started(i, clock.instant()));
      }
    }
    List<Path> files = AuditFiles.list(dir, "audit");
    assertThat(files).hasSizeGreaterThan(3);
    assertThat(files.get(0).getFileName().toString()).isEqualTo("audit-000001.jsonl");
    assertThat(files.get(1).getFileName().toString()).isEqualTo("audit-000002.jsonl");
    for (Path file : files) {
      assertThat(Files.size(file)).isLessThanOrEqualTo(2048);
    }
    List<String> first = Files.readAllLines(files.get(0));
    List<String> second = Files.readAllLines(files.get(1));
    assertThat(second.get(0)).contains("\"prev\":\"" + AuditVerifierTest.hashOf(first.get(first.size() - 1)) + "\"");
    assertThat(AuditVerifier.verify(files).summary()).isEqualTo("OK 40 events");
  }

  @Test
  void verifyingRotatedFilesOutOfOrderOrWithOneMissingFails() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).maxFileBytes(2048).open()) {
      for (int i = 0; i < 30; i++) {
        sink.write(Events.started(i, clock.instant()));
      }
    }
    List<Path> files = AuditFiles.list(dir, "audit");
    assertThat(AuditVerifier.verify(List.of(files.get(0), files.get(2))).problem().kind())
        .isEqualTo(AuditVerifier.Kind.MISSING);
    assertThat(AuditVerifier.verify(List.of(files.get(1), files.get(0))).problem().detail())
        .startsWith("it chains to audit-000001.jsonl line ").endsWith(", which comes after it: lines are out of order");
    AuditVerifier.Result fromSecond = AuditVerifier.verify(files.subList(1, files.size()),
        AuditVerifier.verify(List.of(files.get(0))).head(), null);
    assertThat(fromSecond.ok()).isTrue();
  }

  @Test
  void rotationByTimeUsesTheInjectedClock() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).maxFileAge(Duration.ofHours(1)).open()) {
      sink.write(Events.started(1, clock.instant()));
      clock.advance(Duration.ofMinutes(59));
      sink.write(Events.started(2, clock.instant()));
      assertThat(sink.currentFile().getFileName().toString()).isEqualTo("audit-000001.jsonl");
      clock.advance(Duration.ofMinutes(1));
      sink.write(Events.started(3, clock.instant()));
      assertThat(sink.currentFile().getFileName().toString()).isEqualTo("audit-000002.jsonl");
    }
    List<Path> files = AuditFiles.list(dir, "audit");
    assertThat(files).hasSize(2);
    assertThat(Files.readAllLines(files.get(1))).hasSize(1);
    assertThat(AuditVerifier.verify(files).summary()).isEqualTo("OK 3 events");
  }

  @Test
  void reopeningContinuesTheChainInANewFile() throws IOException {
    String head;
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      sink.write(Events.started(1, clock.instant()));
      head = sink.head();
    }
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      assertThat(sink.head()).isEqualTo(head);
      assertThat(sink.currentFile().getFileName().toString()).isEqualTo("audit-000002.jsonl");
      sink.write(Events.started(2, clock.instant()));
    }
    assertThat(AuditVerifier.verify(AuditFiles.list(dir, "audit")).summary()).isEqualTo("OK 2 events");
  }

  @Test
  void reopeningAfterACrashMidLineRecordsTheLossWhichTheVerifierAcceptsForTheCut() throws IOException {
    Path first = twoEventsInOneFile();
    byte[] bytes = Files.readAllBytes(first);
    int secondLine = new String(bytes, StandardCharsets.UTF_8).indexOf('\n') + 1;
    Files.write(first, java.util.Arrays.copyOf(bytes, secondLine + 25));
    String cut = "truncated: " + first + " line 2 (byte " + secondLine + "): the file ends at byte " + (secondLine + 25)
        + " in the middle of this line: its last 25 bytes are an incomplete event; the 1 events before it are intact";
    assertThat(AuditVerifier.verify(AuditFiles.list(dir, "audit")).summary()).isEqualTo(cut);

    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      sink.write(Events.started(3, clock.instant()));
    }
    List<String> recovered = Files.readAllLines(dir.resolve("audit-000002.jsonl"));
    AuditEvent event = AuditJson.parse(recovered.get(0));
    assertThat(event.type()).isEqualTo(AuditEvent.AUDIT_RECOVERED);
    assertThat(event.data()).containsEntry("file", "audit-000001.jsonl").containsEntry("lost_bytes", 25);
    AuditVerifier.Result result = AuditVerifier.verify(AuditFiles.list(dir, "audit"));
    assertThat(result.summary()).isEqualTo("OK 3 events (1 torn line recovered)");
    assertThat(result.recovered()).extracting(AuditVerifier.Problem::describe).containsExactly(cut);
  }

  @Test
  void aCrashWhileRecoveringIsRecoveredNextTimeWithBothCutsOnRecord() throws IOException {
    Path first = twoEventsInOneFile();
    Files.write(first, java.util.Arrays.copyOf(Files.readAllBytes(first), Files.readString(first).indexOf('\n') + 9));
    HashChainFileSink.builder(dir).clock(clock).open().close();
    Path second = dir.resolve("audit-000002.jsonl");
    Files.write(second, java.util.Arrays.copyOf(Files.readAllBytes(second), 40)); // its audit.recovered, torn

    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      sink.write(Events.started(3, clock.instant()));
    }
    List<AuditEvent> third = Files.readAllLines(dir.resolve("audit-000003.jsonl")).stream().map(AuditJson::parse).toList();
    assertThat(third).extracting(e -> e.get(AuditFields.FILE))
        .containsExactly("audit-000001.jsonl", "audit-000002.jsonl", null);
    assertThat(AuditVerifier.verify(AuditFiles.list(dir, "audit")).summary())
        .isEqualTo("OK 4 events (2 torn lines recovered)");
  }

  @Test
  void aLastLineCutJustBeforeItsNewlineIsWholeAndContinuedWithoutALoss() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      sink.write(Events.started(1, clock.instant()));
    }
    Path first = dir.resolve("audit-000001.jsonl");
    byte[] bytes = Files.readAllBytes(first);
    Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length - 1));

    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      sink.write(Events.started(2, clock.instant()));
    }
    assertThat(AuditJson.parse(Files.readAllLines(dir.resolve("audit-000002.jsonl")).get(0)).type())
        .isEqualTo(AuditEvent.CALL_STARTED);
    assertThat(AuditVerifier.verify(AuditFiles.list(dir, "audit")).summary()).isEqualTo("OK 2 events");
  }

  @Test
  void aCutNotFollowedByItsRecoveryIsStillReported() throws IOException {
    Path first = twoEventsInOneFile();
    byte[] bytes = Files.readAllBytes(first);
    Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length - 30));
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      sink.write(Events.started(3, clock.instant()));
    }
    Path second = dir.resolve("audit-000002.jsonl");
    List<String> lines = Files.readAllLines(second);
    Files.write(second, List.of(lines.get(0).replace("\"lost_bytes\":", "\"lost_bytes\":1"), lines.get(1)));

    assertThat(AuditVerifier.verify(AuditFiles.list(dir, "audit")).summary()).startsWith("truncated: " + first + " line 2");
  }

  /** Writes two events with a sink that is then closed; returns the file. */
  private Path twoEventsInOneFile() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      sink.write(Events.started(1, clock.instant()));
      sink.write(Events.started(2, clock.instant()));
    }
    return dir.resolve("audit-000001.jsonl");
  }

  @Test
  void refusesToContinueAChainWhoseLastLineWasEdited() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).open()) {
      sink.write(Events.started(1, clock.instant()));
    }
    Path first = dir.resolve("audit-000001.jsonl");
    Files.writeString(first, Files.readString(first).replace("\"r1\"", "\"r2\""));
    assertThatThrownBy(() -> HashChainFileSink.builder(dir).clock(clock).open())
        .isInstanceOf(IOException.class)
        .hasMessage("cannot continue the audit chain: the last line of " + first + " does not match its hash "
            + "(edited); verify the trail with 'vectorguard audit verify' and move the damaged file aside");
  }

  @Test
  void flushEachEventReachesTheFileBeforeWriteReturns() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).durability(Durability.fsyncEachEvent()).open()) {
      sink.write(Events.started(1, clock.instant()));
      assertThat(Files.readAllLines(sink.currentFile())).hasSize(1);
    }
  }

  @Test
  void flushEachBatchWritesAtTheEndOfTheBatch() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).durability(Durability.fsyncEachBatch()).open()) {
      sink.write(Events.started(1, clock.instant()));
      sink.write(Events.started(2, clock.instant()));
      assertThat(Files.size(sink.currentFile())).isZero();
      sink.endOfBatch();
      assertThat(Files.readAllLines(sink.currentFile())).hasSize(2);
    }
  }

  @Test
  void flushOnAnIntervalFollowsTheClock() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock)
        .durability(Durability.flushEvery(Duration.ofSeconds(5))).open()) {
      sink.write(Events.started(1, clock.instant()));
      sink.endOfBatch();
      assertThat(Files.size(sink.currentFile())).isZero();
      clock.advance(Duration.ofSeconds(5));
      sink.endOfBatch();
      assertThat(Files.readAllLines(sink.currentFile())).hasSize(1);
      sink.write(Events.started(2, clock.instant()));
      clock.advance(Duration.ofSeconds(5));
      sink.write(Events.started(3, clock.instant()));
      assertThat(Files.readAllLines(sink.currentFile())).hasSize(3);
    }
  }

  @Test
  void aCrashLosesOnlyWhatTheLastBatchHadNotCommitted() throws IOException {
    HashChainFileSink crashed = HashChainFileSink.builder(dir).durability(Durability.flushEachBatch()).open();
    for (int i = 0; i < 3; i++) {
      crashed.write(Events.started(i, clock.instant()));
    }
    crashed.endOfBatch();
    crashed.write(Events.started(3, clock.instant()));
    crashed.write(Events.started(4, clock.instant()));
    // The process dies here: no flush, no close.
    assertThat(AuditVerifier.verify(List.of(crashed.currentFile())).summary()).isEqualTo("OK 3 events");
  }

  @Test
  void aCrashLosesNothingWrittenWithPerEventFlush() throws IOException {
    HashChainFileSink crashed = HashChainFileSink.builder(dir).durability(Durability.flushEachEvent()).open();
    for (int i = 0; i < 5; i++) {
      crashed.write(Events.started(i, clock.instant()));
    }
    assertThat(AuditVerifier.verify(List.of(crashed.currentFile())).summary()).isEqualTo("OK 5 events");
  }

  @Test
  void closedSinkRefusesEvents() throws IOException {
    HashChainFileSink sink = HashChainFileSink.builder(dir).open();
    sink.close();
    sink.close();
    assertThatThrownBy(() -> sink.write(Events.started(1, clock.instant())))
        .isInstanceOf(IOException.class).hasMessage("the audit file sink is closed");
  }

  @Test
  void builderRejectsBadSettingsWithTheValue() {
    HashChainFileSink.Builder builder = HashChainFileSink.builder(dir);
    assertThatThrownBy(() -> builder.maxFileBytes(10)).hasMessage("maxFileBytes must be at least 1024, but was 10");
    assertThatThrownBy(() -> builder.maxFileAge(Duration.ZERO)).hasMessage("maxFileAge must be positive, but was PT0S");
    assertThatThrownBy(() -> builder.baseName("../x"))
        .hasMessage("baseName must be 1-100 letters, digits, '.', '_' or '-', but was '../x'");
    assertThatThrownBy(() -> Durability.flushEvery(Duration.ofSeconds(-1)))
        .hasMessage("interval must be positive, but was PT-1S");
  }
}
