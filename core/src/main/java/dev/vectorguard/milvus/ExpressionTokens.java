package dev.vectorguard.milvus;

import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Milvus's lexer ({@code internal/parser/planparserv2/Plan.g4}, the 2.6 rules and the newer ones
 * of master) as the guard needs it: the longest match wins, keywords are spelled in lower or
 * upper case only ({@code Like} is a field name), a field reference is one token without spaces
 * ({@code metadata["k"]}, {@code $meta['k']}, {@code s[0][sub]}), string literals may carry an
 * encoding prefix ({@code u8"..."}) or be raw ({@code r"..."}). Whatever the grammar does not lex
 * is refused. Not public API.
 */
final class ExpressionTokens {
  enum Kind {
    /** A field: an identifier, {@code $meta}, a JSON key path or a struct sub-field. */
    REF, SELF, SELF_FIELD, STRING, NUMBER, BOOL, LPAREN, RPAREN, LBRACK, RBRACK, LBRACE, RBRACE, COMMA,
    EMPTY_ARRAY, LT, LE, GT, GE, EQ, NE, ADD, SUB, MUL, DIV, MOD, POW, SHL, SHR, BAND, BOR, BXOR, BNOT, NOT, AND,
    OR, LIKE, REGEX, NOT_REGEX, IN, IS_NULL, IS_NOT_NULL, EXISTS, ASSIGN, ISO, INTERVAL, TEXT_MATCH, PHRASE_MATCH,
    RANDOM_SAMPLE, ELEMENT_FILTER, MATCH_SIMPLE, MATCH_THRESHOLD, CONTAINS, SPATIAL, ST_DWITHIN, ST_ISVALID,
    ARRAY_LENGTH, MINIMUM_SHOULD_MATCH, THRESHOLD, END
  }

  /**
   * One token.
   *
   * @param text the source text for names and operators; a description for literals, whose
   *     values never reach a message
   * @param at the offset of its first character
   * @param path for {@link Kind#REF}, the field it names
   * @param identifier for {@link Kind#REF}, whether it is a plain identifier
   */
  record Token(Kind kind, String text, int at, @Nullable FieldPath path, boolean identifier) {
    String describe() {
      return kind == Kind.END ? "the end" : kind == Kind.STRING || kind == Kind.NUMBER ? text : "'" + text + "'";
    }
  }

  private static final Map<String, Kind> KEYWORDS = keywords();
  private static final String[] TWO_CHAR = {"**", "<<", ">>", "<=", ">=", "==", "!=", "=~", "!~", "&&", "||"};
  private static final Kind[] TWO_CHAR_KINDS = {Kind.POW, Kind.SHL, Kind.SHR, Kind.LE, Kind.GE, Kind.EQ, Kind.NE,
      Kind.REGEX, Kind.NOT_REGEX, Kind.AND, Kind.OR};
  private static final String ONE_CHAR = "<>+-*/%&|^~!=()]{},";
  private static final Kind[] ONE_CHAR_KINDS = {Kind.LT, Kind.GT, Kind.ADD, Kind.SUB, Kind.MUL, Kind.DIV, Kind.MOD,
      Kind.BAND, Kind.BOR, Kind.BXOR, Kind.BNOT, Kind.NOT, Kind.ASSIGN, Kind.LPAREN, Kind.RPAREN, Kind.RBRACK,
      Kind.LBRACE, Kind.RBRACE, Kind.COMMA};

  private final String s;
  private final List<Token> out = new ArrayList<>();

  private ExpressionTokens(String s) {
    this.s = s;
  }

