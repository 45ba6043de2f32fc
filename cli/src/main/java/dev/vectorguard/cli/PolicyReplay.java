package dev.vectorguard.cli;

import dev.vectorguard.Decision;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.RecordedCall;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides recorded calls again under a new policy and collects what would change: the effect, or
 * the obligations (cap, vectors, tenant filters, masks) when both decisions carry them. A change of
 * rule ids alone, with the same effect and obligations, is not a change. Not thread-safe.
 */
final class PolicyReplay {
  /** One recorded call whose decision would change: before, after, and what changed, in words. */
  record Change(RecordedCall recorded, Side before, Side after, List<String> differences) {}

  /** A decision as replay compares it: effect, rules, and obligations as an event records them (or none). */
  record Side(String effect, List<String> rules, @Nullable Map<String, Object> obligations) {
    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("effect", effect);
      out.put("rules", rules);
      if (obligations != null) {
        out.put("obligations", obligations);
      }
      return out;
    }
  }

  private final CompiledPolicy policy;
  private final List<Change> changes = new ArrayList<>();
  private final Map<String, Long> byKind = new TreeMap<>();
  private final Map<String, Long> byRule = new TreeMap<>();
  private final Map<String, Long> byWorkload = new TreeMap<>();
  private final Map<String, Long> byCollection = new TreeMap<>();
  private long decided;

  PolicyReplay(CompiledPolicy policy) {
    this.policy = policy;
  }

  /** Decides {@code recorded} again; returns the change, or {@code null} when nothing would change. */
  @Nullable Change replay(RecordedCall recorded) {
    decided++;
    Decision decision = policy.decide(recorded.identity(), recorded.call());
    Side before = new Side(recorded.effect().id(), recorded.rules(), recorded.obligations());
    Side after = new Side(decision.effect().id(), decision.rules(), applied(decision));
    List<String> differences = new ArrayList<>();
    if (!before.effect().equals(after.effect())) {
      differences.add(before.effect() + " → " + after.effect());
    }
    if (before.obligations() != null && after.obligations() != null) {
      differences.addAll(ObligationChanges.between(before.obligations(), after.obligations()));
    }
    if (differences.isEmpty()) {
      return null;
    }
    Change change = new Change(recorded, before, after, differences);
    changes.add(change);
    count(byKind, before.effect() + " → " + after.effect());
    List<String> rules = new ArrayList<>(before.rules());
    after.rules().stream().filter(rule -> !rules.contains(rule)).forEach(rules::add);
    rules.forEach(rule -> count(byRule, rule));
    if (rules.isEmpty()) {
      count(byRule, "(default deny)");
    }
    count(byWorkload, recorded.identity().workload().id());
    List<String> collections = recorded.call().collections();
    (collections.isEmpty() ? List.of("(none)") : collections).forEach(collection -> count(byCollection, collection));
    return change;
  }

  /** The obligations the new policy would send the call under, as an event records them; null for a deny. */
  private @Nullable Map<String, Object> applied(Decision decision) {
    Obligations obligations = decision instanceof Decision.Allow allow ? allow.obligations()
        : decision instanceof Decision.NeedsApproval needs ? needs.obligations() : null;
    if (obligations == null) {
      return null;
    }
    // A monitor-mode policy records its decision but sends the call as it is.
    return RecordedCall.recordedObligations(policy.mode() == PolicyMode.MONITOR ? Obligations.NONE : obligations);
  }

  private static void count(Map<String, Long> totals, String key) {
    totals.merge(key, 1L, Long::sum);
  }

  List<Change> changes() {
    return changes;
  }

  long decided() {
    return decided;
  }

  /** Changed calls by {@code before → after} effect. */
  Map<String, Long> byKind() {
    return byKind;
  }

  /** Changed calls by every rule of their old or new decision. */
  Map<String, Long> byRule() {
    return byRule;
  }

  Map<String, Long> byWorkload() {
    return byWorkload;
  }

  Map<String, Long> byCollection() {
    return byCollection;
  }

  /** The differences between two recorded obligations objects, in the policy language's words. */
  static final class ObligationChanges {
    private ObligationChanges() {}

    static List<String> between(Map<String, Object> before, Map<String, Object> after) {
      List<String> out = new ArrayList<>();
      Object capBefore = before.get("max_results");
      Object capAfter = after.get("max_results");
      if (!Objects.equals(capBefore, capAfter)) {
        out.add("max_results " + (capBefore == null ? "none" : capBefore) + " → " + (capAfter == null ? "none" : capAfter));
      }
      if (!Objects.equals(before.get("strip_vectors"), after.get("strip_vectors"))) {
        out.add("vectors " + vectors(before) + " → " + vectors(after));
      }
      listChange(out, "tenant_filter", before.get("tenant_filters"), after.get("tenant_filters"));
      listChange(out, "mask", before.get("masks"), after.get("masks"));
      return out;
    }

    private static String vectors(Map<String, Object> obligations) {
      return Boolean.TRUE.equals(obligations.get("strip_vectors")) ? "strip" : "keep";
    }

    private static void listChange(List<String> out, String name, @Nullable Object before, @Nullable Object after) {
      List<?> was = before instanceof List<?> list ? list : List.of();
      List<?> now = after instanceof List<?> list ? list : List.of();
      StringBuilder change = new StringBuilder();
      now.stream().filter(item -> !was.contains(item)).forEach(item -> change.append(" +").append(item));
      was.stream().filter(item -> !now.contains(item)).forEach(item -> change.append(" -").append(item));
      if (change.length() > 0) {
        out.add(name + change);
      }
    }
  }
}
