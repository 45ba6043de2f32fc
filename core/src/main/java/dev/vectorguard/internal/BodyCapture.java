package dev.vectorguard.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns request and response bodies into what the audit trail may keep; not public API. Vectors
 * become {@code "<vector dims=N>"}, credential-like fields become {@code "<redacted>"}, and a body
 * over the limit is cut.
 *
 * <p>A vector is a numeric array under a vector field name ({@code vector}, {@code embeddings},
 * Milvus {@code data}, sparse {@code indices}/{@code values}, …), or any numeric array with a
 * fractional element or at least {@value #LONG_ARRAY} elements: filters rarely hold such arrays,
 * embeddings always do, and keeping an embedding would let it be inverted into the text.
 */
public final class BodyCapture {
  static final int LONG_ARRAY = 16;
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final Set<String> VECTOR_FIELDS = Set.of("vector", "vectors", "query_vector", "queryvector",
      "embedding", "embeddings", "query_embeddings", "data", "indices", "values", "nearest", "query", "dense",
      "sparse", "anns_vectors");
  /** Parts of a field name, lower-cased without '_' and '-', that make its value credential-like. */
  private static final List<String> SECRET_PARTS = List.of("password", "passwd", "secret", "apikey",
      "authorization", "credential", "privatekey");
  /** Top-level request fields that make up the normalised query of the three backends. */
  private static final Set<String> QUERY_FIELDS = Set.of("filter", "where", "where_document", "expr",
      "limit", "top", "topk", "top_k", "n_results", "offset", "with_payload", "with_vector", "with_vectors",
      "include", "output_fields", "outputfields", "score_threshold", "params", "search_params", "searchparams",
      "group_by", "groupby", "group_size", "groupsize", "order_by", "prefetch", "using", "annsfield", "anns_field",
      "partition_names", "partitionnames", "consistency", "consistencylevel", "ids");

  private BodyCapture() {}

  /** The normalised query of a request body: its query fields, vectors removed. */
  public static Object query(String requestJson, int limit) {
    JsonNode body = parse(requestJson);
    if (body == null) {
      return Map.of("unparseable", true, "bytes", utf8Length(requestJson));
    }
    if (!body.isObject()) {
      return Map.of("unparseable", true, "bytes", utf8Length(requestJson));
    }
    ObjectNode query = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (QUERY_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT))) {
        query.set(field.getKey(), clean(field.getKey(), field.getValue()));
      }
    }
    return capped(query, limit);
  }

  /** A whole body with vectors and credential-like fields removed, cut at {@code limit} bytes. */
  public static Object body(String json, int limit) {
    JsonNode body = parse(json);
    if (body == null) {
      return Map.of("unparseable", true, "bytes", utf8Length(json));
    }
    return capped(clean("", body), limit);
  }

  private static Object capped(JsonNode node, int limit) {
    String text;
    try {
      text = MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
    int bytes = utf8Length(text);
    if (bytes <= limit) {
      return MAPPER.convertValue(node, Object.class);
    }
    Map<String, Object> cut = new LinkedHashMap<>();
    cut.put("truncated", true);
    cut.put("bytes", bytes);
    cut.put("head", head(text, limit));
    return cut;
  }

  private static String head(String text, int limitBytes) {
    int end = Math.min(text.length(), limitBytes);
    while (end > 0 && utf8Length(text.substring(0, end)) > limitBytes) {
      end = end * 3 / 4;
    }
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  private static JsonNode clean(String name, JsonNode node) {
    String key = name.toLowerCase(Locale.ROOT);
    if (isSecret(key)) {
      return JsonNodeFactory.instance.textNode("<redacted>");
    }
    if (node.isArray()) {
      int dims = numericDims(node);
      if (dims >= 0 && (VECTOR_FIELDS.contains(key) || dims >= LONG_ARRAY || hasFraction(node))) {
        return JsonNodeFactory.instance.textNode("<vector dims=" + dims + ">");
      }
      ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode element : node) {
        out.add(clean(VECTOR_FIELDS.contains(key) ? name : "", element));
      }
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(f -> out.set(f.getKey(), clean(f.getKey(), f.getValue())));
      return out;
    }
    return node;
  }

  /**
   * Whether a field holds a credential: {@code password}, {@code newPassword}, {@code secret_key},
   * {@code x-api-key}, {@code Authorization}, {@code credentials}, any name ending in {@code token}.
   * Redacting a harmless field costs a little audit detail; keeping a password would be a leak.
   */
  private static boolean isSecret(String lowerCaseName) {
    if (lowerCaseName.isEmpty()) {
      return false;
    }
    String name = lowerCaseName.replace("_", "").replace("-", "");
    if (name.endsWith("token") || name.endsWith("tokens")) {
      return true;
    }
    for (String part : SECRET_PARTS) {
      if (name.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** The length of an all-numeric array, or -1. */
  private static int numericDims(JsonNode array) {
    if (array.isEmpty()) {
      return -1;
    }
    for (JsonNode element : array) {
      if (!element.isNumber()) {
        return -1;
      }
    }
    return array.size();
  }

  private static boolean hasFraction(JsonNode array) {
    for (JsonNode element : array) {
      if (element.isFloatingPointNumber()) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
