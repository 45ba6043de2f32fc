package dev.vectorguard.grpc.internal;

import dev.vectorguard.GuardFailureException.Cause;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Milvus boolean expressions, as far as the guard needs them: AND-ing a tenant clause onto a
 * user expression safely. The tenant value is never spliced into the text: it is a template
 * parameter ({@code {__vg_t0}}), and the user expression must have balanced parentheses (outside
 * string literals) so that it cannot close the guard's parenthesis and OR its way out.
 */
final class MilvusExpressions {
  /** Template parameters the guard adds start with this; requests may not use it. */
  static final String RESERVED_PREFIX = "__vg_";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "like", "exists", "true", "false",
      "is", "null", "json_contains", "json_contains_all", "json_contains_any", "array_contains",
      "array_contains_all", "array_contains_any", "array_length", "text_match", "phrase_match", "random_sample");

  private MilvusExpressions() {}

  /** {@code (user) and (field == {param})}, or the tenant clause alone when {@code user} is blank. */
  static String andTenant(String user, String field, String param) {
    checkField(field);
    String clause = field + " == {" + param + "}";
    if (user.isBlank()) {
      return clause;
    }
    checkBalanced(user);
    return "(" + user + ") and (" + clause + ")";
  }

  static void checkField(String field) {
    if (!IDENTIFIER.matcher(field).matches() || KEYWORDS.contains(field.toLowerCase(Locale.ROOT))) {
      throw new RequestRejectedException(Cause.PARSE,
          "the tenant field '" + field + "' is not a plain Milvus field name");
    }
  }

  /**
   * Refuses expressions whose parentheses or brackets do not balance, go negative, or whose
   * string literals do not end: either could break out of the guard's parentheses.
   */
  static void checkBalanced(String expr) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '"', '\'' -> quote = c;
        case '(', '[' -> depth++;
        case ')', ']' -> {
          depth--;
          if (depth < 0) {
            throw unbalanced();
          }
        }
        default -> { }
      }
    }
    if (depth != 0 || quote != 0) {
      throw unbalanced();
    }
  }

  private static RequestRejectedException unbalanced() {
    return new RequestRejectedException(Cause.PARSE,
        "the filter expression has unbalanced parentheses or an unterminated string, so a tenant filter cannot be added safely");
  }
}
