package dev.vectorguard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vectorguard.approval.ApprovalRecord;
import dev.vectorguard.approval.ApprovalState;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vectorguard approvals list}: requests in the store, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List approval requests, newest first: id, state, approvals/needed, requested at, summary.")
final class ApprovalsListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ApprovalStoreOptions store;

  @Option(names = "--state", split = ",", paramLabel = "STATE",
      description = "Only these states (pending, approved, rejected, expired, revoked, spent); default pending.")
  List<String> states = List.of("pending");

  @Option(names = "--all", description = "Every state.")
  boolean all;

  @Option(names = "--limit", paramLabel = "N", description = "At most N requests (default 100).")
  int limit = 100;

  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Set<ApprovalState> wanted = EnumSet.noneOf(ApprovalState.class);
    try {
      if (!all) {
        states.forEach(s -> wanted.add(ApprovalState.of(s.trim())));
      }
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be positive, but was " + limit);
      }
      try (ApprovalStoreOptions.Opened opened = store.open(false)) {
        List<ApprovalRecord> records = opened.approvals().list(wanted, limit);
        if (json) {
          ArrayNode array = JsonNodeFactory.instance.arrayNode();
          records.forEach(r -> array.add(ApprovalsText.json(r)));
          out.println(ApprovalsText.json(array));
        } else if (records.isEmpty()) {
          out.println("no approval requests" + (all ? "" : " in state " + String.join(", ", states)));
        } else {
          records.forEach(r -> out.println(ApprovalsText.line(r)));
        }
      }
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("vectorguard approvals list: " + e.getMessage());
      return 2;
    }
  }
}
