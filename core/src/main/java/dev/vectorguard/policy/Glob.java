package dev.vectorguard.policy;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A compiled glob: {@code *} matches any characters within one {@code /}-separated segment,
 * {@code **} matches any characters across segments, and a pattern that is exactly {@code *}
 * (or {@code **}) matches any non-empty value. Everything else is literal. Where allowed,
 * {@code ${attr}} references are filled per call from identity attributes and matched
 * <em>literally</em>: a value holding {@code *} is not a wildcard.
 *
 * <p>Compiled once at load; matching never compiles or uses regular expressions. Patterns with
 * at most one wildcard (the usual {@code prefix-*}) match in one pass without allocating; others
 * run a small NFA whose cost is linear in the value's length times the pattern's, so no value a
 * caller sends can make matching slow. Immutable; not public API.
 */
final class Glob {
  private static final int STAR = -1;
  private static final int DOUBLE_STAR = -2;

  private final String source;
  /** Per part: a literal (text set, slot -1), a reference (slot ≥ 0) or a wildcard (STAR/DOUBLE_STAR). */
  private final String[] texts;
  private final int[] slots;
  private final int wildcards;
  private final int wildcardIndex;
  private final boolean any;
  private final boolean literal;
  private final int @Nullable [] flat;

  private Glob(String source, String[] texts, int[] slots) {
    this.source = source;
    this.texts = texts;
    this.slots = slots;
    int count = 0;
    int index = -1;
    boolean references = false;
    for (int i = 0; i < slots.length; i++) {
      if (texts[i] == null && slots[i] < 0) {
        count++;
        index = i;
      }
      references |= slots[i] >= 0;
    }
    this.wildcards = count;
    this.wildcardIndex = index;
    this.any = slots.length == 1 && count == 1;
    this.literal = count == 0 && !references;
    this.flat = references || count < 2 ? null : flatten(null);
  }

  /**
   * Compiles {@code text}.
   *
   * @param table where template references are registered, or {@code null} when templates are not allowed
   * @param where what the glob is for, in error messages ("when.workload")
   * @throws Attributes.SyntaxException with the user-facing message when the glob is malformed
   */
  static Glob compile(String text, @Nullable Attributes table, String where) throws Attributes.SyntaxException {
    if (text.isEmpty()) {
      throw new Attributes.SyntaxException("malformed glob '': a glob must not be empty");
    }
    List<String> texts = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (Object part : Attributes.split(text, table, where)) {
      if (part instanceof Attributes.Ref ref) {
        texts.add(null);
        slots.add(ref.slot());
      } else {
        splitWildcards(text, (String) part, texts, slots);
      }
    }
    return new Glob(text, texts.toArray(new String[0]), slots.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void splitWildcards(String source, String part, List<String> texts, List<Integer> slots)
      throws Attributes.SyntaxException {
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < part.length()) {
      char c = part.charAt(i);
      if (c == '*') {
        int run = 1;
        while (i + run < part.length() && part.charAt(i + run) == '*') {
          run++;
        }
        if (run > 2) {
          throw new Attributes.SyntaxException("malformed glob '" + source + "': '" + "*".repeat(run)
              + "' is not a wildcard; use '*' (within a '/'-separated segment) or '**' (across segments)");
        }
        if (literal.length() > 0) {
          texts.add(literal.toString());
          slots.add(-1);
          literal.setLength(0);
        }
        texts.add(null);
        slots.add(run == 1 ? STAR : DOUBLE_STAR);
        i += run;
        continue;
      }
      if ("?[]{}\\".indexOf(c) >= 0) {
        throw new Attributes.SyntaxException("malformed glob '" + source + "': '" + c
            + "' is not supported; globs have only '*' (within a '/'-separated segment) and '**' (across segments)");
      }
      literal.append(c);
      i++;
    }
    if (literal.length() > 0) {
      texts.add(literal.toString());
      slots.add(-1);
    }
  }

  /** Whether the pattern has neither wildcards nor references, so it equals exactly one value. */
  boolean isLiteral() {
    return literal;
  }

  /**
   * The literal text before the first wildcard or template reference: every value that matches
   * starts with it ({@code "tenant-"} for {@code tenant-${actor.tenant}-*}, {@code ""} for
   * {@code *}, the whole pattern for a literal).
   */
  String literalPrefix() {
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < texts.length && texts[i] != null; i++) {
      prefix.append(texts[i]);
    }
    return prefix.toString();
  }

