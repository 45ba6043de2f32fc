package dev.vectorguard.milvus;

import dev.vectorguard.TenantFilter;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Milvus boolean expressions and field references, as far as the guard needs them
 * ({@code internal/parser/planparserv2/Plan.g4}): AND-ing a tenant clause onto a user expression
 * safely, reading every field an expression reads ({@link #references}), and reading the fields a
 * request names. The tenant value is never spliced into the text: it is bound as a template
 * parameter ({@code {__vg_t0}}) through the request's template values (REST {@code exprParams},
 * gRPC {@code expr_template_values}), and the user expression must have balanced parentheses,
 * brackets and braces outside string literals, so that it cannot close the guard's parenthesis
 * and OR its way out. Stateless.
 */
public final class MilvusExpressions {
  /** Template parameters the guard adds start with this; requests may not use it. */
  public static final String RESERVED_PREFIX = "__vg_";

  /** Words the grammar reads as operators or functions (any case), never as a field name. */
  static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "like", "exists", "true", "false", "is",
      "null", "json_contains", "json_contains_all", "json_contains_any", "array_contains", "array_contains_all",
      "array_contains_any", "array_length", "element_filter", "text_match", "phrase_match", "random_sample",
      "match_all", "match_any", "match_least", "match_most", "match_exact", "interval", "iso",
      "minimum_should_match", "threshold", "st_equals", "st_touches", "st_overlaps", "st_crosses", "st_contains",
      "st_intersects", "st_within", "st_dwithin", "st_isvalid");

  private static final String META = "$meta";

  private MilvusExpressions() {}

  /**
   * A user expression confined to the caller's tenants.
   *
   * @param expression the expression to send
   * @param parameters the template values to add to the request's own, name to string value
   */
  public record Confined(String expression, Map<String, String> parameters) {
    public Confined {
      Objects.requireNonNull(expression, "expression");
      parameters = Map.copyOf(parameters);
    }
  }

  /**
   * One field an expression reads.
   *
   * @param spelled the reference as the expression spells it ({@code $meta["email"]}); inside an
   *     {@code element_filter} or {@code match_*}, the array with the element's sub-field
   *     ({@code contacts[email]})
   * @param field the field it reads: {@code metadata["k"]}, {@code metadata['k']} and, for a
   *     dynamic field, {@code k} and {@code $meta["k"]} are the same path
   * @param exact whether the reference only takes part in an equality with given values
   *     ({@code f == "v"}, {@code f != 3}, {@code f in [..]}, {@code f not in {p}}); a comparison
   *     with another field, a range, a {@code like}, a text or phrase match, a containment, an
   *     existence or null test, arithmetic and every function are not exact
   */
  public record FieldRef(String spelled, FieldPath field, boolean exact) {
    public FieldRef {
      Objects.requireNonNull(spelled, "spelled");
      Objects.requireNonNull(field, "field");
    }
  }

  /**
   * Every field reference {@code expression} makes, as Milvus's grammar reads it: identifiers,
   * JSON keys ({@code field["key"]}, {@code $meta["key"]}), struct sub-fields, the arguments of
   * functions, the elements an {@code element_filter} iterates; not string literals nor template
   * parameters ({@code {name}}). A field read twice is listed twice. A blank expression reads none.
   *
   * @throws UnenforceableRequestException when the expression is not one the grammar derives, uses
   *     a function or a JSON key spelling the guard does not read, or nests too deep: what the
   *     guard cannot read, it does not pass
   */
  public static List<FieldRef> references(String expression) throws UnenforceableRequestException {
    return ExpressionReader.read(expression);
  }

  /**
   * {@code (user) and (field == {__vg_t0}) and ...}, or the tenant clauses alone when {@code user}
   * is blank.
   *
   * @param userParameters the template parameter names the request binds beside {@code user}
   * @throws UnenforceableRequestException when {@code user} is unbalanced, a parameter uses the
   *     reserved prefix, or a tenant field is not a field reference the guard can write
   */
  public static Confined andTenants(String user, Collection<String> userParameters, List<TenantFilter> tenants)
      throws UnenforceableRequestException {
    for (String name : userParameters) {
      if (name.startsWith(RESERVED_PREFIX)) {
        throw new UnenforceableRequestException("the request uses the template parameter '" + name
            + "', which is reserved for the guard");
      }
    }
    String trimmed = user.strip();
    if (!trimmed.isEmpty()) {
      checkBalanced(trimmed);
    }
    List<String> clauses = new ArrayList<>();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (TenantFilter tenant : tenants) {
      String name = RESERVED_PREFIX + "t" + parameters.size();
      clauses.add(spell(tenantField(tenant.field())) + " == {" + name + "}");
      parameters.put(name, tenant.value());
    }
    if (trimmed.isEmpty() && clauses.size() == 1) {
      return new Confined(clauses.get(0), parameters);
    }
    StringJoiner all = new StringJoiner(" and ");
    if (!trimmed.isEmpty()) {
      all.add("(" + trimmed + ")");
    }
    clauses.forEach(c -> all.add("(" + c + ")"));
    return new Confined(all.toString(), parameters);
  }

  /**
   * Refuses an expression whose parentheses, brackets or braces do not pair up, or whose string
   * literal does not end on its line: {@code x == 1) or (true} would escape the guard's
   * parentheses. Text inside {@code "..."} and {@code '...'} (with backslash escapes, as in raw
   * strings) is not counted.
   */
  public static void checkBalanced(String expr) throws UnenforceableRequestException {
    Deque<Character> open = new ArrayDeque<>();
    char quote = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        } else if (c == '\n' || c == '\r') {
          throw unterminated();
        }
        continue;
      }
      switch (c) {
        case '"', '\'' -> quote = c;
        case '(' -> open.push(')');
        case '[' -> open.push(']');
        case '{' -> open.push('}');
        case ')', ']', '}' -> {
          if (open.isEmpty() || open.pop() != c) {
            throw new UnenforceableRequestException(
                "the filter expression closes a parenthesis or bracket it did not open");
          }
        }
        default -> { }
      }
    }
    if (quote != 0) {
      throw unterminated();
    }
    if (!open.isEmpty()) {
      throw new UnenforceableRequestException("the filter expression has unbalanced parentheses or brackets");
    }
  }

  private static UnenforceableRequestException unterminated() {
    return new UnenforceableRequestException("the filter expression has an unterminated string literal");
  }

  /**
   * The field a request names ({@code group_by_field}, {@code groupingField}): a field
   * ({@code title}), a key inside a JSON field ({@code metadata["lang"]}, {@code metadata['lang']},
   * {@code metadata.lang}), a dynamic field ({@code $meta["lang"]}, the same as {@code lang}), with
   * array steps ({@code [0]}) dropped. {@code $meta} alone is the root, which holds every field.
   *
   * @throws UnenforceableRequestException when it is none of these: the guard does not guess what
   *     a server makes of a reference it cannot read
   */
  public static FieldPath parseField(String spelled) throws UnenforceableRequestException {
    return parse(spelled, true);
  }

  /**
   * The field a policy's tenant filter names, spelled as {@link #parseField} reads it but without
   * array steps and not the root.
   *
   * @throws UnenforceableRequestException when the tenant clause could not be written for it
   */
  public static FieldPath tenantField(String spelled) throws UnenforceableRequestException {
    FieldPath path = parse(spelled, false);
    if (path.keys().isEmpty()) {
      throw notATenantField(spelled);
    }
    return path;
  }

  /**
   * {@code field} in expression syntax: {@code tenant}, {@code metadata["tenant_id"]}, or
   * {@code $meta["..."]} for a top-level key that is not a plain identifier.
   */
  public static String spell(FieldPath field) {
    List<String> keys = field.keys();
    if (keys.isEmpty()) {
      return META;
    }
    String first = keys.get(0);
    StringBuilder out = new StringBuilder(isIdentifier(first) ? first : META + "[" + quote(first) + "]");
    for (String key : keys.subList(1, keys.size())) {
      out.append('[').append(quote(key)).append(']');
    }
    return out.toString();
  }

  /**
   * {@code text} as a double-quoted string literal that Milvus unquotes back to {@code text}:
   * backslash and quote escaped, control characters as {@code \\uXXXX}.
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || KEYWORDS.contains(s.toLowerCase(Locale.ROOT))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private static FieldPath parse(String spelled, boolean arraySteps) throws UnenforceableRequestException {
    List<String> keys = new ArrayList<>();
    int i;
    if (spelled.startsWith(META) && (spelled.length() == META.length() || spelled.charAt(META.length()) == '[')) {
      i = META.length();
    } else {
      i = identifier(spelled, 0, keys, arraySteps);
    }
    while (i < spelled.length()) {
      char c = spelled.charAt(i);
      if (c == '.' && !keys.isEmpty()) {
        i = identifier(spelled, i + 1, keys, arraySteps);
      } else if (c == '[' && i + 1 < spelled.length() && (spelled.charAt(i + 1) == '"' || spelled.charAt(i + 1) == '\'')) {
        char quote = spelled.charAt(i + 1);
        int end = spelled.indexOf(quote, i + 2);
        if (end < 0 || end == i + 2 || end + 1 >= spelled.length() || spelled.charAt(end + 1) != ']'
            || spelled.substring(i + 2, end).indexOf('\\') >= 0) {
          throw malformed(spelled, arraySteps); // unterminated, empty, or escaped: not guessed
        }
        keys.add(spelled.substring(i + 2, end));
        i = end + 2;
      } else if (c == '[' && arraySteps && !keys.isEmpty()) {
        int end = i + 1;
        while (end < spelled.length() && spelled.charAt(end) >= '0' && spelled.charAt(end) <= '9') {
          end++;
        }
        if (end == i + 1 || end >= spelled.length() || spelled.charAt(end) != ']') {
          throw malformed(spelled, true);
        }
        i = end + 1;
      } else {
        throw malformed(spelled, arraySteps);
      }
    }
    return FieldPath.of(keys);
  }

  private static int identifier(String spelled, int start, List<String> keys, boolean arraySteps)
      throws UnenforceableRequestException {
    int end = start;
    while (end < spelled.length() && (Character.isLetterOrDigit(spelled.charAt(end)) || spelled.charAt(end) == '_')
        && spelled.charAt(end) < 0x80) {
      end++;
    }
    String name = spelled.substring(start, end);
    if (!isIdentifier(name)) {
      throw malformed(spelled, arraySteps);
    }
    keys.add(name);
    return end;
  }

  private static UnenforceableRequestException malformed(String spelled, boolean read) {
    return read ? new UnenforceableRequestException("the field '" + spelled + "' is not a field reference the guard reads")
        : notATenantField(spelled);
  }

  private static UnenforceableRequestException notATenantField(String spelled) {
    return new UnenforceableRequestException("the tenant field '" + spelled
        + "' is not a Milvus field name or JSON key (field[\"key\"]) the guard can filter on");
  }
}
