package dev.vectorguard.spring;

import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import java.util.List;

/** Small policies for tests that are not about policy loading. */
final class TestPolicies {
  private TestPolicies() {}

  /** Allows reads of collection {@code docs}; denies everything else. */
  static Policy docsReadOnly(PolicyMode mode) {
    return new Policy() {
      @Override
      public Decision decide(Identity identity, VectorCall call) {
        if (call.collections().equals(List.of("docs")) && call.access().id().equals("read")) {
          return Decision.allow(Obligations.NONE, List.of("docs-read"), "docs are readable", version());
        }
        return Decision.deny(List.of(), "no rule allows it", version());
      }

      @Override
      public String version() {
        return "sha256:test";
      }

      @Override
      public PolicyMode mode() {
        return mode;
      }
    };
  }
}
