package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskingException;
import dev.vectorguard.milvus.MilvusSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Removes vectors from Milvus REST rows ({@code data[]} of query, get, search and hybrid search).
 * Rows carry no types: with the collection's schema known, every key the schema gives a vector
 * type goes whatever its encoding (float arrays, base64 strings of binary, float16, bfloat16 and
 * int8 vectors, sparse {@code {"index": value}} objects), struct array elements lose their vector
 * sub-fields, and the other schema fields stay. Keys the schema does not know (dynamic fields,
 * {@code distance}), and every key when no schema is known, are taken for vectors by their shape:
 * a list of numbers, a list of such lists, or an object whose keys are all indices and values
 * numbers; numeric JSON lists are removed as well, which errs on the safe side. A base64 vector
 * cannot be told from text by its shape: the request rules keep fields of unknown type out of the
 * request. Each vector removed is counted: a list of numbers, a string or a sparse object is one,
 * a list of them the sum. Not public API.
 */
final class MilvusVectors {
  private MilvusVectors() {}

  static MaskCounts strip(byte[] body, OutputStream out, @Nullable MilvusSchema schema) throws MaskingException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new MaskingException("the masked response is not valid JSON", e);
    }
    long stripped = 0;
    if (root != null && root.get("data") instanceof ArrayNode rows) {
      for (JsonNode row : rows) {
        if (row instanceof ObjectNode object) {
          stripped += stripRow(object, schema);
        }
      }
    }
    try {
      out.write(Json.bytes(root == null ? Json.objectNode() : root));
    } catch (IOException e) {
      throw new MaskingException("the masked response could not be written", e);
    }
    return MaskCounts.of(Map.of(), Map.of(), stripped, 0);
  }

  private static long stripRow(ObjectNode row, @Nullable MilvusSchema schema) {
    long stripped = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (schema != null && schema.holdsVectors(key) || (schema == null || !schema.knows(key)) && isVector(value)) {
        it.remove();
        stripped += count(value);
      } else if (schema != null && value instanceof ArrayNode elements) {
        Set<String> subs = schema.structVectorKeys(key);
        for (JsonNode element : elements) {
          if (element instanceof ObjectNode struct) {
            for (String sub : subs) {
              JsonNode removed = struct.remove(sub);
              stripped += removed == null ? 0 : count(removed);
            }
          }
        }
      }
    }
    return stripped;
  }

  /** How many vectors {@code value} holds. */
  private static long count(JsonNode value) {
    if (value instanceof ArrayNode array) {
      if (array.isEmpty()) {
        return 0;
      }
      boolean numbers = true;
      long n = 0;
      for (JsonNode element : array) {
        numbers &= element.isNumber();
        n += count(element);
      }
      return numbers ? 1 : n;
    }
    return value.isTextual() || value.isObject() ? 1 : 0;
  }

  private static boolean isVector(JsonNode value) {
    if (value instanceof ArrayNode array && !array.isEmpty()) {
      boolean numbers = true;
      boolean vectors = true;
      for (JsonNode element : array) {
        numbers &= element.isNumber();
        vectors &= element instanceof ArrayNode inner && !inner.isEmpty() && isVector(inner);
      }
      return numbers || vectors;
    }
    if (value instanceof ObjectNode object && !object.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!entry.getKey().chars().allMatch(Character::isDigit) || !entry.getValue().isNumber()) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
