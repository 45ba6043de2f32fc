package dev.vectorguard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code vectorguard audit}: placeholder until its issue lands. */
@Command(name = "audit", description = "Not available yet.")
final class AuditCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("vectorguard audit: not available yet");
    return 2;
  }
}
