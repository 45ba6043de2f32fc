package dev.vectorguard.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Streams the lines of several files, keeping where each line is. */
final class TrailReader implements AutoCloseable {
  private final List<Path> files;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkLength;
  private int chunkPosition;
  private int nextFile;
  private @Nullable InputStream in;
  private Path file;
  private long fileSize;
  private long position;
  private long lineNumber;
  private long lineStart;
  /** Longer lines are no audit events (bodies are capped at 4 MiB each); not kept, to bound memory. */
  static final int MAX_LINE = 64 << 20;

  private byte[] buffer = new byte[4096];
  private int length;
  private long overflow;
  private boolean terminated;

  TrailReader(List<Path> files) {
    this.files = List.copyOf(files);
    this.file = this.files.get(0);
  }

  /** Reads the next line of the trail; false at the end of the last file. */
  boolean next() throws IOException {
    while (true) {
      if (in == null) {
        if (nextFile == files.size()) {
          return false;
        }
        file = files.get(nextFile++);
        fileSize = Files.size(file);
        in = Files.newInputStream(file);
        position = 0;
        lineNumber = 0;
        chunkLength = 0;
        chunkPosition = 0;
      }
      lineStart = position;
      length = 0;
      terminated = false;
      while (!terminated) {
        if (chunkPosition == chunkLength) {
          chunkLength = in.read(chunk);
          chunkPosition = 0;
          if (chunkLength < 0) {
            chunkLength = 0;
            break;
          }
        }
        int end = chunkPosition;
        while (end < chunkLength && chunk[end] != '\n') {
          end++;
        }
        append(chunkPosition, end - chunkPosition);
        terminated = end < chunkLength;
        position += end - chunkPosition + (terminated ? 1 : 0);
        chunkPosition = terminated ? end + 1 : end;
      }
      if (!terminated && length == 0) {
        in.close();
        in = null;
        continue;
      }
      lineNumber++;
      return true;
    }
  }

  private void append(int from, int count) {
    if (overflow > 0 || length + count > MAX_LINE) {
      overflow += count;
      return;
    }
    if (length + count > buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
    }
    System.arraycopy(chunk, from, buffer, length, count);
    length += count;
  }

  /** Whether the line was longer than {@link #MAX_LINE}; its bytes are then incomplete. */
  boolean overlong() {
    return overflow > 0;
  }

  Path file() {
    return file;
  }

  long fileSize() {
    return fileSize;
  }

  long lineNumber() {
    return lineNumber;
  }

  long lineStart() {
    return lineStart;
  }

  byte[] bytes() {
    return buffer;
  }

  int length() {
    return length;
  }

  boolean terminated() {
    return terminated;
  }

  Path lastFile() {
    return file;
  }

  long lastLineNumber() {
    return lineNumber;
  }

  long lastFileSize() {
    return fileSize;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
