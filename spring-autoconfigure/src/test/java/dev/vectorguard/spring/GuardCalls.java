package dev.vectorguard.spring;

import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.VectorGuardException;

/** Calls made straight through a guard, for tests of what observes the guard. */
final class GuardCalls {
  static final VectorCall SEARCH_DOCS = VectorCall.builder(Backend.QDRANT, Operation.SEARCH)
      .collection("docs").endpoint("POST /collections/docs/points/search").build();
  static final VectorCall DELETE_DOCS = VectorCall.builder(Backend.QDRANT, Operation.DELETE)
      .collection("docs").endpoint("POST /collections/docs/points/delete").build();

  private GuardCalls() {}

  /** Makes {@code call}; returns whether the guard let it through. */
  static boolean call(VectorGuard guard, VectorCall call) {
    try {
      guard.begin(call, null).complete(CallOutcome.ok("200").build());
      return true;
    } catch (VectorGuardException e) {
      return false;
    }
  }
}
