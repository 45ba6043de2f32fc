package dev.vectorguard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options of the commands that check a trail's chain ({@code audit verify}, {@code policy
 * replay}): where the chain starts, and the HMAC key of a keyed trail. A picocli mixin.
 */
final class ChainOptions {
  @Option(names = "--from", paramLabel = "HASH",
      description = "The prev of the first event, when earlier files were archived (default: 64 zeros).")
  String from = "0".repeat(64);

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "For a trail chained with HMAC-SHA256: a file holding the key in base64 (at least 32 bytes).")
  @Nullable Path keyFile;

  /**
   * The key in {@code --key-file}, or {@code null} when none was given.
   *
   * @throws IllegalArgumentException saying which file could not be read, and why
   */
  byte @Nullable [] key() {
    if (keyFile == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read a base64 key from " + keyFile + ": " + e.getMessage(), e);
    }
  }
}
