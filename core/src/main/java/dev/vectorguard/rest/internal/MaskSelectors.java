package dev.vectorguard.rest.internal;

import dev.vectorguard.Obligations;
import dev.vectorguard.mask.MaskRule;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Whether a payload field a request names overlaps a mask rule's selector; not public API. */
final class MaskSelectors {
  private MaskSelectors() {}

  /**
   * The first mask selector that overlaps {@code field}: it selects the field, a part of it, or an
   * object containing it. Grouping, ordering or faceting on such a field reveals masked values.
   */
  static @Nullable String covering(Obligations obligations, String field) {
    for (MaskRule rule : obligations.maskRules()) {
      if (overlaps(split(rule.field()), 0, split(field), 0)) {
        return rule.field();
      }
    }
    return null;
  }

  /** Whether {@code field} is one of the {@code allowed} output fields or lies inside one ({@code meta.lang} in {@code meta}). */
  static boolean within(java.util.Set<String> allowed, String field) {
    for (String a : allowed) {
      if (field.equals(a) || field.startsWith(a + ".") || field.startsWith(a + "[")) {
        return true;
      }
    }
    return false;
  }

  private static String[] split(String path) {
    return Arrays.stream(path.replace("[]", "").split("\\.")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  private static boolean overlaps(String[] selector, int i, String[] field, int j) {
    if (i == selector.length || j == field.length) {
      return true; // one is a prefix of the other
    }
    if (selector[i].equals("**")) {
      return true;
    }
    if (selector[i].equals("*") || selector[i].equals(field[j])) {
      return overlaps(selector, i + 1, field, j + 1);
    }
    return false;
  }
}
