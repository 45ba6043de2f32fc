package dev.vectorguard.cli;

import dev.vectorguard.approval.ApprovalException;
import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What approve, reject and revoke share: the request, who decides and why. Who decides is what the
 * approver says ({@code --as}, {@code --group}): the tool trusts whoever may write to the store,
 * as the database's own grants decide; the lifecycle checks the rule's approvers and refuses
 * self-approval. Exit codes: 0 done, 1 refused (the message says why), 2 bad options or settings.
 */
abstract class ApprovalDecisionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ApprovalStoreOptions store;

  @Parameters(index = "0", paramLabel = "ID", description = "The request id (apr_…), as the refusal named it.")
  String id;

  @Option(names = "--as", required = true, paramLabel = "APPROVER",
      description = "Who decides, as audit records name them (user:bob).")
  String approver;

  @Option(names = "--group", split = ",", paramLabel = "PRINCIPAL",
      description = "Principals the approver holds (group:dba); one must be among the rule's approvers.")
  List<String> groups = List.of();

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit trail.")
  String reason;

  /** The decision; throws {@link ApprovalException} when it is refused. */
  abstract ApprovalRecord decide(Approvals approvals, Approver approver);

  @Override
  public Integer call() throws Exception {
    String name = "vectorguard approvals " + spec.name();
    try (ApprovalStoreOptions.Opened opened = store.open(true)) {
      ApprovalRecord record = decide(opened.approvals(), new Approver(approver, Set.copyOf(groups)));
      spec.commandLine().getOut().println(ApprovalsText.line(record));
      return 0;
    } catch (ApprovalException e) {
      spec.commandLine().getErr().println(name + ": " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(name + ": " + e.getMessage());
      return 2;
    }
  }
}
