package dev.vectorguard.grpc.internal;

import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.model.UnenforceableRequestException;

/** Runs a backend model's rule from a gRPC binding, reporting its refusal as this binding's error. */
final class ModelRules {
  private ModelRules() {}

  /** A model rule that checks. */
  interface Check {
    void run() throws UnenforceableRequestException;
  }

  /** A model rule that computes what to send. */
  interface Step<T> {
    T run() throws UnenforceableRequestException;
  }

  /** @throws RequestRejectedException with the rule's reason: refused by policy, nothing sent */
  static void enforce(Check check) {
    apply(() -> {
      check.run();
      return null;
    });
  }

  /** @throws RequestRejectedException with the rule's reason: refused by policy, nothing sent */
  static <T> T apply(Step<T> step) {
    try {
      return step.run();
    } catch (UnenforceableRequestException e) {
      throw new RequestRejectedException(Cause.PARSE, e.getMessage());
    }
  }
}
