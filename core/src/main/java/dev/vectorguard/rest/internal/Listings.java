package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vectorguard.rest.RestClassificationException;
import java.util.Iterator;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Filters collection listings in responses; not public API. */
final class Listings {
  private Listings() {}

  /**
   * Removes the elements of {@code array} whose name is not visible. Elements are objects with the
   * name in {@code field}, or the names themselves when {@code field} is {@code null}. Returns
   * whether anything was removed; an absent array is left alone.
   */
  static boolean keep(JsonNode root, @Nullable JsonNode array, @Nullable String field, Predicate<String> visible,
      String endpoint) throws RestClassificationException {
    if (array == null || array.isNull()) {
      return false;
    }
    if (!(array instanceof ArrayNode elements)) {
      throw new RestClassificationException("the listing in the response of " + endpoint + " is not an array");
    }
    boolean changed = false;
    for (Iterator<JsonNode> it = elements.iterator(); it.hasNext(); ) {
      JsonNode element = it.next();
      JsonNode name = field == null ? element : element.get(field);
      if (name == null || !name.isTextual()) {
        if (field != null && name == null) {
          continue; // an element without this field (e.g. an alias entry filtered by its other name)
        }
        throw new RestClassificationException("a listed collection in the response of " + endpoint
            + " has no name");
      }
      if (!visible.test(name.textValue())) {
        it.remove();
        changed = true;
      }
    }
    return changed;
  }
}
