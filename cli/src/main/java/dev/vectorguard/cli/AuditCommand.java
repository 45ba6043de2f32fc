package dev.vectorguard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vectorguard audit}: verify and show hash-chained audit trails. */
@Command(
    name = "audit",
    description = "Verify, show and dump hash-chained audit trails.",
    mixinStandardHelpOptions = true,
    subcommands = {AuditVerifyCommand.class, AuditShowCommand.class, AuditDumpCommand.class})
final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
