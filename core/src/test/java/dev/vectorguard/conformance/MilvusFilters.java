package dev.vectorguard.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a Milvus boolean expression for {@link Expectation.TenantFiltered}, the same on every
 * Milvus wire (the grammar is the backend's): its parentheses and brackets pair up, it has no {@code or} at
 * its top level, and one of its top-level conjuncts is {@code tenant == {p}} (or the tenant field
 * the row names, such as {@code metadata["tenant_id"]}) with {@code p} bound
 * to the caller's tenant (or the tenant as a literal); the other conjuncts are the row's own
 * expression, whole.
 */
public final class MilvusFilters {

  private MilvusFilters() {}

  /**
   * Why {@code expr} is not the tenant-filtered form of {@code original}.
   *
   * @param where names the expression in messages ({@code search[0].filter})
   * @param field the tenant field as the guard spells it ({@code tenant}, {@code metadata["tenant_id"]})
   * @param param the value bound to a template parameter, or {@code null} when it is unbound
   */
  public static List<String> tenantViolations(String where, String field, @Nullable String expr,
      Function<String, @Nullable String> param, @Nullable String original) {
    Pattern tenantClause = Pattern.compile(
        Pattern.quote(field) + "\\s*==\\s*(?:\\{(\\w+)}|\"([^\"]*)\"|'([^']*)')");
    List<String> out = new ArrayList<>();
    if (expr == null || expr.isBlank()) {
      out.add(where + " is empty, so it reads every tenant's rows");
      return out;
    }
    if (!balanced(expr)) {
      out.add(where + " '" + expr + "' does not balance");
      return out;
    }
    List<String> disjuncts = split(expr, "or", "||");
    if (disjuncts.size() > 1) {
      out.add(where + " '" + expr + "' has an 'or' at its top level, which escapes the tenant clause");
      return out;
    }
    List<String> conjuncts = split(expr, "and", "&&");
    List<String> rest = new ArrayList<>();
    List<String> otherTenants = new ArrayList<>();
    boolean tenant = false;
    for (String conjunct : conjuncts) {
      Matcher m = tenantClause.matcher(unwrap(conjunct));
      if (!tenant && m.matches()) {
        String value = m.group(1) != null ? param.apply(m.group(1)) : m.group(2) != null ? m.group(2) : m.group(3);
        if (World.TENANT.equals(value)) {
          tenant = true;
          continue;
        }
        // The request's own clause naming another tenant only narrows, beside the caller's.
        otherTenants.add(value);
      }
      rest.add(conjunct);
    }
    if (!tenant) {
      out.add(otherTenants.isEmpty()
          ? where + " '" + expr + "' does not require " + field + " == '" + World.TENANT + "'"
          : where + " compares the tenant with '" + otherTenants.get(0) + "', not '" + World.TENANT + "'");
    }
    if (original != null && !original.isBlank()) {
      String kept = normalise(String.join(" and ", rest));
      String wanted = normalise(original);
      if (!kept.equals(wanted) && !unwrap(kept).equals(unwrap(wanted))) {
        out.add(where + " '" + expr + "' does not keep the request's own filter '" + original + "' whole");
      }
    }
    return out;
  }

  /** The parts of {@code expr} between top-level occurrences of {@code word} (or {@code symbol}). */
  static List<String> split(String expr, String word, String symbol) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    String lower = expr.toLowerCase(Locale.ROOT);
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
      if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (depth == 0 && lower.startsWith(symbol, i)) {
        parts.add(expr.substring(start, i).trim());
        start = i + symbol.length();
        i = start - 1;
      } else if (depth == 0 && lower.startsWith(word, i) && boundary(expr, i - 1)
          && boundary(expr, i + word.length())) {
        parts.add(expr.substring(start, i).trim());
        start = i + word.length();
        i = start - 1;
      }
    }
    parts.add(expr.substring(start).trim());
    return parts;
  }

  private static boolean boundary(String expr, int i) {
    return i < 0 || i >= expr.length() || !Character.isLetterOrDigit(expr.charAt(i)) && expr.charAt(i) != '_';
  }

  /** {@code expr} without parentheses that enclose all of it. */
  static String unwrap(String expr) {
    String e = expr.trim();
    while (e.startsWith("(") && e.endsWith(")") && closes(e)) {
      e = e.substring(1, e.length() - 1).trim();
    }
    return e;
  }

  /** Whether the first character's parenthesis closes at the last character. */
  private static boolean closes(String e) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < e.length(); i++) {
      char c = e.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0 && i < e.length() - 1) {
        return false;
      }
    }
    return true;
  }

  /** Whether parentheses and brackets pair up outside string literals, and every literal ends. */
  static boolean balanced(String expr) {
    StringBuilder open = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(' || c == '[') {
        open.append(c);
      } else if (c == ')' || c == ']') {
        if (open.length() == 0 || open.charAt(open.length() - 1) != (c == ')' ? '(' : '[')) {
          return false;
        }
        open.setLength(open.length() - 1);
      }
    }
    return open.length() == 0 && quote == 0;
  }

  private static String normalise(String expr) {
    return expr.trim().replaceAll("\\s+", " ");
  }
}
