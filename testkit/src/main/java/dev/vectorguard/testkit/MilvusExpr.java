package dev.vectorguard.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvus.grpc.TemplateValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A minimal evaluator of Milvus boolean expressions for the test server: comparisons
 * ({@code == != < <= > >=}) of a field with a number, a string or a template parameter
 * ({@code {name}}), {@code field in [..]}, keys inside JSON fields ({@code metadata["tenant_id"]}),
 * {@code json_contains(field, value)}, {@code and}/{@code &&}, {@code or}/{@code ||},
 * {@code not}/{@code !} and parentheses, with {@code and} binding tighter than {@code or}.
 * Anything else is a parse error, so tests never pass on an expression the server ignored.
 */
final class MilvusExpr {
  private final List<String> tokens;
  private final Map<String, TemplateValue> templates;
  private int pos;

  private MilvusExpr(String expr, Map<String, TemplateValue> templates) {
    this.tokens = tokenize(expr);
    this.templates = templates;
  }

  /** A predicate on rows (field name to value); a blank expression matches every row. */
  static Predicate<Map<String, Object>> parse(String expr, Map<String, TemplateValue> templates) {
    if (expr.isBlank()) {
      return row -> true;
    }
    MilvusExpr parser = new MilvusExpr(expr, templates);
    Predicate<Map<String, Object>> p = parser.or();
    if (parser.pos != parser.tokens.size()) {
      throw new IllegalArgumentException("cannot parse expression near '" + parser.tokens.get(parser.pos) + "': " + expr);
    }
    return p;
  }

  private Predicate<Map<String, Object>> or() {
    Predicate<Map<String, Object>> left = and();
    while (peek("or") || peek("||")) {
      pos++;
      Predicate<Map<String, Object>> right = and();
      Predicate<Map<String, Object>> l = left;
      left = row -> l.test(row) || right.test(row);
    }
    return left;
  }

  private Predicate<Map<String, Object>> and() {
    Predicate<Map<String, Object>> left = unary();
    while (peek("and") || peek("&&")) {
      pos++;
      Predicate<Map<String, Object>> right = unary();
      Predicate<Map<String, Object>> l = left;
      left = row -> l.test(row) && right.test(row);
    }
    return left;
  }

  private Predicate<Map<String, Object>> unary() {
    if (peek("not") || peek("!")) {
      pos++;
      return unary().negate();
    }
    if (peek("(")) {
      pos++;
      Predicate<Map<String, Object>> inner = or();
      expect(")");
      return inner;
    }
    if (peek("json_contains")) {
      pos++;
      expect("(");
      Function<Map<String, Object>, Object> field = field();
      expect(",");
      Object value = value();
      expect(")");
      return row -> field.apply(row) instanceof List<?> list && list.stream().anyMatch(v -> compare(v, value) == 0);
    }
    Function<Map<String, Object>, Object> field = field();
    String op = next();
    if (op.equals("in")) {
      expect("[");
      List<Object> values = new ArrayList<>();
      while (!peek("]")) {
        values.add(value());
        if (peek(",")) {
          pos++;
        }
      }
      expect("]");
      return row -> values.stream().anyMatch(v -> compare(field.apply(row), v) == 0);
    }
    Object value = value();
    return switch (op) {
      case "==" -> row -> compare(field.apply(row), value) == 0;
      case "!=" -> row -> compare(field.apply(row), value) != 0;
      case "<" -> row -> compare(field.apply(row), value) < 0;
      case "<=" -> row -> compare(field.apply(row), value) <= 0;
      case ">" -> row -> { int c = compare(field.apply(row), value); return c > 0 && c != Integer.MAX_VALUE; };
      case ">=" -> row -> { int c = compare(field.apply(row), value); return c >= 0 && c != Integer.MAX_VALUE; };
      default -> throw new IllegalArgumentException("unsupported operator '" + op + "'");
    };
  }

