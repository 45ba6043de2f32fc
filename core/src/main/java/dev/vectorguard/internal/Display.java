package dev.vectorguard.internal;

import java.util.List;
import java.util.StringJoiner;

/**
 * Shows values that come from a call (collection names) in one-line messages, so that a crafted
 * value cannot break a message into several lines or flood a log: control and line-separator
 * characters are escaped and long values and lists shortened. Not public API.
 */
public final class Display {
  static final int MAX_CHARS = 200;
  static final int MAX_NAMES = 10;

  private Display() {}

  /** {@code [a, b]}, each name escaped and shortened, at most {@value #MAX_NAMES} names shown. */
  public static String names(List<String> names) {
    StringJoiner out = new StringJoiner(", ", "[", "]");
    int shown = Math.min(names.size(), MAX_NAMES);
    for (int i = 0; i < shown; i++) {
      out.add(value(names.get(i)));
    }
    if (names.size() > shown) {
      out.add("... (" + names.size() + " collections)");
    }
    return out.toString();
  }

  /** {@code value} with control characters escaped, at most {@value #MAX_CHARS} characters shown. */
  public static String value(String value) {
    int shown = Math.min(value.length(), MAX_CHARS);
    StringBuilder out = new StringBuilder(shown + 24);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > shown) {
      out.append("... (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }
}