  /**
   * Whether {@code value} matches.
   *
   * @param values the rule's filled template values, by slot; may be {@code null} when the pattern has none
   */
  boolean matches(String value, String @Nullable [] values) {
    if (literal) {
      return source.equals(value);
    }
    if (any) {
      return !value.isEmpty();
    }
    if (wildcards == 0) {
      return matchForward(value, 0, 0, texts.length, values) == value.length();
    }
    if (wildcards == 1) {
      return matchOneWildcard(value, values);
    }
    int[] pattern = flat != null ? flat : flatten(values);
    return nfa(pattern, value);
  }

  private boolean matchOneWildcard(String value, String @Nullable [] values) {
    int prefixEnd = matchForward(value, 0, 0, wildcardIndex, values);
    if (prefixEnd < 0) {
      return false;
    }
    int suffixLength = 0;
    for (int i = wildcardIndex + 1; i < texts.length; i++) {
      suffixLength += part(i, values).length();
    }
    int suffixStart = value.length() - suffixLength;
    if (suffixStart < prefixEnd
        || matchForward(value, suffixStart, wildcardIndex + 1, texts.length, values) != value.length()) {
      return false;
    }
    return slots[wildcardIndex] == DOUBLE_STAR || value.indexOf('/', prefixEnd) < 0
        || value.indexOf('/', prefixEnd) >= suffixStart;
  }

  /** Matches parts [from, to) literally at {@code pos}; returns the end position, or -1. */
  private int matchForward(String value, int pos, int from, int to, String @Nullable [] values) {
    for (int i = from; i < to; i++) {
      String text = part(i, values);
      if (!value.startsWith(text, pos)) {
        return -1;
      }
      pos += text.length();
    }
    return pos;
  }

  private String part(int i, String @Nullable [] values) {
    return slots[i] >= 0 ? values[slots[i]] : texts[i];
  }

  private int[] flatten(String @Nullable [] values) {
    int length = 0;
    for (int i = 0; i < texts.length; i++) {
      length += texts[i] == null && slots[i] < 0 ? 1 : part(i, values).length();
    }
    int[] out = new int[length];
    int at = 0;
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] == null && slots[i] < 0) {
        out[at++] = slots[i];
      } else {
        String text = part(i, values);
        for (int k = 0; k < text.length(); k++) {
          out[at++] = text.charAt(k);
        }
      }
    }
    return out;
  }

  /** Simulates the pattern's NFA over {@code value}: time O(|value| × |pattern|), no backtracking. */
  private static boolean nfa(int[] pattern, String value) {
    int m = pattern.length;
    boolean[] current = new boolean[m + 1];
    boolean[] next = new boolean[m + 1];
    current[0] = true;
    closure(pattern, current);
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      java.util.Arrays.fill(next, false);
      boolean alive = false;
      for (int i = 0; i < m; i++) {
        if (!current[i]) {
          continue;
        }
        int element = pattern[i];
        if (element == DOUBLE_STAR || (element == STAR && c != '/')) {
          next[i] = true;
          alive = true;
        } else if (element == c) {
          next[i + 1] = true;
          alive = true;
        }
      }
      if (!alive) {
        return false;
      }
      closure(pattern, next);
      boolean[] swap = current;
      current = next;
      next = swap;
    }
    return current[m];
  }

  /** Wildcards also match nothing: a state before a wildcard reaches the state after it. */
  private static void closure(int[] pattern, boolean[] states) {
    for (int i = 0; i < pattern.length; i++) {
      if (states[i] && pattern[i] < 0) {
        states[i + 1] = true;
      }
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
