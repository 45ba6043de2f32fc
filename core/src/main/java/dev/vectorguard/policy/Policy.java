package dev.vectorguard.policy;

import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.Spi;
import dev.vectorguard.VectorCall;

/**
 * A loaded, validated policy that decides calls.
 *
 * <p>Implementations are immutable (or swap immutable snapshots atomically, as a reloading policy
 * does) and thread-safe. {@link #decide} never returns {@code null} and never throws for a call it
 * cannot match: no matching rule means {@link Decision.Deny}.
 */
@Spi
public interface Policy {

  /** Decides {@code call} for {@code identity}. */
  Decision decide(Identity identity, VectorCall call);

  /**
   * Decides {@code call} like {@link #decide} and says, rule by rule, why. Policies loaded with
   * {@link PolicyLoader} trace every rule; this default, for other implementations, has no trace.
   */
  default Explanation explain(Identity identity, VectorCall call) {
    return new Explanation(decide(identity, call), java.util.List.of());
  }

  /**
   * Makes {@code requirement} a condition of this policy: the policy in force is checked now, and a
   * policy that reloads checks every later version before putting it in force, rejecting one that
   * fails (the version in force stays, and its listener hears why, as for an invalid file).
   * {@code VectorGuard}'s builder calls this with what its masking engine can apply.
   *
   * <p>This default checks nothing: an implementation that has no rules in the policy language
   * cannot be checked, and the guard then refuses a call whose mask rules it cannot apply when it
   * is decided, before anything is sent.
   *
   * @throws PolicyValidationException when the policy in force does not satisfy {@code requirement}
   */
  default void require(PolicyRequirement requirement) throws PolicyValidationException {
    java.util.Objects.requireNonNull(requirement, "requirement");
  }

  /** The content digest of the policy in force, carried by every decision it makes. */
  String version();

  /** Whether decisions are enforced or only observed. */
  PolicyMode mode();
}
