package dev.vectorguard.audit;

import dev.vectorguard.Backend;
import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.VectorCall;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import java.util.List;

/** A policy that allows everything (the YAML policy engine is not needed to test the audit trail). */
final class AllowAll implements Policy {
  @Override
  public Decision decide(Identity identity, VectorCall call) {
    return Decision.allow(Obligations.NONE, List.of("allow-all"), "test policy", version());
  }

  @Override
  public String version() {
    return "test-1";
  }

  @Override
  public PolicyMode mode() {
    return PolicyMode.ENFORCE;
  }

  static VectorCall search() {
    return VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
        .facts(RequestFacts.builder().limit(10).filterPresent(true).filterFields(List.of("tenant")).build())
        .endpoint("POST /collections/docs/points/search").build();
  }
}
