package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainedLinesTest {
  private static final AuditEvent EVENT = AuditEvent.of("evt_1", AuditEvent.CALL_STARTED, "call_1",
      Instant.parse("2026-11-29T06:00:00Z"), Map.of("k", "v"));

  @TempDir Path dir;

  @Test
  void encodesTheLineTheFileSinkWritesAndContinuesItsChain() throws Exception {
    byte[] key = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);
    String head;
    Path file;
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).hmacKey(key).durability(Durability.flushEachEvent())
        .open()) {
      sink.write(EVENT);
      head = sink.head();
      file = sink.currentFile();
    }
    ChainedLines lines = ChainedLines.keyed(key);
    assertThat(new String(lines.encode(EVENT, HashChain.GENESIS).bytes(), StandardCharsets.UTF_8) + "\n")
        .isEqualTo(Files.readString(file));
    ChainedLines.Line next = lines.encode(EVENT, head);
    Path continued = dir.resolve("continued.jsonl");
    Files.write(continued, (new String(next.bytes(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
    AuditVerifier.Result result = AuditVerifier.verify(List.of(file, continued), HashChain.GENESIS, next.hash(), key);
    assertThat(result.summary()).isEqualTo("OK 2 events");
    assertThatThrownBy(() -> ChainedLines.plain().encode(EVENT, "abc"))
        .hasMessage("prev must be 64 lower-case hex digits, but was 'abc'");
  }
}
