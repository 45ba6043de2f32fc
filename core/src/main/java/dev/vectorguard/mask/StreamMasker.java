package dev.vectorguard.mask;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import java.io.IOException;
import java.io.OutputStream;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * One streaming pass: copies tokens from the parser to the generator, masking the fields the rules
 * select inside records and dropping vectors. Recursion follows the JSON nesting, which the
 * parser's constraints bound, so memory grows with depth and never with body size; no field value
 * is buffered beyond the one string the parser holds. Single use, not thread-safe. Not public API.
 */
final class StreamMasker {
  private final FieldMatcher matcher;
  private final ValueMasker values;
  private final boolean strip;
  private final int maxStringLength;
  private final JsonParser p;
  private final JsonGenerator g;
  private final Tally tally = new Tally();
  /** The whole input when the parser reads it as UTF-8 from this array, for {@link RawJson}; else null. */
  private final byte @Nullable [] raw;
  private @Nullable Mac mac;

  /**
   * @param raw the array {@code p} parses from its first byte, or {@code null}; values no rule
   *     reaches are then copied from it when {@link RawJson} allows
   */
  StreamMasker(FieldMatcher matcher, ValueMasker values, boolean strip, int maxStringLength, JsonParser p,
      JsonGenerator g, byte @Nullable [] raw) {
    this.matcher = matcher;
    this.values = values;
    this.strip = strip;
    this.maxStringLength = maxStringLength;
    this.p = p;
    this.g = g;
    // Byte offsets index the array only for the UTF-8 parser over it, and only without a BOM.
    this.raw = raw != null && p instanceof UTF8StreamJsonParser && !hasBom(raw) ? raw : null;
  }

  private static boolean hasBom(byte[] b) {
    return b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
  }

  /** Masks the one JSON document the parser holds; the generator is flushed, not closed. */
  MaskCounts run(LayoutNode layout) throws IOException {
    if (p.nextToken() == null) {
      throw new MaskingException("empty body: expected a JSON document");
    }
    value(layout, null, null);
    if (p.nextToken() != null) {
      throw new MaskingException("malformed JSON: content after the end of the document" + JsonSupport.at(p));
    }
    g.flush();
    return tally.counts();
  }

  /** Copies the value whose first token is current. */
  private void value(@Nullable LayoutNode l, FieldMatcher.@Nullable State s, @Nullable Effect inherited)
      throws IOException {
    JsonToken t = p.currentToken();
    if (l != null && l.record && s == null) {
      if (t == JsonToken.VALUE_NULL) {
        g.writeNull();
        return;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new MaskingException("expected an object or null at record path '" + l.path + "' but found "
            + JsonSupport.describe(t) + JsonSupport.at(p));
      }
      tally.record();
      s = matcher.start();
    } else if (l != null && s == null && emptyOrRefused(l, t)) {
      return;
    }
    if (l == null && (s == null || s.dead) && inherited == null) {
      if (!copyRaw(t)) {
        copy(g);
      }
    } else if (t == JsonToken.START_OBJECT) {
      object(l, s, inherited);
    } else if (t == JsonToken.START_ARRAY) {
      array(l, s, inherited);
    } else {
      leaf(t, inherited);
    }
  }

  /**
   * Refuses a value on the way to records that is not what the layout goes on through: an array
   * where only keys lead on, an object where only elements do, or a scalar where either does. Such a
   * value would hold no record the layout finds and be copied whole, unmasked. An empty array or
   * object holds nothing and is copied; whether a non-empty one is malformed or too deep is found
   * out (and reported as such) before it is refused.
   *
   * @return whether the value was an empty container, now copied
   */
  private boolean emptyOrRefused(LayoutNode l, JsonToken t) throws IOException {
    boolean object = l.expectsObject();
    boolean array = l.expectsArray();
    if (t == JsonToken.VALUE_NULL || !object && !array || t == JsonToken.START_OBJECT && object
        || t == JsonToken.START_ARRAY && array) {
      return false;
    }
    if (t.isStructStart()) {
      JsonToken first = JsonSupport.next(p);
      if (first.isStructEnd()) {
        if (t == JsonToken.START_ARRAY) {
          g.writeStartArray();
          g.writeEndArray();
        } else {
          g.writeStartObject();
          g.writeEndObject();
        }
        return true;
      }
      for (JsonToken c = first; !c.isStructEnd(); c = JsonSupport.next(p)) {
        p.skipChildren();
      }
    }
    String expected = object && array ? "an object, an array" : object ? "an object" : "an array";
    throw new MaskingException("expected " + expected + " or null on the way to the records of '" + l.path
        + "' but found " + JsonSupport.describe(t) + JsonSupport.at(p));
  }

  private void object(@Nullable LayoutNode l, FieldMatcher.@Nullable State s, @Nullable Effect inherited)
      throws IOException {
    g.writeStartObject();
    while (JsonSupport.next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      LayoutNode cl = l == null ? null : l.child(name);
      JsonSupport.next(p);
      if (strip && cl != null && cl.vector) {
        tally.vectors(VectorCounter.countAndSkip(p));
        continue;
      }
      FieldMatcher.State cs = s == null ? null : s.next(name);
      Effect effect = cs == null ? inherited : Effect.stronger(cs.effect, inherited);
      if (effect != null && effect.terminal()) {
        terminal(name, effect.action());
        continue;
      }
      g.writeFieldName(name);
      value(cl, cs, effect);
    }
    g.writeEndObject();
  }