  /**
   * A field, or a key inside a JSON field ({@code metadata["tenant_id"]}, {@code metadata['a']["b"]}):
   * a JSON column's value is read as JSON text, as the server stores it.
   */
  private Function<Map<String, Object>, Object> field() {
    String name = next();
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("expected a field name, got '" + name + "'");
    }
    List<String> keys = new ArrayList<>();
    while (peek("[")) {
      pos++;
      String key = next();
      if (!key.startsWith("\"") && !key.startsWith("'")) {
        throw new IllegalArgumentException("expected a quoted JSON key, got '" + key + "'");
      }
      keys.add(key.substring(1, key.length() - 1));
      expect("]");
    }
    return row -> {
      Object value = row.get(name);
      for (String key : keys) {
        value = json(value) instanceof Map<?, ?> map ? map.get(key) : null;
      }
      return keys.isEmpty() ? value : json(value);
    };
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code value} parsed when it is JSON text of an object or array; otherwise itself. */
  private static Object json(Object value) {
    if (value instanceof String text && (text.startsWith("{") || text.startsWith("["))) {
      try {
        return JSON.readValue(text, Object.class);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("a JSON field holds text that is not JSON: " + text, e);
      }
    }
    return value;
  }

  private Object value() {
    String t = next();
    if (t.startsWith("\"") || t.startsWith("'")) {
      return t.substring(1, t.length() - 1).replace("\\\"", "\"").replace("\\'", "'").replace("\\\\", "\\");
    }
    if (t.startsWith("{")) {
      String name = t.substring(1, t.length() - 1);
      TemplateValue v = templates.get(name);
      if (v == null) {
        throw new IllegalArgumentException("no value for template parameter {" + name + "}");
      }
      return switch (v.getValCase()) {
        case STRING_VAL -> v.getStringVal();
        case INT64_VAL -> v.getInt64Val();
        case FLOAT_VAL -> v.getFloatVal();
        case BOOL_VAL -> v.getBoolVal();
        default -> throw new IllegalArgumentException("unsupported template value " + v.getValCase());
      };
    }
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(t.toLowerCase(java.util.Locale.ROOT));
    }
    try {
      return t.contains(".") ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a value, got '" + t + "'");
    }
  }

  /** Compares a row value with a literal; {@link Integer#MAX_VALUE} when they cannot be compared. */
  private static int compare(Object actual, Object expected) {
    if (actual instanceof Number a && expected instanceof Number e) {
      return Double.compare(a.doubleValue(), e.doubleValue());
    }
    if (actual instanceof String a && expected instanceof String e) {
      return Integer.signum(a.compareTo(e));
    }
    if (actual instanceof Boolean && expected instanceof Boolean) {
      return actual.equals(expected) ? 0 : Integer.MAX_VALUE;
    }
    return Integer.MAX_VALUE;
  }

  private boolean peek(String token) {
    return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(token);
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw new IllegalArgumentException("unexpected end of expression");
    }
    return tokens.get(pos++);
  }

  private void expect(String token) {
    if (!peek(token)) {
      throw new IllegalArgumentException("expected '" + token + "'" + (pos < tokens.size() ? " at '" + tokens.get(pos) + "'" : ""));
    }
    pos++;
  }

  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= s.length()) {
          throw new IllegalArgumentException("unterminated string in " + s);
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else if (c == '{') {
        int j = s.indexOf('}', i);
        if (j < 0) {
          throw new IllegalArgumentException("unterminated template in " + s);
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else if ("()[],".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if ("=!<>&|".indexOf(c) >= 0) {
        int j = i + 1;
        while (j < s.length() && "=&|".indexOf(s.charAt(j)) >= 0 && j - i < 2) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      } else {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.'
            || s.charAt(j) == '-' && j == i)) {
          j++;
        }
        if (j == i) {
          throw new IllegalArgumentException("unexpected character '" + c + "' in " + s);
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
