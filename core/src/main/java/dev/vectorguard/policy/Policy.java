package dev.vectorguard.policy;

import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;

/**
 * A loaded, validated policy that decides calls.
 *
 * <p>Implementations are immutable (or swap immutable snapshots atomically, as a reloading policy
 * does) and thread-safe. {@link #decide} never returns {@code null} and never throws for a call it
 * cannot match: no matching rule means {@link Decision.Deny}.
 */
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

  /** The content digest of the policy in force, carried by every decision it makes. */
  String version();

  /** Whether decisions are enforced or only observed. */
  PolicyMode mode();
}
