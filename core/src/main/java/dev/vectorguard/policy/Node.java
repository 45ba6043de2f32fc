package dev.vectorguard.policy;

import com.fasterxml.jackson.core.JsonToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed policy document that remembers where each value was written, so that validation
 * errors can name the line and column. Built by {@link TreeReader}; not public API.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {

  int line();

  int column();

  /** What a person calls this kind of value in an error message ("a list", "a string"). */
  String kind();

  /** One key of a map, with where the key itself was written. */
  record Entry(String key, int line, int column, Node value) {}

  record MapNode(int line, int column, Map<String, Entry> entries) implements Node {
    public MapNode {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public String kind() {
      return "a map";
    }
  }

  record ListNode(int line, int column, List<Node> items) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A string, number, boolean or null, with its text as written. */
  record Scalar(int line, int column, JsonToken token, String text) implements Node {
    boolean isString() {
      return token == JsonToken.VALUE_STRING;
    }

    boolean isInteger() {
      return token == JsonToken.VALUE_NUMBER_INT;
    }

    boolean isBoolean() {
      return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
    }

    @Override
    public String kind() {
      return switch (token) {
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT -> "an integer";
        case VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "empty";
        default -> "a " + token;
      };
    }
  }
}
