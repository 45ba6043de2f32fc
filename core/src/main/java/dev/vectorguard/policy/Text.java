package dev.vectorguard.policy;

/**
 * Quotes values that come from a call or an identity (collection names, tenants, workload ids)
 * for reasons and traces, so that a crafted value cannot break a reason's single line or flood a
 * log: control characters are escaped and long values shortened. Not public API.
 */
final class Text {
  static final int MAX_SHOWN = 200;

  private Text() {}

  /** {@code 'value'}, with control and line-separator characters escaped, at most {@value #MAX_SHOWN} characters shown. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 2).append('\'');
    int shown = Math.min(value.length(), MAX_SHOWN);
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
    out.append('\'');
    if (value.length() > shown) {
      out.append("... (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }
}
