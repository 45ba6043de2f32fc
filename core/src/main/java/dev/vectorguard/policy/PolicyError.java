package dev.vectorguard.policy;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a policy file, where it is, and what was expected.
 *
 * <p>{@link #toString()} is the line {@code vectorguard policy check} prints:
 * {@code file:line:col: rule 'x': message} (the rule part only when the error is inside a rule,
 * the position only when it is known).
 *
 * @param file the file or source name
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param ruleId the id of the rule the error is in, or {@code null} outside rules
 * @param message what is wrong and what was expected
 */
public record PolicyError(String file, int line, int column, @Nullable String ruleId, String message) {
  public PolicyError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (ruleId != null) {
      out.append("rule '").append(ruleId).append("': ");
    }
    return out.append(message).toString();
  }
}