  private static Map<String, Kind> keywords() {
    Map<String, Kind> k = new HashMap<>();
    Object[][] table = {{"like", Kind.LIKE}, {"exists", Kind.EXISTS}, {"text_match", Kind.TEXT_MATCH},
        {"phrase_match", Kind.PHRASE_MATCH}, {"random_sample", Kind.RANDOM_SAMPLE}, {"match_all", Kind.MATCH_SIMPLE},
        {"match_any", Kind.MATCH_SIMPLE}, {"match_least", Kind.MATCH_THRESHOLD}, {"match_most", Kind.MATCH_THRESHOLD},
        {"match_exact", Kind.MATCH_THRESHOLD}, {"interval", Kind.INTERVAL}, {"iso", Kind.ISO},
        {"minimum_should_match", Kind.MINIMUM_SHOULD_MATCH}, {"threshold", Kind.THRESHOLD}, {"and", Kind.AND},
        {"or", Kind.OR}, {"not", Kind.NOT}, {"in", Kind.IN}, {"json_contains", Kind.CONTAINS},
        {"json_contains_all", Kind.CONTAINS}, {"json_contains_any", Kind.CONTAINS}, {"array_contains", Kind.CONTAINS},
        {"array_contains_all", Kind.CONTAINS}, {"array_contains_any", Kind.CONTAINS},
        {"array_length", Kind.ARRAY_LENGTH}, {"element_filter", Kind.ELEMENT_FILTER}, {"st_equals", Kind.SPATIAL},
        {"st_touches", Kind.SPATIAL}, {"st_overlaps", Kind.SPATIAL}, {"st_crosses", Kind.SPATIAL},
        {"st_contains", Kind.SPATIAL}, {"st_intersects", Kind.SPATIAL}, {"st_within", Kind.SPATIAL},
        {"st_dwithin", Kind.ST_DWITHIN}, {"st_isvalid", Kind.ST_ISVALID}};
    for (Object[] row : table) {
      String word = (String) row[0];
      k.put(word, (Kind) row[1]);
      k.put(word.toUpperCase(java.util.Locale.ROOT), (Kind) row[1]);
    }
    for (String bool : List.of("true", "True", "TRUE", "false", "False", "FALSE")) {
      k.put(bool, Kind.BOOL);
    }
    return Map.copyOf(k);
  }

  /** The tokens of {@code expression}, ending with {@link Kind#END}. */
  static List<Token> of(String expression) throws UnenforceableRequestException {
    ExpressionTokens lexer = new ExpressionTokens(expression);
    lexer.run();
    return lexer.out;
  }

  static UnenforceableRequestException unreadable(String detail) {
    return new UnenforceableRequestException("the filter expression cannot be read by the guard: " + detail);
  }

  private static UnenforceableRequestException unreadable(String detail, int at) {
    return unreadable(detail + " at character " + (at + 1));
  }

