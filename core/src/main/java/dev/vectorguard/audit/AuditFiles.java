package dev.vectorguard.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Naming and tail reading of the files of a hash-chained trail: {@code <base>-000001.jsonl}, … */
final class AuditFiles {
  private AuditFiles() {}

  static String name(String baseName, long sequence) {
    return String.format(java.util.Locale.ROOT, "%s-%06d.jsonl", baseName, sequence);
  }

  /** The trail's files in {@code directory}, in sequence order. */
  static List<Path> list(Path directory, String baseName) throws IOException {
    Pattern pattern = Pattern.compile(Pattern.quote(baseName) + "-(\\d{6,})\\.jsonl");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      entries.filter(p -> pattern.matcher(p.getFileName().toString()).matches()).forEach(files::add);
    }
    files.sort(Comparator.comparingLong(p -> sequence(pattern, p)));
    return files;
  }

  static long sequence(String baseName, Path file) {
    return sequence(Pattern.compile(Pattern.quote(baseName) + "-(\\d{6,})\\.jsonl"), file);
  }

  private static long sequence(Pattern pattern, Path file) {
    Matcher matcher = pattern.matcher(file.getFileName().toString());
    return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
  }

  /** The last newline-terminated line of a file (without the newline) and where it ends. */
  record Tail(byte @Nullable [] lastLine, long completeBytes, long size) {
    boolean partial() {
      return completeBytes < size;
    }
  }

  /** Reads the tail of {@code file} backwards, so a large file costs only its last line. */
  static Tail tail(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long lastNewline = findNewline(channel, size);
      if (lastNewline < 0) {
        return new Tail(null, 0, size);
      }
      long start = findNewline(channel, lastNewline) + 1;
      int length = Math.toIntExact(lastNewline - start);
      ByteBuffer line = ByteBuffer.allocate(length);
      while (line.hasRemaining()) {
        if (channel.read(line, start + line.position()) < 0) {
          throw new IOException(file + " shrank while being read");
        }
      }
      return new Tail(line.array(), lastNewline + 1, size);
    }
  }

  /** The bytes of {@code file} from {@code start} to {@code end}. */
  static byte[] read(Path file, long start, long end) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(end - start));
      while (bytes.hasRemaining()) {
        if (channel.read(bytes, start + bytes.position()) < 0) {
          throw new IOException(file + " shrank while being read");
        }
      }
      return bytes.array();
    }
  }

  /** The position of the last {@code '\n'} before {@code end}, or -1. */
  private static long findNewline(FileChannel channel, long end) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    long position = end;
    while (position > 0) {
      int size = (int) Math.min(chunk.capacity(), position);
      position -= size;
      chunk.clear().limit(size);
      while (chunk.hasRemaining()) {
        if (channel.read(chunk, position + chunk.position()) < 0) {
          throw new IOException("file shrank while being read");
        }
      }
      for (int i = size - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return position + i;
        }
      }
    }
    return -1;
  }
}
