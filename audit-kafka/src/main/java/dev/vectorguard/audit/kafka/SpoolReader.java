package dev.vectorguard.audit.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the complete lines a {@code HashChainFileSink} has handed to the OS, in chain order,
 * across its rotated files {@code <base>-000001.jsonl}, …, from a position on. A line is returned
 * only once its newline is written, so a line being written is never shipped half. A later file
 * is entered only when it exists, which the sink does after it finished the one before; bytes
 * after the last newline of an earlier file are a line cut by a crash, which the sink recorded
 * in its {@code audit.recovered} event, and are skipped.
 *
 * <p>Not thread-safe: the shipper's thread owns it, except {@link #lastLine()}, which any thread
 * may call.
 */
final class SpoolReader implements AutoCloseable {
  private static final int CHUNK = 1 << 16;
  /** Bodies are capped at 4 MiB each; a longer line is no audit event and stops the reader. */
  private static final int MAX_LINE = 64 << 20;

  private final Path directory;
  private final Pattern names;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK).flip();
  private byte[] line = new byte[4096];
  private @Nullable FileChannel channel;
  private @Nullable Path file;
  private long sequence;
  /** The file offset of the byte after {@link #chunk}'s content. */
  private long readAt;
  /** The bytes of the line being read, in {@link #line}. */
  private int length;
  /** The file offset after the last complete line returned. */
  private long lineEnd;

  SpoolReader(Path directory, String baseName) {
    this.directory = directory;
    this.names = Pattern.compile(Pattern.quote(baseName) + "-(\\d{6,})\\.jsonl");
  }

  /** A line (without its newline) and where it ends: the position a marker records after it. */
  record Line(byte[] bytes, String file, long end) {}

  /**
   * Positions the reader after {@code position}, or at the start of the oldest file when it is
   * null or its file no longer exists (then the oldest later file).
   */
  void seek(@Nullable SpoolPosition position) throws IOException {
    closeFile();
    List<Path> files = files();
    for (Path candidate : files) {
      if (position == null || sequence(candidate) >= sequenceOf(position.file())) {
        boolean same = position != null && candidate.getFileName().toString().equals(position.file());
        open(candidate, same ? position.offset() : 0);
        return;
      }
    }
  }

  /** The next complete line, or null when none is written yet. */
  @Nullable Line next() throws IOException {
    while (true) {
      if (channel == null) {
        List<Path> files = files();
        if (files.isEmpty()) {
          return null;
        }
        open(files.get(0), 0);
      }
      Line found = scan();
      if (found != null) {
        return found;
      }
      Path later = nextFile();
      if (later == null) {
        return null;
      }
      // The sink opens the next file only after it wrote this one out: read what is left first.
      found = scan();
      if (found != null) {
        return found;
      }
      open(later, 0);
    }
  }

  private @Nullable Line scan() throws IOException {
    FileChannel open = java.util.Objects.requireNonNull(channel);
    while (true) {
      if (!chunk.hasRemaining()) {
        chunk.clear();
        int read = open.read(chunk, readAt);
        chunk.flip();
        if (read <= 0) {
          return null; // the partial line stays buffered; the next call goes on from readAt
        }
        readAt += read;
      }
      while (chunk.hasRemaining()) {
        byte b = chunk.get();
        if (b == '\n') {
          lineEnd += length + 1;
          Line found = new Line(Arrays.copyOf(line, length), fileName(), lineEnd);
          length = 0;
          return found;
        }
        if (length == MAX_LINE) {
          throw new IOException(file + " has a line longer than " + MAX_LINE + " bytes at byte " + lineEnd
              + ": it is no audit event");
        }
        if (length == line.length) {
          line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
        }
        line[length++] = b;
      }
    }
  }

  private String fileName() {
    return java.util.Objects.requireNonNull(file).getFileName().toString();
  }

  private @Nullable Path nextFile() throws IOException {
    for (Path candidate : files()) {
      if (sequence(candidate) > sequence) {
        return candidate;
      }
    }
    return null;
  }

  private void open(Path next, long offset) throws IOException {
    closeFile();
    channel = FileChannel.open(next, StandardOpenOption.READ);
    file = next;
    sequence = sequence(next);
    lineEnd = offset;
    readAt = offset;
    length = 0;
    chunk.clear().flip();
  }

  /**
   * Where the spool's last complete line ends (its bytes are not read), or null when it holds
   * none: after the last newline of the newest file that has one, so that a line cut by a failed
   * write does not count. Reads only the directory and file tails; thread-safe.
   */
  @Nullable Line lastLine() throws IOException {
    List<Path> files = files();
    for (int i = files.size() - 1; i >= 0; i--) {
      Path candidate = files.get(i);
      long end = lastNewline(candidate);
      if (end >= 0) {
        return new Line(new byte[0], candidate.getFileName().toString(), end + 1);
      }
    }
    return null;
  }

  private static long lastNewline(Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer tail = ByteBuffer.allocate(8192);
      for (long end = in.size(); end > 0; ) {
        int size = (int) Math.min(tail.capacity(), end);
        long start = end - size;
        tail.clear().limit(size);
        while (tail.hasRemaining() && in.read(tail, start + tail.position()) > 0) {
          // read the whole chunk
        }
        for (int at = tail.position() - 1; at >= 0; at--) {
          if (tail.get(at) == '\n') {
            return start + at;
          }
        }
        end = start;
      }
      return -1;
    }
  }

  private List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      entries.filter(p -> names.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
          .forEach(files::add);
    }
    files.sort(Comparator.comparingLong(this::sequence));
    return files;
  }

  private long sequence(Path path) {
    return sequenceOf(path.getFileName().toString());
  }

  private long sequenceOf(String name) {
    Matcher matcher = names.matcher(name);
    return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
  }

  private void closeFile() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeFile();
  }
}
