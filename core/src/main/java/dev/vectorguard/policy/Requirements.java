package dev.vectorguard.policy;

import java.util.List;

/** Runs a {@link PolicyRequirement} so that one that throws rejects the policy instead; not public API. */
final class Requirements {
  private Requirements() {}

  /** The errors of {@code policy} under {@code requirement}; a requirement that fails is an error too. */
  static List<PolicyError> unmet(PolicyRequirement requirement, CompiledPolicy policy) {
    try {
      List<PolicyError> errors = requirement.check(policy);
      return errors == null ? List.of() : List.copyOf(errors);
    } catch (RuntimeException e) {
      return List.of(new PolicyError(policy.source(), 0, 0, null, "a requirement of the guard could not be checked: "
          + e));
    }
  }
}
