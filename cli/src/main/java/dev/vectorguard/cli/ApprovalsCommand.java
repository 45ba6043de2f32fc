package dev.vectorguard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vectorguard approvals}: list, show and decide approval requests in the shared store. */
@Command(
    name = "approvals",
    description = {"List, show and decide approval requests in the store the guards share.",
        "The store is a JDBC URL: --store, or VECTORGUARD_APPROVALS_STORE, or vectorguard.approvals.store in",
        "--config FILE (the application's YAML). Decisions are audited to --audit DIR (its own trail)."},
    mixinStandardHelpOptions = true,
    subcommands = {ApprovalsListCommand.class, ApprovalsShowCommand.class, ApprovalsApproveCommand.class,
        ApprovalsRejectCommand.class, ApprovalsRevokeCommand.class})
final class ApprovalsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
