package dev.vectorguard.policy;

import java.util.List;

/**
 * What a policy must satisfy, beyond being valid, before it is put in force: what the guard that
 * uses it can apply. A {@code VectorGuard} requires of its policy that its masking engine can
 * apply every mask rule (a {@code hash} rule needs a hash key), so that a policy it could not
 * enforce is refused when the guard is built, or when a reload brings it, and never at a call.
 *
 * <pre>{@code
 * policy.require(compiled -> compiled.maskErrors(masking::unsupported));
 * }</pre>
 *
 * <p>Implementations are thread-safe and fast; they run on the thread that builds the guard or
 * reloads the policy.
 */
@FunctionalInterface
public interface PolicyRequirement {

  /** What in {@code policy} cannot be applied, one error each; empty when it can be put in force. */
  List<PolicyError> check(CompiledPolicy policy);
}
