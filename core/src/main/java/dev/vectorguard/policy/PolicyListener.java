package dev.vectorguard.policy;

import java.util.List;

/**
 * Hears what a {@link ReloadingPolicy} loads and rejects, for example to write
 * {@code policy.loaded} and {@code policy.rejected} audit events.
 *
 * <p>Called on the thread that (re)loads the policy. A listener that throws is logged and
 * otherwise ignored: it cannot stop a reload or break the policy in force.
 */
public interface PolicyListener {

  /** A policy was loaded and is now in force. */
  default void loaded(String version, int ruleCount) {}

  /** The policy at {@code source} was not loaded; the one in force, if any, stays. */
  default void rejected(String source, List<PolicyError> errors) {}

  /** A listener that does nothing. */
  static PolicyListener none() {
    return new PolicyListener() {};
  }
}
