package dev.vectorguard.policy;

import dev.vectorguard.Decision;
import java.util.List;
import java.util.Objects;

/**
 * A decision and how it came about: one {@link TraceEntry} per rule (per collection, for calls
 * on several collections), in policy order.
 *
 * @param decision the decision, the same {@link Policy#decide} returns
 * @param trace every rule, matched or not and why
 */
public record Explanation(Decision decision, List<TraceEntry> trace) {
  public Explanation {
    Objects.requireNonNull(decision, "decision");
    trace = List.copyOf(trace);
  }
}
