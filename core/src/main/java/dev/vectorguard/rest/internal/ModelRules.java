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

  static void enforce(Rule rule) throws RestClassificationException {
    try {
      rule.run();
    } catch (UnenforceableRequestException e) {
      throw new RestClassificationException(e.getMessage(), e);
    }
  }
}