  private void array(@Nullable LayoutNode l, FieldMatcher.@Nullable State s, @Nullable Effect inherited)
      throws IOException {
    g.writeStartArray();
    LayoutNode element = l == null ? null : l.element();
    while (JsonSupport.next(p) != JsonToken.END_ARRAY) {
      if (strip && element != null && element.vector) {
        tally.vectors(VectorCounter.countAndSkip(p));
      } else {
        value(element, s, inherited);
      }
    }
    g.writeEndArray();
  }

  /** Applies drop, null, redact or hash to the field {@code name}, whose value is current. */
  private void terminal(String name, MaskAction action) throws IOException {
    JsonToken t = p.currentToken();
    if (action == MaskAction.DROP) {
      p.skipChildren();
      tally.field(action);
      return;
    }
    g.writeFieldName(name);
    if (t == JsonToken.VALUE_NULL) {
      g.writeNull(); // nothing to hide
      return;
    }
    switch (action) {
      case NULL -> {
        p.skipChildren();
        g.writeNull();
      }
      case REDACT -> {
        p.skipChildren();
        g.writeString(values.marker());
      }
      case HASH -> g.writeString(hashCurrent());
      default -> throw new IllegalStateException("not a terminal action: " + action);
    }
    tally.field(action);
  }

  /** The pseudonym of the current value: of a string's text, else of the value's compact JSON text. */
  private String hashCurrent() throws IOException {
    if (mac == null) {
      mac = values.newMac();
    }
    JsonToken t = p.currentToken();
    if (t.isScalarValue()) {
      return values.hash(mac, text());
    }
    Mac target = mac;
    OutputStream sink = new OutputStream() {
      @Override
      public void write(int b) {
        target.update((byte) b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        target.update(b, off, len);
      }
    };
    try (JsonGenerator hashed = JsonSupport.WRITER.createGenerator(sink)) {
      copy(hashed);
    }
    return ValueMasker.pseudonym(mac);
  }

  private void leaf(JsonToken t, @Nullable Effect inherited) throws IOException {
    if (inherited == null || t == JsonToken.VALUE_NULL) {
      copyScalar(g, t);
      return;
    }
    boolean partial = inherited.action() == MaskAction.PARTIAL;
    if (t == JsonToken.VALUE_STRING) {
      String text = text();
      String masked = partial ? ValueMasker.partial(text, inherited.keep()) : values.detectPii(text, tally);
      if (partial || masked != text) {
        tally.field(inherited.action());
      }
      g.writeString(masked);
    } else if (partial && t.isNumeric()) {
      g.writeString(ValueMasker.partial(p.getText(), inherited.keep()));
      tally.field(MaskAction.PARTIAL);
    } else if (partial && t.isBoolean()) {
      g.writeString(values.marker());
      tally.field(MaskAction.PARTIAL);
    } else {
      copyScalar(g, t);
    }
  }

  /**
   * Rejects an over-long string. Jackson checks the limit only while its buffer grows, and a
   * recycled buffer may already be large enough, so the length is checked here as well.
   */
  private void checkLength() throws IOException {
    if (p.getTextLength() > maxStringLength) {
      throw new MaskingException("a JSON string exceeds the limit of " + maxStringLength + " chars"
          + JsonSupport.at(p));
    }
  }

  private String text() throws IOException {
    checkLength();
    return p.getText();
  }

  /**
   * Copies the current string, object or array from the input bytes when {@link RawJson} allows,
   * after the parser has read all of it (a string: at the next token); whether it did.
   */
  private boolean copyRaw(JsonToken t) throws IOException {
    byte[] in = raw;
    if (in == null || !(t == JsonToken.VALUE_STRING || t.isStructStart())) {
      return false;
    }
    long start = p.currentTokenLocation().getByteOffset();
    if (start < 0 || start >= in.length || in[(int) start] != (t == JsonToken.VALUE_STRING ? '"'
        : t == JsonToken.START_OBJECT ? '{' : '[')) {
      return false;
    }
    int from = (int) start;
    int end = RawJson.copyableEnd(in, from, maxStringLength);
    if (end < 0) {
      return false;
    }
    if (t != JsonToken.VALUE_STRING) {
      p.skipChildren(); // reads (and checks) every token of the value
      if (p.currentLocation().getByteOffset() != end) {
        throw new MaskingException("the parser and the raw copy disagree on where a value ends" + JsonSupport.at(p));
      }
    }
    g.writeRawValue(RawJson.bytes(in, from, end - from));
    return true;
  }

  /** Copies the current value to {@code out} unchanged, numbers as their original text. */
  private void copy(JsonGenerator out) throws IOException {
    JsonToken t = p.currentToken();
    if (!t.isStructStart()) {
      copyScalar(out, t);
      return;
    }
    int depth = 0;
    while (true) {
      switch (t) {
        case START_OBJECT -> {
          out.writeStartObject();
          depth++;
        }
        case START_ARRAY -> {
          out.writeStartArray();
          depth++;
        }
        case END_OBJECT -> {
          out.writeEndObject();
          depth--;
        }
        case END_ARRAY -> {
          out.writeEndArray();
          depth--;
        }
        case FIELD_NAME -> out.writeFieldName(p.currentName());
        default -> copyScalar(out, t);
      }
      if (depth == 0) {
        return;
      }
      t = JsonSupport.next(p);
    }
  }

  private void copyScalar(JsonGenerator out, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING -> {
        checkLength();
        out.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          out.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      case VALUE_TRUE -> out.writeBoolean(true);
      case VALUE_FALSE -> out.writeBoolean(false);
      case VALUE_NULL -> out.writeNull();
      default -> throw new MaskingException("unexpected JSON token " + t + JsonSupport.at(p));
    }
  }
}
