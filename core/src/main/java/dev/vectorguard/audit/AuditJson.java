package dev.vectorguard.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The canonical JSON form of an {@link AuditEvent}: one line of UTF-8, no insignificant
 * whitespace, top-level keys in the fixed order {@code schema_version, id, type, call_id, ts, data}
 * (then {@code prev, hash} in a hash-chained file), and the keys of every object in {@code data}
 * sorted, so the same event always has the same bytes. {@code ts} is ISO-8601 in UTC.
 *
 * <pre>{@code
 * String line = AuditJson.toJson(event);
 * AuditEvent back = AuditJson.parse(line);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class AuditJson {
  // The top-level keys of a line, in the order they are written.
  static final String KEY_SCHEMA_VERSION = "schema_version";
  static final String KEY_ID = "id";
  static final String KEY_TYPE = "type";
  static final String KEY_CALL_ID = "call_id";
  static final String KEY_TS = "ts";
  static final String KEY_DATA = "data";
  /** In a hash-chained file: the previous line's hash ({@link HashChain}). */
  static final String KEY_PREV = "prev";
  /** In a hash-chained file: this line's hash ({@link HashChain}). */
  static final String KEY_HASH = "hash";

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  /** For the verifier, which checks the top-level keys one by one and has the hash cover the rest. */
  private static final JsonFactory LENIENT = JsonFactory.builder().build();

  /**
   * Each thread's buffer for {@link #body}, reused: the bytes are copied out at their exact size,
   * so a caller thread allocates one array per event instead of a growing buffer.
   */
  private static final ThreadLocal<HashChain.Buffer> BUFFER = ThreadLocal.withInitial(HashChain.Buffer::new);
  /** The largest buffer a thread keeps between events. */
  private static final int KEEP_BUFFER = 64 << 10;

  private AuditJson() {}

  /** The canonical JSON of {@code event}, without chain fields. */
  public static String toJson(AuditEvent event) {
    byte[] body;
    try {
      body = event.canonicalBody();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] json = Arrays.copyOf(body, body.length + 1);
    json[body.length] = '}';
    return new String(json, StandardCharsets.UTF_8);
  }

  /**
   * The canonical JSON of {@code event} without its closing brace, for
   * {@link AuditEvent#canonicalBody()}: everything a hash-chained line holds before
   * {@code ,"prev":…}. The generator's output for the object ends in that brace, whatever the data.
   */
  static byte[] body(AuditEvent event) throws IOException {
    HashChain.Buffer out = BUFFER.get();
    out.reset();
    try {
      write(event, out);
      return Arrays.copyOf(out.array(), out.size() - 1);
    } finally {
      if (out.array().length > KEEP_BUFFER) {
        BUFFER.remove(); // a large captured body: not kept for the thread's next event
      }
    }
  }

  /** Writes the canonical JSON of {@code event}, without chain fields and newline. */
  private static void write(AuditEvent event, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeNumberField(KEY_SCHEMA_VERSION, event.schemaVersion());
      json.writeStringField(KEY_ID, event.id());
      json.writeStringField(KEY_TYPE, event.type());
      json.writeStringField(KEY_CALL_ID, event.callId());
      json.writeStringField(KEY_TS, IsoInstant.format(event.timestamp()));
      json.writeFieldName(KEY_DATA);
      writeValue(json, event.data());
      json.writeEndObject();
    }
  }

  /**
   * Writes one value of an event's data tree with the generator itself: the same bytes as
   * {@code MAPPER.writeValue} (maps are already sorted by {@link AuditEvent#of}), without looking
   * a serializer up for every value. A number type other than the JDK's goes through the mapper.
   */
  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value instanceof String text) {
      json.writeString(text);
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.writeFieldName((String) entry.getKey());
        writeValue(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object element : list) {
        writeValue(json, element);
      }
      json.writeEndArray();
    } else if (value instanceof Boolean bool) {
      json.writeBoolean(bool);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      json.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long number) {
      json.writeNumber(number.longValue());
    } else if (value instanceof Double number) {
      json.writeNumber(number.doubleValue());
    } else {
      MAPPER.writeValue(json, value);
    }
  }

  /**
   * Reads one event from its JSON line; chain fields ({@code prev}, {@code hash}) are allowed and
   * ignored.
   *
   * @throws IllegalArgumentException when the line is not an audit event, saying what is wrong
   */
  public static AuditEvent parse(String line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    return fromTree(node);
  }

  static AuditEvent fromTree(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode version = node.get(KEY_SCHEMA_VERSION);
    if (version == null || !version.canConvertToInt() || version.intValue() != AuditEvent.SCHEMA_VERSION) {
      throw new IllegalArgumentException(KEY_SCHEMA_VERSION + " must be " + AuditEvent.SCHEMA_VERSION + ", but was "
          + version);
    }
    String id = text(node, KEY_ID);
    String type = text(node, KEY_TYPE);
    JsonNode callId = node.get(KEY_CALL_ID);
    if (callId != null && !callId.isNull() && !callId.isTextual()) {
      throw new IllegalArgumentException(KEY_CALL_ID + " must be a string or null, but was " + callId);
    }
    Instant ts;
    try {
      ts = Instant.parse(text(node, KEY_TS));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(KEY_TS + " is not an ISO-8601 instant: " + node.get(KEY_TS), e);
    }
    JsonNode data = node.get(KEY_DATA);
    if (data == null || !data.isObject()) {
      throw new IllegalArgumentException(KEY_DATA + " must be an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = MAPPER.convertValue(data, Map.class);
    return AuditEvent.of(id, type, callId == null || callId.isNull() ? null : callId.textValue(), ts, map);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string, but was " + value);
    }
    return value.textValue();
  }

  static JsonParser parser(byte[] bytes, int length) throws IOException {
    return LENIENT.createParser(bytes, 0, length);
  }
}
