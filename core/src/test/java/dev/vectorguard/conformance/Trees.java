package dev.vectorguard.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Small helpers the checkers share for reading JSON trees; a request part is named by its path. */
public final class Trees {
  public static final ObjectMapper JSON = new ObjectMapper();

  private Trees() {}

  /** A node and where it sits in the request ({@code searches[1].}), for messages. */
  public record At(String where, JsonNode node) {}

  public static @Nullable JsonNode parse(byte @Nullable [] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
    }
  }

  public static @Nullable JsonNode parse(@Nullable String text) {
    return text == null ? null : parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code node} is absent or JSON null. */
  public static boolean absent(@Nullable JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** A count field as the server reads it: its value (number or decimal string), or {@code fallback} when absent. */
  public static long count(JsonNode node, String field, long fallback) {
    JsonNode value = node.get(field);
    return absent(value) ? fallback : value.asLong(fallback);
  }

  /** The elements of an array field; empty when absent or not an array. */
  public static List<JsonNode> elements(@Nullable JsonNode node, String field) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode array = node == null ? null : node.get(field);
    if (array != null && array.isArray()) {
      array.forEach(out::add);
    }
    return out;
  }

  /** The element at {@code index} of {@code list}, or {@code null}. */
  public static @Nullable JsonNode at(List<JsonNode> list, int index) {
    return index < list.size() ? list.get(index) : null;
  }

  /** The texts of a string-array field; empty when absent. */
  public static List<String> texts(@Nullable JsonNode node, String field) {
    return elements(node, field).stream().map(JsonNode::asText).toList();
  }

  /** Whether {@code field} is {@code allowed} or lies inside one of them ({@code meta.lang} in {@code meta}). */
  public static boolean within(java.util.Set<String> allowed, String field) {
    return allowed.stream().anyMatch(a -> field.equals(a) || field.startsWith(a + ".") || field.startsWith(a + "["));
  }

  /** {@link Expectation.Unchanged}, on any wire's tree. */
  public static List<String> unchanged(@Nullable JsonNode original, @Nullable JsonNode sent) {
    return Objects.equals(original, sent) ? List.of() : List.of("the request was rewritten to " + sent);
  }

  /** {@link Expectation.ResponseOmits}, on any wire's tree. */
  public static List<String> omits(@Nullable JsonNode response, String value) {
    if (response == null) {
      return List.of("no response was delivered");
    }
    return contains(response, value) ? List.of("the response still names '" + value + "': " + response) : List.of();
  }

  private static boolean contains(JsonNode node, String value) {
    if (node.isTextual()) {
      return node.textValue().equals(value);
    }
    for (JsonNode child : node) {
      if (contains(child, value)) {
        return true;
      }
    }
    return false;
  }
}
