package dev.vectorguard.mask;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Skips a stripped vector value and counts the vectors in it: each array of numbers is one dense
 * vector, each object with {@code indices}/{@code values} one sparse vector, each string one
 * encoded (binary, float16) vector, and containers add up what they hold. Not public API.
 */
final class VectorCounter {
  private VectorCounter() {}

  /** Counts the vectors in the current value and leaves the parser on its last token. */
  static long countAndSkip(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return 1;
    }
    if (t == JsonToken.START_ARRAY) {
      JsonToken first = JsonSupport.next(p);
      if (first == JsonToken.END_ARRAY) {
        return 0;
      }
      if (first.isNumeric()) {
        p.skipChildren(); // no-op on a number; the loop below finishes the array
        while (JsonSupport.next(p) != JsonToken.END_ARRAY) {
          p.skipChildren();
        }
        return 1;
      }
      long n = countAndSkip(p);
      while (JsonSupport.next(p) != JsonToken.END_ARRAY) {
        n += countAndSkip(p);
      }
      return n;
    }
    if (t == JsonToken.START_OBJECT) {
      long n = 0;
      boolean sparse = false;
      while (JsonSupport.next(p) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonSupport.next(p);
        if (name.equals("indices") || name.equals("values")) {
          sparse = true;
          p.skipChildren();
        } else {
          n += countAndSkip(p);
        }
      }
      return n + (sparse ? 1 : 0);
    }
    return 0;
  }
}
