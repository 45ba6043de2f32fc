package dev.vectorguard.cli;

import dev.vectorguard.model.BackendObligationReach;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyError;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vectorguard policy check FILE...}: exit 0 when every file is valid, else 1 and one line per
 * error; a valid file is followed by one warning line per obligation a backend cannot enforce.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validate policy files; prints one line per error (file:line:col: rule 'x': message), and one "
        + "warning per obligation a backend its rule applies to cannot enforce (file:line:col: rule 'x': warning: ...).")
final class PolicyCheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files (YAML or JSON).")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean valid = true;
    for (Path file : files) {
      List<PolicyError> errors;
      try {
        CompiledPolicy policy = PolicyLoader.load(file);
        out.println(file + ": valid, " + policy.ruleCount() + (policy.ruleCount() == 1 ? " rule, " : " rules, ")
            + policy.mode().name().toLowerCase(java.util.Locale.ROOT) + ", " + policy.version());
        // Valid, but an obligation some backend cannot enforce refuses every call it applies to there.
        policy.obligationWarnings(BackendObligationReach.INSTANCE).forEach(out::println);
        continue;
      } catch (PolicyValidationException e) {
        errors = e.errors();
      } catch (IOException e) {
        errors = List.of(new PolicyError(file.toString(), 0, 0, null, "cannot read: " + e));
      }
      valid = false;
      errors.forEach(error -> err.println(error));
    }
    out.flush();
    err.flush();
    return valid ? 0 : 1;
  }
}
