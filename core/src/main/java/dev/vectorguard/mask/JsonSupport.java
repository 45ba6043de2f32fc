package dev.vectorguard.mask;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Jackson set-up and error translation for masking. Jackson's own messages quote the input they
 * choke on, so they are never passed on: each error becomes a message of our own with the line and
 * column only, and without the original exception as its cause. Not public API.
 */
final class JsonSupport {
  /** Writes compact JSON and leaves the target stream open. */
  static final JsonFactory WRITER = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();

  private JsonSupport() {}

  /** A reader that rejects duplicate keys, keeps input out of locations, and enforces the limits. */
  static JsonFactory reader(MaskSettings settings) {
    return JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(settings.maxDepth())
            .maxStringLength(settings.maxStringLength())
            .build())
        .build();
  }

  /** A message-safe translation of a Jackson read error. */
  static MaskingException translate(JsonProcessingException e, @Nullable JsonParser p, MaskSettings settings) {
    JsonLocation location = e.getLocation() != null || p == null ? e.getLocation() : p.currentLocation();
    String where = at(location);
    String message = String.valueOf(e.getOriginalMessage());
    if (e instanceof StreamConstraintsException) {
      String lower = message.toLowerCase(Locale.ROOT);
      if (lower.contains("nesting depth")) {
        return new MaskingException("JSON nesting exceeds the limit of " + settings.maxDepth() + " levels" + where);
      }
      if (lower.contains("string value length")) {
        return new MaskingException("a JSON string exceeds the limit of " + settings.maxStringLength()
            + " chars" + where);
      }
      return new MaskingException("the JSON body exceeds a size limit of the parser" + where);
    }
    if (e instanceof JsonEOFException) {
      return new MaskingException("truncated JSON: the body ended inside a value" + where);
    }
    if (message.startsWith("Duplicate field")) {
      return new MaskingException("malformed JSON: duplicate key in an object" + where);
    }
    return new MaskingException("malformed JSON" + where);
  }

  /** The next token; a body that ends instead is truncated. */
  static JsonToken next(JsonParser p) throws java.io.IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new MaskingException("truncated JSON: the body ended inside a value" + at(p));
    }
    return t;
  }

  static String at(JsonParser p) {
    return at(p.currentTokenLocation());
  }

  static String at(@Nullable JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  static String describe(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> t.name();
    };
  }
}
