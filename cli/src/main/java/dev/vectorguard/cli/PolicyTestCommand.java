package dev.vectorguard.cli;

import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Explanation;
import dev.vectorguard.policy.TraceEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard policy test --policy FILE CASES.yaml}: decides every case of the table and
 * prints each failing case with its trace. Exit 0 when all pass, 1 when any fails or the policy is
 * invalid, 2 when the cases file is malformed.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = "Run a YAML table of cases (workload, actor, call -> expected effect, rules, obligations) "
        + "against a policy; prints failing cases with their trace.")
final class PolicyTestCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy file.")
  Path policy;

  @Parameters(arity = "1", paramLabel = "CASES", description = "The cases file (YAML).")
  Path cases;

  @Option(names = {"-v", "--verbose"}, description = "Also print passing cases.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledPolicy loaded = PolicyFiles.load(policy, err);
    if (loaded == null) {
      return 1;
    }
    List<PolicyCases.Case> table;
    try {
      table = PolicyCases.read(cases);
    } catch (PolicyCases.CasesException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    } catch (IOException e) {
      err.println(cases + ": cannot read: " + e);
      err.flush();
      return 2;
    }
    int failed = 0;
    for (PolicyCases.Case c : table) {
      Explanation explanation = loaded.explain(c.identity(), c.call());
      List<String> problems = PolicyCases.check(c, explanation.decision());
      if (problems.isEmpty()) {
        if (verbose) {
          out.println("PASS " + c.name());
        }
        continue;
      }
      failed++;
      out.println("FAIL " + c.name());
      problems.forEach(problem -> out.println("  " + problem));
      out.println("  decision: " + explanation.decision().effect().id() + " " + explanation.decision().rules()
          + ": " + explanation.decision().reason());
      out.println("  trace:");
      for (TraceEntry entry : explanation.trace()) {
        out.println("    " + entry);
      }
    }
    out.println("policy test: " + table.size() + " cases, " + (table.size() - failed) + " passed, " + failed
        + " failed (" + loaded.source() + ", " + loaded.version() + ")");
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
