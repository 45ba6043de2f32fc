package dev.vectorguard.audit.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How far the spool has been delivered: the file and byte offset after the last line the broker
 * acknowledged, with the partition and offset Kafka gave that line (-1 before the first). Kept in
 * {@code <base>.delivered} beside the spool files, replaced atomically, so that a restart neither
 * resends what was delivered nor skips what was not.
 */
record SpoolPosition(String file, long offset, int partition, long kafkaOffset) {
  private static final Pattern SEQUENCE = Pattern.compile("-(\\d+)\\.jsonl$");
  private static final Pattern LINE = Pattern.compile("(\\S+) (\\d+) (-?\\d+) (-?\\d+)\\s*");

  /** Whether this position is at or after the line that ends at {@code end} in {@code file}. */
  boolean covers(String otherFile, long end) {
    int files = Long.compare(sequence(file), sequence(otherFile));
    return files > 0 || files == 0 && offset >= end;
  }

  /** The sequence number in {@code <base>-000042.jsonl}; numeric, so that -1000000 comes after -999999. */
  private static long sequence(String name) {
    Matcher matcher = SEQUENCE.matcher(name);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
  }

  static Path markerFile(Path directory, String baseName) {
    return directory.resolve(baseName + ".delivered");
  }

  /** The marker in {@code marker}, or null when there is none yet. */
  static @Nullable SpoolPosition read(Path marker) throws IOException {
    String text;
    try {
      text = Files.readString(marker, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return null;
    }
    Matcher matcher = LINE.matcher(text);
    if (!matcher.matches()) {
      throw new IOException("the delivery marker " + marker + " is damaged ('" + text.strip()
          + "'); move it aside to deliver the whole spool again, or write '<file> <offset> -1 -1'");
    }
    return new SpoolPosition(matcher.group(1), Long.parseLong(matcher.group(2)), Integer.parseInt(matcher.group(3)),
        Long.parseLong(matcher.group(4)));
  }

  /** Replaces {@code marker} with this position: written beside it, then moved over it atomically. */
  void write(Path marker) throws IOException {
    Path temporary = marker.resolveSibling(marker.getFileName() + ".tmp");
    Files.writeString(temporary, file + ' ' + offset + ' ' + partition + ' ' + kafkaOffset + '\n',
        StandardCharsets.US_ASCII);
    Files.move(temporary, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
