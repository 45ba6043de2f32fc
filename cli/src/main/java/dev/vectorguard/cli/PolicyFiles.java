package dev.vectorguard.cli;

import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyError;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Loads a policy for a command, printing why not (one line per error) when it cannot. */
final class PolicyFiles {
  private PolicyFiles() {}

  static @Nullable CompiledPolicy load(Path file, PrintWriter err) {
    try {
      return PolicyLoader.load(file);
    } catch (PolicyValidationException e) {
      e.errors().forEach(error -> err.println(error));
    } catch (IOException e) {
      err.println(new PolicyError(file.toString(), 0, 0, null, "cannot read: " + e));
    }
    err.flush();
    return null;
  }
}
