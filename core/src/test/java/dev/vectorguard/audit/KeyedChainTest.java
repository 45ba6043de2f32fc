package dev.vectorguard.audit;

import dev.vectorguard.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HMAC-keyed chain: whoever lacks the key cannot recompute it after an edit. */
class KeyedChainTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private final TestClock clock = new TestClock();
  private Path file;

  @BeforeEach
  void writeKeyedTrail() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).hmacKey(KEY).open()) {
      for (int i = 1; i <= 5; i++) {
        sink.write(Events.started(i, clock.instant()));
      }
      file = sink.currentFile();
    }
  }

  @Test
  void verifiesWithTheKeyOnly() throws IOException {
    assertThat(AuditVerifier.verify(List.of(file), HashChain.GENESIS, null, KEY).summary()).isEqualTo("OK 5 events");
    assertThat(AuditVerifier.verify(List.of(file)).problem().detail())
        .endsWith("its content was changed, or the trail is keyed (HMAC)");
    assertThat(AuditVerifier.verify(List.of(file), HashChain.GENESIS, null, OTHER).problem().detail())
        .endsWith("its content was changed, or the trail was written with another key");
  }

  @Test
  void anEditRehashedWithoutTheKeyIsCaught() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    String edited = lines.get(2).replace("\"r3\"", "\"r9\"");
    String body = edited.substring(0, edited.length() - HashChain.HASH_SUFFIX) + "}";
    lines.set(2, body.substring(0, body.length() - 1) + ",\"hash\":\"" + AuditVerifierTest.sha256(body) + "\"}");
    Files.writeString(file, String.join("\n", lines) + "\n");

    AuditVerifier.Problem problem = AuditVerifier.verify(List.of(file), HashChain.GENESIS, null, KEY).problem();
    assertThat(problem.kind()).isEqualTo(AuditVerifier.Kind.EDITED);
    assertThat(problem.line()).isEqualTo(3);
  }

  @Test
  void reopeningNeedsTheSameKey() throws IOException {
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).hmacKey(KEY).open()) {
      sink.write(Events.started(6, clock.instant()));
    }
    assertThat(AuditVerifier.verify(AuditFiles.list(dir, "audit"), HashChain.GENESIS, null, KEY).summary())
        .isEqualTo("OK 6 events");
    assertThatThrownBy(() -> HashChainFileSink.builder(dir).hmacKey(OTHER).open())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not match its hash (edited, or written with another key)");
  }

  @Test
  void shortKeysAreRejected() {
    assertThatThrownBy(() -> HashChainFileSink.builder(dir).hmacKey(Arrays.copyOf(KEY, 16)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("an HMAC key must have at least 32 bytes, but had 16");
  }
}
