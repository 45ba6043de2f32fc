package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.rest.RestClassificationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Strict JSON for request and response bodies; not public API. */
public final class Json {
  /** Rejects duplicate keys (a server may read the last one while the guard reads the first) and trailing data. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private Json() {}

  /** The body as a JSON object; an absent or empty body is an empty object. */
  static ObjectNode object(byte @Nullable [] body, String endpoint) throws RestClassificationException {
    if (body == null || body.length == 0) {
      return NODES.objectNode();
    }
    JsonNode node = parse(body, endpoint);
    if (!(node instanceof ObjectNode object)) {
      throw new RestClassificationException("the body of " + endpoint + " must be a JSON object, but was "
          + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return object;
  }

  static JsonNode parse(byte[] body, String what) throws RestClassificationException {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new RestClassificationException("the body of " + what + " is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      String detail = e.getOriginalMessage();
      throw new RestClassificationException("the body of " + what + " is not valid JSON: " + detail, e);
    } catch (IOException e) {
      throw new RestClassificationException("the body of " + what + " could not be read: " + e.getMessage(), e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  static ObjectNode objectNode() {
    return NODES.objectNode();
  }

  static ArrayNode arrayNode() {
    return NODES.arrayNode();
  }

  /** The field if it is an object, {@code null} when absent or null, otherwise refused. */
  static @Nullable ObjectNode optObject(ObjectNode parent, String field, String where) throws RestClassificationException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!(node instanceof ObjectNode object)) {
      throw new RestClassificationException("'" + where + field + "' must be a JSON object");
    }
    return object;
  }

  /** The field if it is an array, {@code null} when absent or null, otherwise refused. */
  static @Nullable ArrayNode optArray(ObjectNode parent, String field, String where) throws RestClassificationException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!(node instanceof ArrayNode array)) {
      throw new RestClassificationException("'" + where + field + "' must be a JSON array");
    }
    return array;
  }

  /** The field if it is a string, {@code null} when absent or null, otherwise refused. */
  static @Nullable String optText(ObjectNode parent, String field, String where) throws RestClassificationException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new RestClassificationException("'" + where + field + "' must be a string");
    }
    return node.textValue();
  }

  /** The field if it is a non-negative integer, {@code null} when absent or null, otherwise refused. */
  static @Nullable Long optCount(ObjectNode parent, String field, String where) throws RestClassificationException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw new RestClassificationException("'" + where + field + "' must be a non-negative integer");
    }
    return node.longValue();
  }

  /** The elements of an array of strings, refused otherwise. */
  static List<String> texts(ArrayNode array, String where) throws RestClassificationException {
    List<String> out = new ArrayList<>();
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        throw new RestClassificationException("'" + where + "' must hold strings only");
      }
      out.add(element.textValue());
    }
    return out;
  }

  /** The field's text, or "" when absent or null; refused when not a string. */
  static String optTextOrEmpty(ObjectNode parent, String field) throws RestClassificationException {
    String text = optText(parent, field, "");
    return text == null ? "" : text;
  }
}
