package dev.vectorguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Identity attribute paths a policy may name ({@code workload}, {@code workload.<claim>},
 * {@code actor.<name>}) and the table of template attributes of one rule. Not public API.
 */
final class Attributes {
  static final String ALLOWED = "workload, workload.<claim>, actor.<name>";
  private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_.:-]+");
  private static final Pattern ACTOR_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private final List<String> paths = new ArrayList<>();

  /** Whether {@code path} names an identity attribute a policy may use. */
  static boolean isKnown(String path) {
    if (path.equals("workload")) {
      return true;
    }
    if (path.startsWith("workload.")) {
      return CLAIM.matcher(path.substring("workload.".length())).matches();
    }
    if (path.startsWith("actor.")) {
      return ACTOR_NAME.matcher(path.substring("actor.".length())).matches();
    }
    return false;
  }

  /** The slot of {@code path} in this table, adding it when new. */
  int slot(String path) {
    int index = paths.indexOf(path);
    if (index >= 0) {
      return index;
    }
    paths.add(path);
    return paths.size() - 1;
  }

  List<String> paths() {
    return List.copyOf(paths);
  }

  /** Thrown by the pattern compilers; the message is the user-facing error. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Splits {@code text} into literal text and {@code ${path}} references. Returned parts are
   * {@code String} (literal) or {@code Ref} (template).
   *
   * @param slots where template paths are registered, or {@code null} when templates are not allowed here
   */
  static List<Object> split(String text, @Nullable Attributes slots, String where) throws SyntaxException {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw new SyntaxException("malformed template in '" + text + "': '${' without a closing '}'");
        }
        String path = text.substring(i + 2, close);
        if (slots == null) {
          throw new SyntaxException("templates are not allowed in " + where + ", but '" + text
              + "' has '${" + path + "}'; they are allowed in collections, databases and tenant_filter.value");
        }
        if (!isKnown(path)) {
          throw new SyntaxException("template '${" + path + "}' names an unknown attribute '" + path
              + "'; allowed: " + ALLOWED);
        }
        if (literal.length() > 0) {
          parts.add(literal.toString());
          literal.setLength(0);
        }
        parts.add(new Ref(path, slots.slot(path)));
        i = close + 1;
      } else {
        literal.append(text.charAt(i));
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(literal.toString());
    }
    return parts;
  }

  /** A template reference: the attribute path and its slot in the rule's table. */
  record Ref(String path, int slot) {}
}
