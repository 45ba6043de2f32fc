package dev.vectorguard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code vectorguard classify}: placeholder until its issue lands. */
@Command(name = "classify", description = "Not available yet.")
final class ClassifyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("vectorguard classify: not available yet");
    return 2;
  }
}
