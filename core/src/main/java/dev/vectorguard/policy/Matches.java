package dev.vectorguard.policy;

import java.util.Arrays;

/** The rules that matched one call on one collection, kept in policy order. Not thread-safe; not public API. */
final class Matches {
  private Rule[] rules = new Rule[4];
  private String[][] values = new String[4][];
  private int size;

  void add(Rule rule, String[] ruleValues) {
    if (size == rules.length) {
      rules = Arrays.copyOf(rules, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    // Insertion keeps policy order; a call matches few rules.
    int at = size;
    while (at > 0 && rules[at - 1].index > rule.index) {
      rules[at] = rules[at - 1];
      values[at] = values[at - 1];
      at--;
    }
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
