package dev.vectorguard.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the lines of the files an audit command was given, in order; when following, it then waits
 * for lines appended to the last file and for files added to a directory argument (a sink
 * rotating to its next file), until the thread is interrupted. A line is handed on only once its
 * newline is there, so a line being written is never read half; a file's last line without a
 * newline is handed on when no more can come: at the end without following, or once a later file
 * exists. Not thread-safe.
 */
final class TrailLines {
  /** Receives each line with its file and 1-based line number. */
  interface Receiver {
    void line(Path file, long number, String line);
  }

  private final List<Path> arguments;
  private final Duration pollInterval;
  private final List<Path> files = new ArrayList<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
  private int current;
  private long offset;
  private long number;

  /**
   * @param arguments files and directories, as the user gave them
   * @param pollInterval how often a followed trail is checked for new lines and files
   */
  TrailLines(List<Path> arguments, Duration pollInterval) {
    this.arguments = List.copyOf(arguments);
    this.pollInterval = pollInterval;
  }

  /**
   * Hands every line of the files on to {@code receiver} and returns.
   *
   * @throws IllegalArgumentException naming an argument that is neither a file nor a directory with .jsonl files
   */
  void readAll(Receiver receiver) throws IOException {
    refresh();
    while (true) {
      readCurrent(receiver);
      if (current == files.size() - 1) {
        endOfFile(receiver);
        return;
      }
      nextFile(receiver);
    }
  }

  /**
   * Hands on every line there is, then every line and file that is added, until the thread is
   * interrupted (then it returns normally, with the interrupt flag cleared).
   *
   * @throws IllegalArgumentException as {@link #readAll}, for the files there at the start
   */
  void follow(Receiver receiver) throws IOException {
    refresh();
    while (true) {
      try {
        readCurrent(receiver);
      } catch (ClosedByInterruptException e) {
        Thread.interrupted(); // the interrupt that stops following reached a read: stop as if sleeping
        return;
      }
      if (current < files.size() - 1) {
        nextFile(receiver);
        continue;
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      try {
        refresh();
      } catch (IllegalArgumentException e) {
        // A directory emptied while followed (files archived): keep following what we have.
      }
    }
  }

  /** Adds the files that now exist after those known (a rotated directory's new files). */
  private void refresh() throws IOException {
    List<Path> now = AuditFileArgs.expand(arguments);
    for (Path file : now) {
      if (!files.contains(file) && (files.isEmpty() || now.indexOf(file) > now.indexOf(files.get(files.size() - 1)))) {
        files.add(file);
      }
    }
  }

  private void readCurrent(Receiver receiver) throws IOException {
    Path file = files.get(current);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        chunk.clear();
        int read = channel.read(chunk, offset);
        if (read <= 0) {
          return;
        }
        offset += read;
        byte[] bytes = chunk.array();
        int start = 0;
        for (int i = 0; i < read; i++) {
          if (bytes[i] == '\n') {
            partial.write(bytes, start, i - start);
            emit(receiver, file);
            start = i + 1;
          }
        }
        partial.write(bytes, start, read - start);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // A followed file moved away: what was read stays read; later files are still followed.
    }
  }

  private void nextFile(Receiver receiver) {
    endOfFile(receiver);
    current++;
    offset = 0;
    number = 0;
  }

  private void endOfFile(Receiver receiver) {
    if (partial.size() > 0) {
      emit(receiver, files.get(current));
    }
  }

  private void emit(Receiver receiver, Path file) {
    number++;
    String line = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    receiver.line(file, number, line);
  }
}
