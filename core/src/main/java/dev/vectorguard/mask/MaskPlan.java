package dev.vectorguard.mask;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Compiled mask rules plus vector stripping, ready to apply to responses. Immutable, thread-safe;
 * obtain one from {@link MaskEngine#plan}.
 *
 * <p>Selectors are relative to a record (a point's payload, a row): {@code customer.email},
 * {@code *} for any one key, {@code **} for any number of keys (including none), and {@code []}
 * after a name, which is optional because arrays are traversed transparently ({@code
 * contacts[].email} and {@code contacts.email} both reach {@code email} in every element of
 * {@code contacts}). A selector ending on an array or object applies to it as a whole.
 *
 * <p>What each action writes, by the type of the selected value:
 * <ul>
 *   <li>{@code drop}: removes the field.
 *   <li>{@code null}: {@code null}.
 *   <li>{@code redact}: the marker string for every value, so numbers, booleans, objects and
 *       arrays become strings; {@code null} stays {@code null}.
 *   <li>{@code hash}: {@code "hmac:"} and 22 base64url chars (128 bits of HMAC-SHA256 under the
 *       configured key) of a string's UTF-8 text, of a number's or boolean's JSON text, or of an
 *       object's or array's compact JSON text in document order.
 *   <li>{@code partial}: the last N code points of a string or of a number's text, the rest as
 *       {@code *} (values no longer than N are starred entirely); booleans become the marker.
 *   <li>{@code detect-pii}: each detected entity in a string replaced by {@code <TYPE>}.
 * </ul>
 * {@code partial} and {@code detect-pii} on an object or array apply to every value inside it.
 * When several rules select a field, the strongest action wins ({@link MaskAction}); a stronger
 * rule on a field inside one selected by {@code partial} or {@code detect-pii} still applies there.
 * Object keys are never changed.
 */
public final class MaskPlan {
  private final FieldMatcher matcher;
  private final ValueMasker values;
  private final boolean stripVectors;
  private final boolean noop;
  private final MaskSettings settings;
  private final JsonFactory reader;
  private final Function<JsonLayout, LayoutNode> layouts;

  MaskPlan(List<MaskRule> rules, boolean stripVectors, MaskSettings settings, JsonFactory reader,
      Function<JsonLayout, LayoutNode> layouts) {
    this.values = new ValueMasker(settings);
    for (MaskRule rule : rules) {
      String problem = unsupported(rule, settings);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    this.matcher = FieldMatcher.compile(rules);
    this.stripVectors = stripVectors;
    this.noop = rules.isEmpty() && !stripVectors;
    this.settings = settings;
    this.reader = reader;
    this.layouts = layouts;
  }

  /**
   * Why {@code rule} cannot be applied with {@code settings}, or {@code null} when it can: its selector
   * must compile, {@code hash} needs a key, and {@code detect-pii} with no detector would pass
   * every value unmasked.
   */
  static @Nullable String unsupported(MaskRule rule, MaskSettings settings) {
    try {
      FieldMatcher.compile(List.of(rule));
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (rule.action() == MaskAction.HASH && !settings.hasHashKey()) {
      return "mask field '" + rule.field()
          + "' uses hash, but no hash key is configured (MaskSettings.builder().hashKey(...))";
    }
    if (rule.action() == MaskAction.DETECT_PII && settings.detectors().isEmpty()) {
      return "mask field '" + rule.field()
          + "' uses detect-pii, but no PII detector is configured (MaskSettings.builder().detectors(...))";
    }
    return null;
  }

  /** Whether applying this plan changes nothing (no rules, no stripping). */
  public boolean isNoop() {
    return noop;
  }

  /** Whether this plan removes vectors. */
  public boolean stripsVectors() {
    return stripVectors;
  }

  /**
   * Copies one JSON document from {@code in} to {@code out}, masking the records and stripping the
   * vectors that {@code layout} locates. Streams: memory grows with nesting depth and the longest
   * string read (at most {@link MaskSettings#maxStringLength()}), not with body size; values that
   * are dropped, nulled or redacted are skipped unread. The input may be UTF-8, UTF-16 or UTF-32
   * (detected, BOM or not); the output is always UTF-8, and numbers keep their original text.
   * Duplicate keys, content after the document, nesting deeper than {@link MaskSettings#maxDepth()}
   * (counted from the document root) and a record path holding anything but an object or null are
   * all errors. Neither stream is closed; {@code out} is flushed.
   *
   * @throws MaskingException when the body is malformed, truncated or over a limit, or a stream
   *     fails; its message never quotes the body. What was written to {@code out} must then be
   *     discarded
   * @throws IllegalArgumentException when a layout path is malformed
   */
  public MaskCounts maskJson(InputStream in, OutputStream out, JsonLayout layout) throws MaskingException {
    Objects.requireNonNull(in, "in");
    return mask(() -> reader.createParser(in), null, out, layout);
  }

  /**
   * {@link #maskJson(InputStream, OutputStream, JsonLayout)} of a body held in memory, with the
   * same output, counts and errors. Faster: values no rule or layout path reaches are copied from
   * {@code body} as they are when their bytes are what the generator would write anyway.
   *
   * @throws MaskingException as {@link #maskJson(InputStream, OutputStream, JsonLayout)}
   * @throws IllegalArgumentException when a layout path is malformed
   */
  public MaskCounts maskJson(byte[] body, OutputStream out, JsonLayout layout) throws MaskingException {
    Objects.requireNonNull(body, "body");
    return mask(() -> reader.createParser(body), body, out, layout);
  }

  /** Opens the parser of one body. */
  private interface ParserSource {
    JsonParser open() throws IOException;
  }

  /** Both forms of {@code maskJson}: {@code raw} is the body the parser reads, when it is in memory. */
  private MaskCounts mask(ParserSource source, byte @Nullable [] raw, OutputStream out, JsonLayout layout)
      throws MaskingException {
    Objects.requireNonNull(out, "out");
    LayoutNode root = layouts.apply(Objects.requireNonNull(layout, "layout"));
    try (JsonGenerator g = JsonSupport.WRITER.createGenerator(out);
        JsonParser p = source.open()) {
      try {
        return new StreamMasker(matcher, values, stripVectors, settings.maxStringLength(), p, g, raw).run(root);
      } catch (JsonProcessingException e) {
        throw JsonSupport.translate(e, p, settings);
      }
    } catch (MaskingException e) {
      throw e;
    } catch (IOException e) {
      throw new MaskingException("could not read or write the body: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Masks one record given as a JSON-like tree: String (any CharSequence), Number (finite), Boolean,
   * null, List, Map with String keys. Returns a new map; the input is not modified, and subtrees no
   * rule reaches are shared with it. Vectors are not stripped here: the record API sees payloads only.
   *
   * @throws IllegalArgumentException when the record holds another type or nests deeper than
   *     {@link MaskSettings#maxDepth()}; the message never quotes a value
   */
  public MaskedRecord maskRecord(Map<String, Object> record) {
    Objects.requireNonNull(record, "record");
    return new RecordMasker(matcher, values, settings.maxDepth()).run(record);
  }

  /**
   * Whether any rule can select the top-level record entry {@code key} or anything inside it. When
   * it is {@code false}, {@link #maskRecord} leaves that entry as it is, the same object, and
   * counts nothing for it; it only checks a scalar there (its type, and that a number is finite).
   * A binding that holds records in another form can therefore convert and mask just the entries
   * this names, plus any scalar that might fail that check, and keep the rest as they are: the
   * result and the counts are those of masking the whole record. {@code false} for every key when
   * the plan has no rules.
   */
  public boolean touches(String key) {
    return !matcher.start().next(Objects.requireNonNull(key, "key")).dead;
  }

  @Override
  public String toString() {
    return "MaskPlan{noop=" + noop + ", stripVectors=" + stripVectors + '}';
  }
}
