package dev.vectorguard.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link VectorGuardConfigurationException} into the startup report Spring Boot prints:
 * what is wrong, each policy error on its own line, and what to change.
 */
class VectorGuardFailureAnalyzer extends AbstractFailureAnalyzer<VectorGuardConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, VectorGuardConfigurationException cause) {
    StringBuilder description = new StringBuilder(cause.getMessage())
        .append("\n\nThe application was not started, so that no vector database call runs unguarded.");
    return new FailureAnalysis(description.toString(), cause.action(), cause);
  }
}
