package dev.vectorguard.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/** A secret kept in a file, re-read at most once per interval; see {@link SecretSource#file}. */
final class FileSecretSource implements SecretSource {
  private final Path file;
  private final Clock clock;
  private final long recheckMillis;
  private volatile @Nullable Read last;

  private record Read(String secret, long at) {}

  FileSecretSource(Path file, Clock clock, long recheckMillis) {
    this.file = file;
    this.clock = clock;
    this.recheckMillis = recheckMillis;
  }

  @Override
  public String secret() throws TokenUnavailableException {
    Read read = last;
    long now = clock.millis();
    if (read != null && now - read.at < recheckMillis) {
      return read.secret;
    }
    String value;
    try {
      value = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new TokenUnavailableException("secret file " + file + " does not exist");
    } catch (IOException e) {
      throw new TokenUnavailableException("could not read secret file " + file + ": " + e.getClass().getSimpleName(), e);
    }
    if (value.isBlank()) {
      throw new TokenUnavailableException("secret file " + file + " is empty");
    }
    String secret = value.strip();
    last = new Read(secret, now);
    return secret;
  }

  @Override
  public String toString() {
    return "file:" + file;
  }
}
