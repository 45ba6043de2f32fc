package dev.vectorguard.policy;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether one rule matched a call (on one of its collections) and, if not, the first condition
 * that failed.
 *
 * @param rule the rule id
 * @param collection the collection this line is about, or {@code null} for a call on no collection
 * @param matched whether the rule matched
 * @param detail why not, or what it does when it matched
 */
public record TraceEntry(String rule, @Nullable String collection, boolean matched, String detail) {
  public TraceEntry {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return "rule '" + rule + "'" + (collection == null ? "" : " on '" + collection + "'")
        + (matched ? " matched: " : " did not match: ") + detail;
  }
}
