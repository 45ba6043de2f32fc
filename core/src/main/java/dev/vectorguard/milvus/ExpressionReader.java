package dev.vectorguard.milvus;

import static dev.vectorguard.milvus.ExpressionTokens.unreadable;

import dev.vectorguard.milvus.ExpressionTokens.Kind;
import dev.vectorguard.milvus.ExpressionTokens.Token;
import dev.vectorguard.milvus.MilvusExpressions.FieldRef;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Milvus's expression grammar ({@code Plan.g4}'s {@code expr}) as the guard reads it: every field
 * the expression reads, and whether it only takes part in an equality with given values. The
 * operators bind as ANTLR binds the grammar's alternatives, earlier ones tighter ({@code not a == b}
 * is {@code (not a) == b}); {@code $} and {@code $[sub]} are the elements of the array an
 * {@code element_filter} or {@code match_*} iterates. A call of a function the grammar has no
 * keyword for ({@code f(x)}) is refused, as is anything else the grammar does not derive. Not
 * public API.
 */
final class ExpressionReader {
  /** Deeper nesting than any real filter; refused rather than risking the stack. */
  private static final int MAX_DEPTH = 200;
  /** How tightly each binary operator binds: 100 minus its alternative's place in {@code expr}. */
  private static final Map<Kind, Integer> BINARY = binary();
  private static final int EXISTS = 98;
  private static final int UNARY = 92;
  private static final int TERM = 88;
  private static final int RANGE = 86;
  private static final int RELATIONAL = 84;

  /** What the reader keeps of a parsed expression. */
  private sealed interface Node permits Ref, Value, Op {}

  private record Ref(FieldPath path, String spelled) implements Node {}

  /** A literal, a template parameter, or an array or sign of them: given values. */
  private enum Value implements Node { GIVEN }

  private enum Shape { EQUALITY, MEMBERSHIP, OTHER }

  private record Op(Shape shape, List<Node> operands) implements Node {}

  /** The array an {@code element_filter} or {@code match_*} iterates, and whether {@code $} was read. */
  private static final class Element {
    final Ref array;
    boolean read;

    Element(Ref array) {
      this.array = array;
    }
  }

  private final List<Token> tokens;
  private final Deque<Element> elements = new ArrayDeque<>();
  private int pos;
  private int depth;

  private ExpressionReader(List<Token> tokens) {
    this.tokens = tokens;
  }

  private static Map<Kind, Integer> binary() {
    Map<Kind, Integer> m = new EnumMap<>(Kind.class);
    m.put(Kind.LIKE, 97);
    m.put(Kind.REGEX, 96);
    m.put(Kind.NOT_REGEX, 95);
    m.put(Kind.POW, 93);
    for (Kind k : List.of(Kind.MUL, Kind.DIV, Kind.MOD)) {
      m.put(k, 91);
    }
    m.put(Kind.ADD, 90);
    m.put(Kind.SUB, 90);
    m.put(Kind.SHL, 89);
    m.put(Kind.SHR, 89);
    m.put(Kind.EQ, 83);
    m.put(Kind.NE, 83);
    m.put(Kind.BAND, 82);
    m.put(Kind.BXOR, 81);
    m.put(Kind.BOR, 80);
    m.put(Kind.AND, 79);
    m.put(Kind.OR, 78);
    return m;
  }

  static List<FieldRef> read(String expression) throws UnenforceableRequestException {
    ExpressionReader reader = new ExpressionReader(ExpressionTokens.of(expression));
    List<FieldRef> out = new ArrayList<>();
    if (reader.peek(0).kind() == Kind.END) {
      return out;
    }
    Node node = reader.expr(0);
    reader.expect(Kind.END, "the end");
    collect(node, out);
    return out;
  }

  private static void collect(Node node, List<FieldRef> out) {
    if (node instanceof Ref ref) {
      out.add(new FieldRef(ref.spelled(), ref.path(), false));
    } else if (node instanceof Op op) {
      List<Node> operands = op.operands();
      switch (op.shape()) {
        case EQUALITY -> {
          side(operands.get(0), operands.get(1) == Value.GIVEN, out);
          side(operands.get(1), operands.get(0) == Value.GIVEN, out);
        }
        case MEMBERSHIP -> {
          side(operands.get(0), operands.get(1) == Value.GIVEN, out);
          collect(operands.get(1), out);
        }
        case OTHER -> operands.forEach(operand -> collect(operand, out));
      }
    }
  }

