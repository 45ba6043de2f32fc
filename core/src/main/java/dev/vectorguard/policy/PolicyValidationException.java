package dev.vectorguard.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy failed validation and was not loaded. Holds every error found, in file order; the
 * message is one line per error, formatted {@code file:line:col: rule 'x': message}.
 */
public final class PolicyValidationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<PolicyError> errors;

  /**
   * @throws IllegalArgumentException when {@code errors} is empty: a rejection always says why
   */
  public PolicyValidationException(List<PolicyError> errors) {
    super(format(errors));
    this.errors = List.copyOf(errors);
  }

  /** Every error found, in file order; never empty. */
  public List<PolicyError> errors() {
    return errors;
  }

  private static String format(List<PolicyError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a policy validation failure must name at least one error");
    }
    return errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n"));
  }
}
