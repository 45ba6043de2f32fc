package dev.vectorguard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Reads the {@code --key-file} of the audit commands: an HMAC chain key in base64. */
final class AuditKeyFile {
  private AuditKeyFile() {}

  /**
   * The key in {@code file}, or {@code null} when no file was given.
   *
   * @throws IllegalArgumentException saying which file could not be read, and why
   */
  static byte @Nullable [] read(@Nullable Path file) {
    if (file == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read a base64 key from " + file + ": " + e.getMessage(), e);
    }
  }
}
