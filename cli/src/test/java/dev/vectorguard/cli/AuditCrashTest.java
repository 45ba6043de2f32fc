package dev.vectorguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.audit.AuditJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer JVM ({@link CrashingAuditWriter}) with SIGKILL at random points, again and
 * again, and checks after each kill what {@code vectorguard audit verify} says of the trail and
 * that every event the writer acknowledged is in it; each next start must record and continue
 * after a torn line. A kill rarely tears a line on Linux (the kernel copies a short write whole),
 * so every third kill is followed by cutting the last line in two, as a power loss or a kill in
 * the middle of a long write leaves it. The seed is in the assertion messages, to replay a run.
 */
class AuditCrashTest {
  private static final int KILLS = 12;
  private static final Pattern TORN = Pattern.compile("truncated: (\\S+) line \\d+ \\(byte \\d+\\): the file ends at "
      + "byte \\d+ in the middle of this line: .*");

  @TempDir Path dir;
  @TempDir Path logs;

  private final Set<String> acknowledged = new HashSet<>();

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aKilledWriterLosesAtMostATornLastLineAndNoAcknowledgedEvent() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path trail = dir.resolve("audit");
    String torn = null;
    int tornKills = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      String round = "seed " + seed + ", kill " + kill;
      // Most kills wait for the sink to be open and some events acknowledged; every fourth hits the
      // JVM while it starts, opens the trail or writes the recovery of the last kill.
      boolean whileStarting = kill % 4 == 0;
      int killAfter = whileStarting ? 0 : 1 + random.nextInt(600);
      Process writer = AuditWriterJvm.start(CrashingAuditWriter.class, logs.resolve("writer-" + kill + ".log"),
          trail.toString(), kill % 3 == 0 ? "fsync" : "flush");
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      if (!whileStarting) {
        String ready = out.readLine();
        assertThat(ready).as(round + ": the writer started; its log: " + log(kill)).startsWith("ready ");
        if (torn != null) {
          Path resumed = trail.resolve(ready.substring("ready ".length()));
          AuditEvent first = AuditJson.parse(Files.readAllLines(resumed).get(0));
          assertThat(first.type()).as(round).isEqualTo(AuditEvent.AUDIT_RECOVERED);
          assertThat(first.get(AuditFields.FILE)).as(round).isEqualTo(Path.of(torn).getFileName().toString());
        }
        for (int i = 0; i < killAfter; i++) {
          acknowledge(out.readLine(), round);
        }
      }
      // SIGKILL on Linux; through the handle, which (unlike Process.destroyForcibly) keeps stdout readable.
      writer.toHandle().destroyForcibly();
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as(round).isTrue();
      // What it printed before it died was acknowledged too.
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        acknowledge(line, round);
      }
      if (!Files.isDirectory(trail)) {
        continue; // killed before it created the trail
      }
      if (kill % 3 == 1 && !whileStarting) {
        cutTheLastLine(lastNonEmpty(trail), random, round);
      }

      CliRun verify = CliRun.of("audit", "verify", trail.toString());

      String summary = verify.out().lines().findFirst().orElse("");
      if (verify.exitCode() == 0) {
        assertThat(summary).as(round).startsWith("OK ");
        torn = null;
      } else {
        Matcher cut = TORN.matcher(summary);
        assertThat(cut.matches()).as(round + ": only a torn last line may be wrong:\n" + verify).isTrue();
        assertThat(Path.of(cut.group(1))).as(round + ": the torn line is the last one").isEqualTo(lastNonEmpty(trail));
        assertThat(verify.exitCode()).isEqualTo(1);
        torn = cut.group(1);
        tornKills++;
      }
      assertThat(recorded(trail)).as(round + ": every acknowledged event is in the trail").containsAll(acknowledged);
    }

    Process last = AuditWriterJvm.start(CrashingAuditWriter.class, logs.resolve("writer-last.log"), trail.toString(),
        "flush");
    BufferedReader out = new BufferedReader(new InputStreamReader(last.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).startsWith("ready ");
    acknowledge(out.readLine(), "last start");
    last.toHandle().destroyForcibly();
    last.waitFor(60, TimeUnit.SECONDS);

    CliRun verify = CliRun.of("audit", "verify", trail.toString());
    System.out.println("crash test (seed " + seed + "): " + KILLS + " kills, " + tornKills + " ended in a torn line, "
        + acknowledged.size() + " acknowledged events, all in the trail; finally: " + verify.out().lines().findFirst());
    if (verify.exitCode() != 0) { // the last writer may have been killed mid-line too: that is all it may show
      assertThat(verify.out()).as("seed " + seed).matches(TORN.pattern() + "(?s).*");
    }
    assertThat(recorded(trail)).containsAll(acknowledged);
  }

  /**
   * Cuts the last line of {@code file} at a random byte, taking the events on it out of those
   * acknowledged: that is what a line torn by the crash would lose.
   */
  private void cutTheLastLine(Path file, Random random, String round) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int start = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8).lastIndexOf('\n') + 1;
    String line = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).strip();
    AuditEvent event = AuditJson.parse(line);
    acknowledged.remove(event.type().substring("call.".length()) + ' ' + event.callId());
    int keep = 1 + random.nextInt(bytes.length - start - 2);
    Files.write(file, java.util.Arrays.copyOf(bytes, start + keep));
  }

  private void acknowledge(String line, String round) {
    assertThat(line).as(round + ": the writer stopped early").isNotNull().doesNotContain("audit-failure");
    String[] parts = line.split(" ");
    acknowledged.add(parts[0] + ' ' + parts[1]);
  }

  /** {@code started <call id>} and {@code completed <call id>} for each call event in the trail. */
  private static Set<String> recorded(Path trail) throws IOException {
    Set<String> events = new HashSet<>();
    for (Path file : files(trail)) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        AuditEvent event;
        try {
          event = AuditJson.parse(lines.get(i));
        } catch (IllegalArgumentException e) {
          if (i == lines.size() - 1) {
            continue; // a torn last line (it may even end like a whole one: "...\"}" of a nested object)
          }
          throw e;
        }
        if (event.type().equals(AuditEvent.CALL_STARTED) || event.type().equals(AuditEvent.CALL_COMPLETED)) {
          events.add(event.type().substring("call.".length()) + ' ' + event.callId());
        }
      }
    }
    return events;
  }

  private static Path lastNonEmpty(Path trail) throws IOException {
    List<Path> files = new ArrayList<>(files(trail));
    files.removeIf(f -> f.toFile().length() == 0);
    return files.get(files.size() - 1);
  }

  private static List<Path> files(Path trail) throws IOException {
    try (Stream<Path> list = Files.list(trail)) {
      return list.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  private String log(int kill) throws IOException {
    return Files.readString(logs.resolve("writer-" + kill + ".log"));
  }
}
