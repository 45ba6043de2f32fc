package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Operation;
import org.jspecify.annotations.Nullable;

/**
 * Finds point ids used as examples in Qdrant reads (recommend {@code positive}/{@code negative},
 * discover {@code target}/{@code context}, query inputs, also inside prefetches). Qdrant loads
 * those points' vectors without the request filter ({@code fetch_vectors.rs}), so under a tenant
 * filter an id could rank results by another tenant's vector. A REST vector input that is a JSON
 * integer or string is a point id; vectors are arrays or sparse objects, documents are objects.
 * Not public API.
 */
final class QdrantExamples {
  private QdrantExamples() {}

  /** Whether the read {@code read} of an {@code operation} call names a point id as an example. */
  static boolean namesPointIds(Operation operation, ObjectNode read) {
    return switch (operation) {
      case RECOMMEND -> anyId(read.get("positive")) || anyId(read.get("negative"));
      case DISCOVER -> isId(read.get("target")) || pairs(read.get("context"));
      case QUERY -> query(read);
      default -> false;
    };
  }

  private static boolean query(@Nullable JsonNode read) {
    if (!(read instanceof ObjectNode object)) {
      return false;
    }
    JsonNode query = object.get("query");
    if (isId(query)) {
      return true;
    }
    if (query instanceof ObjectNode q) {
      JsonNode recommend = q.get("recommend");
      JsonNode discover = q.get("discover");
      if (isId(q.get("nearest")) || pairs(q.get("context"))
          || recommend != null && (anyId(recommend.get("positive")) || anyId(recommend.get("negative")))
          || discover != null && (isId(discover.get("target")) || pairs(discover.get("context")))) {
        return true;
      }
    }
    JsonNode prefetch = object.get("prefetch");
    if (prefetch instanceof ArrayNode many) {
      for (JsonNode p : many) {
        if (query(p)) {
          return true;
        }
      }
      return false;
    }
    return query(prefetch);
  }

  /** A list of vector inputs ({@code positive}, {@code negative}) holding an id. */
  private static boolean anyId(@Nullable JsonNode list) {
    if (list instanceof ArrayNode array) {
      for (JsonNode input : array) {
        if (isId(input)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Context pairs (an array of them, or one) whose {@code positive} or {@code negative} is an id. */
  private static boolean pairs(@Nullable JsonNode context) {
    if (context instanceof ArrayNode array) {
      for (JsonNode pair : array) {
        if (pairs(pair)) {
          return true;
        }
      }
      return false;
    }
    return context instanceof ObjectNode pair && (isId(pair.get("positive")) || isId(pair.get("negative")));
  }

  private static boolean isId(@Nullable JsonNode input) {
    return input != null && (input.isIntegralNumber() || input.isTextual());
  }
}
