package dev.vectorguard.cli;

import dev.vectorguard.approval.ApprovalRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vectorguard approvals show ID}: one request, with its votes and decision. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one approval request.")
final class ApprovalsShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ApprovalStoreOptions store;

  @Parameters(index = "0", paramLabel = "ID", description = "The request id (apr_…), as the refusal named it.")
  String id;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (ApprovalStoreOptions.Opened opened = store.open(false)) {
      ApprovalRecord record = opened.approvals().find(id);
      if (record == null) {
        spec.commandLine().getErr().println("vectorguard approvals show: no approval request " + id);
        return 1;
      }
      if (json) {
        out.println(ApprovalsText.json(ApprovalsText.json(record)));
      } else {
        ApprovalsText.block(out, record);
      }
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("vectorguard approvals show: " + e.getMessage());
      return 2;
    }
  }
}
