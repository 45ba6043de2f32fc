package dev.vectorguard.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * A number the issue asks for, computed from measurements of one run: an absolute figure, a ratio
 * or a growth factor, with its target when it has one.
 *
 * @param section the item ({@code "1 decision"})
 * @param name what it is
 * @param value the number
 * @param unit its unit ({@code "x"} for ratios)
 * @param target the target as text ({@code "<= 1.10"}), or null
 * @param met whether the target is met, or null when there is none
 * @param how how the number was computed, from which measurements
 */
record Figure(String section, String name, double value, String unit, @Nullable String target, @Nullable Boolean met,
    String how) {

  static Figure plain(String section, String name, double value, String unit, String how) {
    return new Figure(section, name, value, unit, null, null, how);
  }

  static Figure atMost(String section, String name, double value, String unit, double limit, String how) {
    return new Figure(section, name, value, unit, "<= " + format(limit), value <= limit, how);
  }

  static Figure atLeast(String section, String name, double value, String unit, double limit, String how) {
    return new Figure(section, name, value, unit, ">= " + format(limit), value >= limit, how);
  }

  /** A number with three significant digits, without exponent. */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format(java.util.Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 100) {
      return String.format(java.util.Locale.ROOT, "%.0f", value);
    }
    if (abs >= 10) {
      return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
    if (abs >= 1) {
      return String.format(java.util.Locale.ROOT, "%.2f", value);
    }
    return String.format(java.util.Locale.ROOT, "%.3g", value);
  }
}
