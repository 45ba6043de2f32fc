package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Backend;
import dev.vectorguard.internal.WithheldErrors;
import java.io.IOException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Error bodies written in place of a database's under obligations that hide fields: the backend's
 * own error shape, so that clients still parse it, keeping only what quotes no value. Not public API.
 *
 * <ul>
 *   <li>Qdrant: {@code {"status":{"error":M},"time":0}}; its messages carry no separate class.
 *   <li>Milvus REST v2: {@code {"code":C,"message":M}}, {@code C} the database's numeric code.
 *   <li>Chroma: {@code {"error":E,"message":M}}, {@code E} the database's error class when it is
 *       a plain name ({@code InvalidArgumentError}).
 * </ul>
 */
public final class ErrorBodies {
  /** An error class such as {@code NotFoundError}: a name, not a sentence that could quote a value. */
  private static final Pattern ERROR_CLASS = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

  private ErrorBodies() {}

  /** The body to pass on in place of {@code body} ({@code null} when it could not be read). */
  public static byte[] withheld(Backend backend, byte @Nullable [] body) {
    JsonNode original = parse(body);
    ObjectNode out = Json.objectNode();
    switch (backend) {
      case QDRANT -> {
        out.putObject("status").put("error", WithheldErrors.MESSAGE);
        out.put("time", 0);
      }
      case MILVUS -> {
        JsonNode code = original == null ? null : original.get("code");
        out.put("code", code != null && code.canConvertToLong() && code.isIntegralNumber() ? code.asLong() : 1);
        out.put("message", WithheldErrors.MESSAGE);
      }
      case CHROMA -> {
        JsonNode error = original == null ? null : original.get("error");
        if (error != null && error.isTextual() && ERROR_CLASS.matcher(error.textValue()).matches()) {
          out.put("error", error.textValue());
        }
        out.put("message", WithheldErrors.MESSAGE);
      }
    }
    return Json.bytes(out);
  }

  /**
   * The nonzero top-level {@code code} of a Milvus REST v2 body, which reports an error in a
   * response of HTTP 200, or {@code 0} when it has none (success, or not such a body). Reads only
   * until the code, skipping the data.
   */
  public static long milvusErrorCode(byte[] body) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("code")) {
          return value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
        }
        p.skipChildren();
      }
      return 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static @Nullable JsonNode parse(byte @Nullable [] body) {
    if (body == null) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