  private void run() throws UnenforceableRequestException {
    int i = 0;
    while (true) {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (i >= s.length()) {
        out.add(new Token(Kind.END, "", i, null, false));
        return;
      }
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        i = literal(i, i, false);
      } else if (letter(c)) {
        i = word(i);
      } else if (c == '$') {
        i = dollar(i);
      } else if (digit(c) || c == '.' && i + 1 < s.length() && digit(s.charAt(i + 1))) {
        i = number(i);
      } else {
        i = operator(i);
      }
    }
  }

  private static boolean letter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean hexDigit(char c) {
    return digit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static boolean nameChar(char c) {
    return letter(c) || digit(c);
  }

  private boolean at(int i, char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  private int name(int i) {
    int end = i;
    while (end < s.length() && nameChar(s.charAt(end))) {
      end++;
    }
    return end;
  }

  /** The end of the string literal whose quote is at {@code quote}, or -1 when it does not end on its line. */
  private int literalEnd(int quote, boolean raw) {
    char q = s.charAt(quote);
    for (int i = quote + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == q) {
        return i + 1;
      }
      if (c == '\r' || c == '\n') {
        return -1;
      }
      if (c == '\\') {
        i++; // escapes the next character; a backslash-newline continues a cooked literal
        if (i < s.length() && (s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
          if (raw) {
            return -1;
          }
          if (s.charAt(i) == '\r' && at(i + 1, '\n')) {
            i++;
          }
        }
      }
    }
    return -1;
  }

  private int literal(int start, int quote, boolean raw) throws UnenforceableRequestException {
    int end = literalEnd(quote, raw);
    if (end < 0) {
      throw unreadable("a string literal does not end on its line", start);
    }
    out.add(new Token(Kind.STRING, "a string literal", start, null, false));
    return end;
  }

  private int word(int i) throws UnenforceableRequestException {
    int end = name(i);
    String word = s.substring(i, end);
    if (at(end, '"') || at(end, '\'')) {
      if (word.equals("u8") || word.equals("u") || word.equals("U") || word.equals("L")) {
        return literal(i, end, false);
      }
      if (word.equals("r") || word.equals("R")) {
        return literal(i, end, true);
      }
    }
    if (word.equals("is") || word.equals("IS")) {
      boolean lower = word.equals("is");
      String notNull = lower ? "is not null" : "IS NOT NULL";
      String isNull = lower ? "is null" : "IS NULL";
      String spelled = s.startsWith(notNull, i) ? notNull : s.startsWith(isNull, i) ? isNull : null;
      if (spelled != null) {
        out.add(new Token(spelled.equals(notNull) ? Kind.IS_NOT_NULL : Kind.IS_NULL, spelled, i, null, false));
        return i + spelled.length();
      }
    }
    if (at(end, '[')) {
      int refEnd = reference(i, end, FieldPath.of(List.of(word)));
      if (refEnd > 0) {
        return refEnd;
      }
    }
    Kind keyword = KEYWORDS.get(word);
    if (keyword != null) {
      out.add(new Token(keyword, word, i, null, false));
    } else {
      out.add(new Token(Kind.REF, word, i, FieldPath.of(List.of(word)), true));
    }
    return end;
  }

  private int dollar(int i) throws UnenforceableRequestException {
    if (s.startsWith("$meta", i)) {
      int end = i + "$meta".length();
      int refEnd = at(end, '[') ? reference(i, end, FieldPath.ROOT) : -1;
      if (refEnd > 0) {
        return refEnd;
      }
      out.add(new Token(Kind.REF, "$meta", i, FieldPath.ROOT, false));
      return end;
    }
    if (at(i + 1, '[') && i + 2 < s.length() && letter(s.charAt(i + 2))) {
      int end = name(i + 2);
      if (at(end, ']')) {
        out.add(new Token(Kind.SELF_FIELD, s.substring(i + 2, end), i, null, false));
        return end + 1;
      }
    }
    out.add(new Token(Kind.SELF, "$", i, null, false));
    return i + 1;
  }

  /**
   * Lexes the longest field reference that starts at {@code start} with {@code base} and has
   * brackets from {@code open}: a struct's sub-field ({@code s[sub]}, {@code s[0][sub]}) or JSON
   * keys ({@code m["a"][0]}). Returns its end, or -1 when the brackets are none of these.
   */
  private int reference(int start, int open, FieldPath base) throws UnenforceableRequestException {
    int structEnd = -1;
    String sub = null;
    if (!base.keys().isEmpty()) {
      int p = open + 1;
      int index = decimal(p);
      if (index > 0 && at(index, ']') && at(index + 1, '[')) {
        p = index + 2; // s[0][sub]
      }
      if (p < s.length() && letter(s.charAt(p))) {
        int end = name(p);
        if (at(end, ']')) {
          structEnd = end + 1;
          sub = s.substring(p, end);
        }
      }
    }
    List<String> keys = new ArrayList<>();
    int jsonEnd = jsonKeys(open, keys);
    if (structEnd < 0 && jsonEnd < 0) {
      return -1;
    }
    List<String> path = new ArrayList<>(base.keys());
    int end;
    if (structEnd > jsonEnd) {
      path.add(sub);
      end = structEnd;
    } else {
      path.addAll(keys);
      end = jsonEnd;
    }
    out.add(new Token(Kind.REF, s.substring(start, end), start, FieldPath.of(path), false));
    return end;
  }

  /**
   * Lexes {@code ["key"]}, {@code ['key']} and {@code [0]} steps from {@code open} into
   * {@code keys} (array indexes are dropped, as field paths drop them); returns the end of the
   * last step, or -1 when there is none. Milvus takes a quoted key's text between the quotes
   * without unescaping it ({@code planparserv2}'s {@code getColumnInfoFromJSONIdentifier}), and
   * other versions may unescape it: a key with a backslash, a bracket, a raw or prefixed literal,
   * or nothing between its quotes is refused rather than guessed.
   */
  private int jsonKeys(int open, List<String> keys) throws UnenforceableRequestException {
    int end = -1;
    int p = open;
    while (at(p, '[')) {
      int q = p + 1;
      int index = decimal(q);
      if (index > 0 && at(index, ']')) {
        end = p = index + 1;
        continue;
      }
      int word = name(q);
      int quote = word;
      if (quote >= s.length() || s.charAt(quote) != '"' && s.charAt(quote) != '\'') {
        return end;
      }
      int close = literalEnd(quote, s.substring(q, word).equalsIgnoreCase("r"));
      if (close < 0 || !at(close, ']')) {
        return end;
      }
      String key = s.substring(quote + 1, close - 1);
      if (word > q || key.isEmpty() || key.indexOf('\\') >= 0 || key.indexOf('[') >= 0 || key.indexOf(']') >= 0) {
        throw unreadable("the JSON key " + s.substring(p, close + 1) + " is empty, escaped or prefixed", p);
      }
      keys.add(key);
      end = p = close + 1;
    }
    return end;
  }

  /** The end of a DecimalConstant ({@code 0} or a digit string not starting with 0) at {@code p}, or -1. */
  private int decimal(int p) {
    if (p >= s.length() || !digit(s.charAt(p))) {
      return -1;
    }
    if (s.charAt(p) == '0') {
      return p + 1;
    }
    int end = p;
    while (end < s.length() && digit(s.charAt(end))) {
      end++;
    }
    return end;
  }

  private int number(int i) throws UnenforceableRequestException {
    int p = i;
    boolean hex = s.charAt(p) == '0' && (at(p + 1, 'x') || at(p + 1, 'X'));
    boolean binary = s.charAt(p) == '0' && (at(p + 1, 'b') || at(p + 1, 'B'));
    if (hex || binary) {
      p += 2;
      int digits = p;
      while (p < s.length() && (hex ? hexDigit(s.charAt(p)) : s.charAt(p) == '0' || s.charAt(p) == '1')) {
        p++;
      }
      if (hex && at(p, '.')) {
        p++;
        while (p < s.length() && hexDigit(s.charAt(p))) {
          p++;
        }
      }
      if (p == digits) {
        throw unreadable("a number has no digits", i);
      }
      if (hex && (at(p, 'p') || at(p, 'P'))) {
        p = exponent(p + 1, i);
      }
    } else {
      while (p < s.length() && digit(s.charAt(p))) {
        p++;
      }
      if (at(p, '.')) {
        p++;
        while (p < s.length() && digit(s.charAt(p))) {
          p++;
        }
      }
      if (at(p, 'e') || at(p, 'E')) {
        p = exponent(p + 1, i);
      }
    }
    if (p < s.length() && (nameChar(s.charAt(p)) || s.charAt(p) == '.')) {
      throw unreadable("a number runs into a name", i);
    }
    out.add(new Token(Kind.NUMBER, "a number", i, null, false));
    return p;
  }

  private int exponent(int p, int start) throws UnenforceableRequestException {
    if (at(p, '+') || at(p, '-')) {
      p++;
    }
    int digits = p;
    while (p < s.length() && digit(s.charAt(p))) {
      p++;
    }
    if (p == digits) {
      throw unreadable("a number's exponent has no digits", start);
    }
    return p;
  }

  private int operator(int i) throws UnenforceableRequestException {
    for (int k = 0; k < TWO_CHAR.length; k++) {
      if (s.startsWith(TWO_CHAR[k], i)) {
        out.add(new Token(TWO_CHAR_KINDS[k], TWO_CHAR[k], i, null, false));
        return i + 2;
      }
    }
    char c = s.charAt(i);
    if (c == '[') {
      int p = i + 1;
      while (p < s.length() && " \t\r\n".indexOf(s.charAt(p)) >= 0) {
        p++;
      }
      boolean empty = at(p, ']');
      out.add(new Token(empty ? Kind.EMPTY_ARRAY : Kind.LBRACK, empty ? "[]" : "[", i, null, false));
      return empty ? p + 1 : i + 1;
    }
    int k = ONE_CHAR.indexOf(c);
    if (k < 0) {
      throw unreadable(c < 0x20 || c > 0x7e ? String.format(java.util.Locale.ROOT, "the character U+%04X", (int) c)
          : "the character '" + c + "'", i);
    }
    out.add(new Token(ONE_CHAR_KINDS[k], String.valueOf(c), i, null, false));
    return i + 1;
  }
}
