package dev.vectorguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vectorguard} command: policy, audit and classification tools. */
@Command(
    name = "vectorguard",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "Check, explain, test and replay Vectorguard policies; verify and show audit trails; decide approvals.",
    subcommands = {PolicyCommand.class, AuditCommand.class, ClassifyCommand.class, ApprovalsCommand.class})
public final class VectorguardCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; for tests. */
  static int run(String... args) {
    // "@FILE" is ours (policy explain --body @FILE), not picocli's argument-file expansion.
    return new CommandLine(new VectorguardCli()).setExpandAtFiles(false).execute(args);
  }
}
