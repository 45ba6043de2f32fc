package dev.vectorguard.policy;

import java.util.Arrays;

/** The rules that matched one call on one collection, kept in policy order. Not thread-safe; not public API. */
final class Matches {
  private Rule[] rules = new Rule[4];
  private String[][] values = new String[4][];
  private int size;

  /**
   * Adds {@code rule} in policy order; a rule already added (the index can reach one rule through
   * two of its collections) is not added again.
   */
  void add(Rule rule, String[] ruleValues) {
    // Insertion keeps policy order; a call matches few rules.
    int at = size;
    while (at > 0 && rules[at - 1].index > rule.index) {
      at--;
    }
    if (at > 0 && rules[at - 1] == rule) {
      return;
    }
    if (size == rules.length) {
      rules = Arrays.copyOf(rules, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    System.arraycopy(rules, at, rules, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    rules[at] = rule;
    values[at] = ruleValues;
    size++;
  }

  int size() {
    return size;
  }

  Rule rule(int i) {
    return rules[i];
  }

  String[] values(int i) {
    return values[i];
  }
}
