package dev.vectorguard.policy;

import dev.vectorguard.internal.Display;

/**
 * Quotes values that come from a call or an identity (collection names, tenants, workload ids)
 * for reasons and traces, so that a crafted value cannot break a reason's single line or flood a
 * log: control characters are escaped and long values shortened ({@link Display}). Not public API.
 */
final class Text {
  static final int MAX_SHOWN = 200;

  private Text() {}

  /** {@code 'value'}, with control and line-separator characters escaped, at most {@value #MAX_SHOWN} characters shown. */
  static String quote(String value) {
    if (value.length() <= MAX_SHOWN) {
      return '\'' + Display.value(value) + '\'';
    }
    return '\'' + Display.value(value.substring(0, MAX_SHOWN)) + "'... (" + value.length() + " characters)";
  }
}