  private static void side(Node node, boolean againstValues, List<FieldRef> out) {
    if (node instanceof Ref ref) {
      out.add(new FieldRef(ref.spelled(), ref.path(), againstValues));
    } else {
      collect(node, out);
    }
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = peek(0);
    if (pos < tokens.size() - 1) {
      pos++;
    }
    return t;
  }

  private Token expect(Kind kind, String what) throws UnenforceableRequestException {
    Token t = next();
    if (t.kind() != kind) {
      throw unexpected(t, what);
    }
    return t;
  }

  private static UnenforceableRequestException unexpected(Token t, String wanted) {
    return unreadable("expected " + wanted + " but found " + t.describe() + " at character " + (t.at() + 1));
  }

  private Node expr(int minBinding) throws UnenforceableRequestException {
    if (++depth > MAX_DEPTH) {
      throw unreadable("it nests deeper than " + MAX_DEPTH + " levels");
    }
    Node left = prefix();
    while (true) {
      Token t = peek(0);
      boolean notIn = t.kind() == Kind.NOT && peek(1).kind() == Kind.IN;
      boolean range = isRange();
      int binding = notIn || t.kind() == Kind.IN ? TERM : range ? RANGE
          : t.kind() == Kind.LT || t.kind() == Kind.LE || t.kind() == Kind.GT || t.kind() == Kind.GE ? RELATIONAL
          : BINARY.getOrDefault(t.kind(), -1);
      if (binding < 0 || binding < minBinding) {
        break;
      }
      next();
      if (notIn) {
        next();
      }
      if (range) {
        Node middle = primary(next());
        next();
        left = new Op(Shape.OTHER, List.of(left, middle, expr(binding + 1)));
        continue;
      }
      Shape shape = t.kind() == Kind.EQ || t.kind() == Kind.NE ? Shape.EQUALITY
          : binding == TERM ? Shape.MEMBERSHIP : Shape.OTHER;
      left = new Op(shape, List.of(left, expr(binding + 1)));
    }
    depth--;
    return left;
  }

  /** {@code a < f < b} or {@code a > f >= b}: a field between two comparisons of the same direction. */
  private boolean isRange() {
    Kind op1 = peek(0).kind();
    Kind field = peek(1).kind();
    Kind op2 = peek(2).kind();
    boolean up = (op1 == Kind.LT || op1 == Kind.LE) && (op2 == Kind.LT || op2 == Kind.LE);
    boolean down = (op1 == Kind.GT || op1 == Kind.GE) && (op2 == Kind.GT || op2 == Kind.GE);
    return (up || down) && (field == Kind.REF || field == Kind.SELF || field == Kind.SELF_FIELD);
  }

  private Node prefix() throws UnenforceableRequestException {
    Token t = next();
    return switch (t.kind()) {
      case EXISTS -> new Op(Shape.OTHER, List.of(expr(EXISTS)));
      case ADD, SUB, BNOT, NOT -> {
        Node operand = expr(UNARY);
        yield operand == Value.GIVEN && (t.kind() == Kind.ADD || t.kind() == Kind.SUB) ? Value.GIVEN
            : new Op(Shape.OTHER, List.of(operand));
      }
      case TEXT_MATCH -> call(t, false, "text_match");
      case PHRASE_MATCH -> call(t, false, "phrase_match");
      case RANDOM_SAMPLE -> {
        expect(Kind.LPAREN, "'('");
        Node ratio = expr(0);
        expect(Kind.RPAREN, "')'");
        yield new Op(Shape.OTHER, List.of(ratio));
      }
      case ELEMENT_FILTER, MATCH_SIMPLE, MATCH_THRESHOLD -> call(t, true, t.text());
      case CONTAINS -> {
        expect(Kind.LPAREN, "'('");
        Node array = expr(0);
        expect(Kind.COMMA, "','");
        Node values = expr(0);
        expect(Kind.RPAREN, "')'");
        yield new Op(Shape.OTHER, List.of(array, values));
      }
      case SPATIAL, ST_DWITHIN, ST_ISVALID, ARRAY_LENGTH -> call(t, false, t.text());
      default -> primary(t);
    };
  }

