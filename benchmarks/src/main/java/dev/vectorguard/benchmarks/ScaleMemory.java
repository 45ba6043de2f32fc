package dev.vectorguard.benchmarks;

import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue item 7, memory half: the heap a compiled policy retains as it grows from about 10 to about
 * 10,000 rules, measured in the runner's JVM with {@link RetainedMemory} (enough copies of small
 * policies to rise above the collector's noise).
 */
final class ScaleMemory {
  static final int[] SIZES = {10, 100, 1000, 10_000};

  private ScaleMemory() {}

  static List<Figure> figures() throws PolicyValidationException {
    String s = "7 scale";
    List<Figure> figures = new ArrayList<>();
    long firstBytes = 0;
    int firstRules = 0;
    int firstYaml = 0;
    long lastBytes = 0;
    int lastRules = 0;
    int lastYaml = 0;
    for (int size : SIZES) {
      GeneratedPolicy generated = GeneratedPolicy.withAboutRules(size, DecisionBenchmark.TENANTS);
      String yaml = generated.yaml();
      CompiledPolicy probe = PolicyLoader.parse(yaml, "generated-" + size + ".yaml");
      int rules = probe.ruleCount();
      int copies = Math.max(1, 2_000 / rules);
      long bytes = RetainedMemory.bytesPerCopy(() -> parse(yaml, size), copies, 3);
      String how = "heap retained by one compiled policy of " + rules + " rules (" + yaml.length() / 1024
          + " KB of YAML), median of 3 rounds of " + copies + " copies, after System.gc()";
      figures.add(Figure.plain(s, "policy memory at " + size + " rules (actual " + rules + ")", bytes / 1024.0, "KB",
          how));
      figures.add(Figure.plain(s, "policy memory per rule at " + size + " rules", (double) bytes / rules, "B", how));
      if (firstRules == 0) {
        firstBytes = bytes;
        firstRules = rules;
        firstYaml = yaml.length();
      }
      lastBytes = bytes;
      lastRules = rules;
      lastYaml = yaml.length();
    }
    double growth = (double) lastBytes / firstBytes;
    double ruleGrowth = (double) lastRules / firstRules;
    double contentGrowth = (double) lastYaml / firstYaml;
    figures.add(Figure.plain(s, "policy memory growth " + firstRules + " -> " + lastRules + " rules", growth, "x",
        "rules grew " + Figure.format(ruleGrowth) + "x, policy text grew " + Figure.format(contentGrowth) + "x"));
    figures.add(Figure.plain(s, "policy memory growth / rule-count growth", growth / ruleGrowth, "x",
        "(bytes_last / bytes_first) / (rules_last / rules_first); small policies hold fewer of the large read rules,"
            + " so rules are not all the same size"));
    figures.add(Figure.atMost(s, "policy memory growth / policy-text growth", growth / contentGrowth, "x",
        Figures.LINEAR_TOLERANCE, "(bytes_last / bytes_first) / (yaml_last / yaml_first): linear in what the policy"
            + " says; 1 = linear"));
    return figures;
  }

  private static CompiledPolicy parse(String yaml, int size) {
    try {
      return PolicyLoader.parse(yaml, "generated-" + size + ".yaml");
    } catch (PolicyValidationException e) {
      throw new IllegalStateException("the generated policy is invalid: " + e.getMessage(), e);
    }
  }
}
