package dev.vectorguard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands the FILE arguments of the audit commands: files as given, directories to their {@code *.jsonl}. */
final class AuditFileArgs {
  private AuditFileArgs() {}

  /**
   * The files to read, in order.
   *
   * @throws IllegalArgumentException naming the first argument that is neither a file nor a directory
   */
  static List<Path> expand(List<Path> arguments) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        try (Stream<Path> entries = Files.list(argument)) {
          List<Path> found = entries.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
              .sorted().toList();
          if (found.isEmpty()) {
            throw new IllegalArgumentException("no .jsonl files in " + argument);
          }
          files.addAll(found);
        }
      } else if (Files.isRegularFile(argument)) {
        files.add(argument);
      } else {
        throw new IllegalArgumentException("no such file: " + argument);
      }
    }
    return files;
  }
}