  /**
   * A function of the grammar whose first argument is a field: {@code text_match(f, q [,
   * minimum_should_match = n])}, {@code phrase_match(f, q [, slop])}, {@code element_filter(f, p)},
   * {@code match_*(f, p [, threshold = n])}, {@code st_*(f, ...)}, {@code array_length(f)}.
   */
  private Node call(Token function, boolean iterates, String name) throws UnenforceableRequestException {
    expect(Kind.LPAREN, "'(' after " + name);
    Token first = expect(Kind.REF, "a field as the first argument of " + name);
    Ref field = new Ref(first.path(), first.text());
    List<Node> operands = new ArrayList<>();
    Element element = new Element(field);
    if (iterates) {
      elements.push(element);
    } else {
      operands.add(field);
    }
    while (peek(0).kind() == Kind.COMMA) {
      next();
      Kind option = peek(0).kind();
      if (option == Kind.MINIMUM_SHOULD_MATCH || option == Kind.THRESHOLD) {
        next();
        expect(Kind.ASSIGN, "'='");
        expect(Kind.NUMBER, "a number");
        break;
      }
      operands.add(expr(0));
    }
    expect(Kind.RPAREN, "')' to close " + name);
    if (iterates) {
      elements.pop();
      if (!element.read) {
        operands.add(field); // a predicate not reading $ still tests whether the array has elements
      }
    }
    if (function.kind() == Kind.ST_ISVALID || function.kind() == Kind.ARRAY_LENGTH ? operands.size() != 1
        : operands.size() < 2 && !iterates) {
      throw unreadable(name + " has the wrong number of arguments at character " + (function.at() + 1));
    }
    return new Op(Shape.OTHER, operands);
  }

  private Node primary(Token t) throws UnenforceableRequestException {
    switch (t.kind()) {
      case STRING, NUMBER, BOOL, EMPTY_ARRAY -> {
        return Value.GIVEN;
      }
      case ISO, INTERVAL -> {
        expect(Kind.STRING, "a string literal after " + t.text());
        return Value.GIVEN;
      }
      case REF -> {
        if (t.identifier() && peek(0).kind() == Kind.LPAREN) {
          throw unreadable("it calls '" + t.text() + "', a function the guard does not know, at character "
              + (t.at() + 1));
        }
        Ref ref = new Ref(t.path(), t.text());
        if (peek(0).kind() == Kind.IS_NULL || peek(0).kind() == Kind.IS_NOT_NULL) {
          next();
          return new Op(Shape.OTHER, List.of(ref));
        }
        return ref;
      }
      case SELF, SELF_FIELD -> {
        Element element = elements.peek();
        if (element == null) {
          throw unreadable("'" + (t.kind() == Kind.SELF ? "$" : "$[" + t.text() + "]")
              + "' stands outside element_filter or match_* at character " + (t.at() + 1));
        }
        element.read = true;
        Ref array = element.array;
        if (t.kind() == Kind.SELF) {
          return array;
        }
        List<String> keys = new ArrayList<>(array.path().keys());
        keys.add(t.text());
        return new Ref(FieldPath.of(keys), array.spelled() + "[" + t.text() + "]");
      }
      case LBRACE -> {
        Token name = expect(Kind.REF, "a template parameter name");
        if (!name.identifier()) {
          throw unexpected(name, "a template parameter name");
        }
        expect(Kind.RBRACE, "'}'");
        return Value.GIVEN;
      }
      case LPAREN -> {
        Node inner = expr(0);
        expect(Kind.RPAREN, "')'");
        return inner;
      }
      case LBRACK -> {
        List<Node> items = new ArrayList<>(List.of(expr(0)));
        while (peek(0).kind() == Kind.COMMA) {
          next();
          if (peek(0).kind() == Kind.RBRACK) {
            break;
          }
          items.add(expr(0));
        }
        expect(Kind.RBRACK, "']'");
        return items.stream().allMatch(item -> item == Value.GIVEN) ? Value.GIVEN : new Op(Shape.OTHER, items);
      }
      default -> throw unexpected(t, "a value or a field");
    }
  }
}
