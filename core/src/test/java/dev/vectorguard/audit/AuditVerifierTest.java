package dev.vectorguard.audit;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampering with a written trail, one way at a time. */
class AuditVerifierTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock();
  private Path file;

  @BeforeEach
  void writeTenEvents() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).clock(clock).durability(Durability.flushEachEvent())
        .open()) {
      for (int i = 1; i <= 10; i++) {
        sink.write(Events.started(i, clock.instant()));
      }
      file = sink.currentFile();
    }
  }

  @Test
  void intactTrailIsOk() throws IOException {
    AuditVerifier.Result result = AuditVerifier.verify(List.of(file));
    assertThat(result.summary()).isEqualTo("OK 10 events");
    assertThat(result.eventsByType()).containsEntry("call.started", 10L);
    assertThat(result.head()).isEqualTo(lastHash(lines()));
  }

  @Test
  void everyLineChainsToTheOneBefore() throws IOException {
    List<String> lines = lines();
    assertThat(lines.get(0)).contains("\"prev\":\"" + "0".repeat(64) + "\"");
    for (int i = 1; i < lines.size(); i++) {
      assertThat(lines.get(i)).contains("\"prev\":\"" + hashOf(lines.get(i - 1)) + "\"");
    }
  }

  @Test
  void editedByteIsCaughtOnItsLine() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int line4 = offsetOfLine(bytes, 4);
    int at = indexOf(bytes, "\"r4\"".getBytes(StandardCharsets.UTF_8), line4);
    bytes[at + 2] = '5'; // r4 -> r5
    Files.write(file, bytes);

    AuditVerifier.Problem problem = AuditVerifier.verify(List.of(file)).problem();
    assertThat(problem.kind()).isEqualTo(AuditVerifier.Kind.EDITED);
    assertThat(problem.line()).isEqualTo(4);
    assertThat(problem.byteOffset()).isEqualTo(line4);
    assertThat(problem.describe()).startsWith("edited: " + file + " line 4 (byte " + line4
        + "): the line does not match its hash (stored ");
    assertThat(AuditVerifier.verify(List.of(file)).events()).isEqualTo(3);
  }

  @Test
  void editedHashIsCaughtToo() throws IOException {
    List<String> lines = lines();
    String line = lines.get(5);
    lines.set(5, line.substring(0, line.length() - 3) + (line.charAt(line.length() - 3) == 'a' ? 'b' : 'a') + "\"}");
    write(lines);
    assertThat(AuditVerifier.verify(List.of(file)).summary()).startsWith("edited: " + file + " line 6 ");
  }

  @Test
  void rehashedEditIsCaughtByTheNextLine() throws IOException {
    List<String> lines = lines();
    String edited = lines.get(2).replace("\"r3\"", "\"r9\"");
    String body = edited.substring(0, edited.length() - HashChain.HASH_SUFFIX) + "}";
    lines.set(2, body.substring(0, body.length() - 1) + ",\"hash\":\"" + sha256(body) + "\"}");
    write(lines);
    assertThat(AuditVerifier.verify(List.of(file)).summary()).isEqualTo("missing: " + file + " line 4 (byte "
        + offsetOfLine(Files.readAllBytes(file), 4) + "): it does not chain to the event before it ("
        + file.getFileName() + " line 3): at least one event between them is missing");
  }

  @Test
  void deletedLineIsReportedAsMissing() throws IOException {
    List<String> lines = lines();
    lines.remove(6);
    write(lines);
    AuditVerifier.Result result = AuditVerifier.verify(List.of(file));
    assertThat(result.problem().kind()).isEqualTo(AuditVerifier.Kind.MISSING);
    assertThat(result.problem().line()).isEqualTo(7);
    assertThat(result.problem().detail()).isEqualTo("it does not chain to the event before it ("
        + file.getFileName() + " line 6): at least one event between them is missing");
    assertThat(result.events()).isEqualTo(6);
  }

  @Test
  void deletedFirstLineIsReportedAsMissing() throws IOException {
    List<String> lines = lines();
    lines.remove(0);
    write(lines);
    assertThat(AuditVerifier.verify(List.of(file)).problem().detail())
        .startsWith("the first event chains to ").endsWith(", not to the genesis (64 zeros): earlier events or files are missing");
  }

  @Test
  void swappedPairIsReportedAsReordered() throws IOException {
    List<String> lines = lines();
    Collections.swap(lines, 3, 4);
    write(lines);
    AuditVerifier.Problem problem = AuditVerifier.verify(List.of(file)).problem();
    assertThat(problem.kind()).isEqualTo(AuditVerifier.Kind.REORDERED);
    assertThat(problem.line()).isEqualTo(4);
    assertThat(problem.detail()).isEqualTo("it chains to " + file.getFileName()
        + " line 5, which comes after it: lines are out of order");
  }

  @Test
  void duplicatedLineIsReportedAsReordered() throws IOException {
    List<String> lines = lines();
    lines.add(5, lines.get(2));
    write(lines);
    AuditVerifier.Problem problem = AuditVerifier.verify(List.of(file)).problem();
    assertThat(problem.kind()).isEqualTo(AuditVerifier.Kind.REORDERED);
    assertThat(problem.line()).isEqualTo(6);
    assertThat(problem.detail()).isEqualTo("it chains to " + file.getFileName() + " line 2, which is not the event "
        + "just before it (" + file.getFileName() + " line 5): lines are out of order or duplicated");
  }

  @Test
  void truncatedTailSaysWhereTheFileEnds() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int line10 = offsetOfLine(bytes, 10);
    int cut = line10 + 40;
    Files.write(file, java.util.Arrays.copyOf(bytes, cut));

    AuditVerifier.Result result = AuditVerifier.verify(List.of(file));
    assertThat(result.summary()).isEqualTo("truncated: " + file + " line 10 (byte " + line10 + "): the file ends at byte "
        + cut + " in the middle of this line: its last 40 bytes are an incomplete event; the 9 events before it are intact");
    assertThat(result.events()).isEqualTo(9);
  }

  @Test
  void missingFinalNewlineAloneIsNotAProblem() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
    assertThat(AuditVerifier.verify(List.of(file)).summary()).isEqualTo("OK 10 events");
  }

  @Test
  void wholeEventsCutFromTheEndNeedAnAnchor() throws IOException {
    List<String> lines = lines();
    String head = lastHash(lines);
    write(lines.subList(0, 8));
    assertThat(AuditVerifier.verify(List.of(file)).summary()).isEqualTo("OK 8 events");
    AuditVerifier.Result anchored = AuditVerifier.verify(List.of(file), HashChain.GENESIS, head);
    assertThat(anchored.problem().kind()).isEqualTo(AuditVerifier.Kind.TRUNCATED);
    assertThat(anchored.problem().detail()).contains("after 8 events").contains("expected head is " + head);
  }

  @Test
  void garbageLineIsEdited() throws IOException {
    List<String> lines = lines();
    lines.add(2, "not json at all");
    write(lines);
    assertThat(AuditVerifier.verify(List.of(file)).summary())
        .endsWith("line 3 (byte " + offsetOfLine(Files.readAllBytes(file), 3) + "): the line is not a chained audit "
            + "event (too short or not an object)");
  }

  private List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private void write(List<String> lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  static String hashOf(String line) {
    int at = line.lastIndexOf("\"hash\":\"") + 8;
    return line.substring(at, at + 64);
  }

  private static String lastHash(List<String> lines) {
    return hashOf(lines.get(lines.size() - 1));
  }

  static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static int offsetOfLine(byte[] bytes, int line) {
    int seen = 1;
    for (int i = 0; i < bytes.length && seen < line; i++) {
      if (bytes[i] == '\n') {
        seen++;
        if (seen == line) {
          return i + 1;
        }
      }
    }
    return 0;
  }

  private static int indexOf(byte[] bytes, byte[] needle, int from) {
    outer:
    for (int i = from; i <= bytes.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
