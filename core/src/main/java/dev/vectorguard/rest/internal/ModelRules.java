package dev.vectorguard.rest.internal;

import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.rest.RestClassificationException;

/** Runs a backend model's rule from a REST binding, reporting its refusal as this binding's error; not public API. */
final class ModelRules {
  private ModelRules() {}

  /** A model rule to run. */
  interface Rule {
    void run() throws UnenforceableRequestException;
  }

  /** A model rule that computes what to send. */
  interface Step<T> {
    T run() throws UnenforceableRequestException;
  }

  static <T> T apply(Step<T> step) throws RestClassificationException {
    try {
      return step.run();
    } catch (UnenforceableRequestException e) {
      throw new RestClassificationException(e.getMessage(), e);
    }
  }

  static void enforce(Rule rule) throws RestClassificationException {
    try {
      rule.run();
    } catch (UnenforceableRequestException e) {
      throw new RestClassificationException(e.getMessage(), e);
    }
  }
}
