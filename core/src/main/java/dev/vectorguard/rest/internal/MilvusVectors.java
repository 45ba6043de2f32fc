package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskingException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * Removes vectors from Milvus REST rows. Rows carry no schema, so a value is taken for a vector
 * by its shape: a list of numbers (float vectors), a list of such lists (vector arrays), or an
 * object whose keys are all indices and values numbers (sparse vectors). Numeric ARRAY fields are
 * removed as well, which errs on the safe side; base64-encoded binary and half-precision vectors
 * look like text and are not recognised, so the request rewrite drops the search's
 * {@code annsField} from the output fields too. Not public API.
 */
final class MilvusVectors {
  private MilvusVectors() {}

  static MaskCounts strip(byte[] body, OutputStream out) throws MaskingException {
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
          for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            if (isVector(it.next().getValue())) {
              it.remove();
              stripped++;
            }
          }
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
