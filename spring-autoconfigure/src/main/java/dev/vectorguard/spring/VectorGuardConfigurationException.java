package dev.vectorguard.spring;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The guard is enabled but cannot be built from the application's configuration: the policy is
 * missing or invalid, no workload is named, a token source or audit sink lacks a setting. Thrown
 * while the context starts, so the application never runs half-guarded; a failure analyzer turns
 * it into a readable report listing {@link #problems()} and {@link #action()}.
 */
public final class VectorGuardConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;
  private final String action;

  /**
   * @param summary one line saying what could not be set up
   * @param problems each problem on its own line, such as {@code policy.yaml:12:7: unknown field 'efect'}
   * @param action what to change to fix it
   */
  public VectorGuardConfigurationException(String summary, List<String> problems, String action,
      @Nullable Throwable cause) {
    super(message(summary, problems), cause);
    this.problems = List.copyOf(problems);
    this.action = action;
  }

  public VectorGuardConfigurationException(String summary, String action) {
    this(summary, List.of(), action, null);
  }

  /** The individual problems, in the order found; empty when the summary says it all. */
  public List<String> problems() {
    return problems;
  }

  /** What to change to fix it. */
  public String action() {
    return action;
  }

  private static String message(String summary, List<String> problems) {
    StringBuilder out = new StringBuilder(summary);
    for (String problem : problems) {
      out.append("\n    ").append(problem);
    }
    return out.toString();
  }
}
