package dev.vectorguard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard policy}: check policy files, explain a decision, run table-driven policy
 * tests, replay recorded calls under a new policy. Exit codes: 0 success, 1 invalid policy or
 * failed expectation (for replay: a decision would change), 2 bad usage.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Check, explain, test and replay Vectorguard policies.",
    subcommands = {PolicyCheckCommand.class, PolicyExplainCommand.class, PolicyTestCommand.class,
        PolicyReplayCommand.class})
final class PolicyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
