package dev.vectorguard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code vectorguard policy}: placeholder until its issue lands. */
@Command(name = "policy", description = "Not available yet.")
final class PolicyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("vectorguard policy: not available yet");
    return 2;
  }
}
