package dev.vectorguard.spring.internal;

import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.policy.PolicyRequirement;
import dev.vectorguard.policy.PolicyValidationException;

/**
 * A policy whose mode is set by configuration instead of by its file; not public API. Decisions
 * and version are the wrapped policy's, read on every call so a reloading policy stays live.
 */
public final class ModePolicy implements Policy {
  private final Policy delegate;
  private final PolicyMode mode;

  public ModePolicy(Policy delegate, PolicyMode mode) {
    this.delegate = delegate;
    this.mode = mode;
  }

  /** The policy whose decisions are used. */
  public Policy delegate() {
    return delegate;
  }

  @Override
  public Decision decide(Identity identity, VectorCall call) {
    return delegate.decide(identity, call);
  }

  @Override
  public void require(PolicyRequirement requirement) throws PolicyValidationException {
    delegate.require(requirement);
  }

  @Override
  public String version() {
    return delegate.version();
  }

  @Override
  public PolicyMode mode() {
    return mode;
  }

  @Override
  public String toString() {
    return "ModePolicy{" + mode + ", " + delegate + '}';
  }
}
