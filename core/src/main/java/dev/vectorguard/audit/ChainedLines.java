package dev.vectorguard.audit;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Encodes events as the lines a {@link HashChainFileSink} writes, chained to a given previous
 * hash: for a sink that continues a trail's chain somewhere else while its file cannot be written
 * (the Kafka audit sink, when its spool fails). Not thread-safe: one instance per writer.
 */
public final class ChainedLines {
  private final HashChain chain;

  private ChainedLines(byte @Nullable [] key) {
    this.chain = new HashChain(key);
  }

  /** Lines chained with plain SHA-256, as a sink without an HMAC key writes them. */
  public static ChainedLines plain() {
    return new ChainedLines(null);
  }

  /**
   * Lines chained with HMAC-SHA256 under {@code key}, as {@link HashChainFileSink.Builder#hmacKey}.
   *
   * @throws IllegalArgumentException when the key is shorter than 32 bytes
   */
  public static ChainedLines keyed(byte[] key) {
    return new ChainedLines(HashChain.checkKey(Objects.requireNonNull(key, "key")));
  }

  /** One encoded line: its bytes without the newline, and its hash (the next line's {@code prev}). */
  public record Line(byte[] bytes, String hash) {}

  /**
   * Encodes {@code event} chained to {@code prev}, byte for byte as the file sink would.
   *
   * @throws IllegalArgumentException when {@code prev} is not 64 lower-case hex digits
   */
  public Line encode(AuditEvent event, String prev) throws IOException {
    Objects.requireNonNull(event, "event");
    if (!prev.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("prev must be 64 lower-case hex digits, but was '" + prev + "'");
    }
    HashChain.Line line = chain.encode(event, prev);
    return new Line(Arrays.copyOf(line.bytes(), line.bytes().length - 1), line.hash());
  }
}
