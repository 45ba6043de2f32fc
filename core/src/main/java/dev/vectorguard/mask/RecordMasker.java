package dev.vectorguard.mask;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Masks one record given as a JSON-like tree, with the same rules and results as the streaming
 * masker. Subtrees that no rule reaches are shared with the input, not copied; the input is never
 * modified. Single use, not thread-safe. Not public API.
 */
final class RecordMasker {
  private final FieldMatcher matcher;
  private final ValueMasker values;
  private final int maxDepth;
  private final Tally tally = new Tally();
  private @Nullable Mac mac;

  RecordMasker(FieldMatcher matcher, ValueMasker values, int maxDepth) {
    this.matcher = matcher;
    this.values = values;
    this.maxDepth = maxDepth;
  }

  MaskedRecord run(Map<String, Object> record) {
    tally.record();
    Map<String, Object> masked = object(record, matcher.start(), null, 1);
    return new MaskedRecord(masked, tally.counts());
  }

  private Map<String, Object> object(Map<?, ?> in, FieldMatcher.State s, @Nullable Effect inherited, int depth) {
    checkDepth(depth);
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : in.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        throw new IllegalArgumentException("record keys must be strings, but found "
            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
      }
      Object value = entry.getValue();
      FieldMatcher.State cs = s.next(name);
      Effect effect = Effect.stronger(cs.effect, inherited);
      if (effect != null && effect.terminal()) {
        if (effect.action() != MaskAction.DROP) {
          out.put(name, terminal(value, effect.action(), name, depth + 1));
        } else {
          tally.field(MaskAction.DROP);
        }
      } else {
        out.put(name, value(value, cs, effect, name, depth + 1));
      }
    }
    return out;
  }

  private @Nullable Object value(@Nullable Object v, FieldMatcher.State s, @Nullable Effect inherited, String key,
      int depth) {
    if (v instanceof Map<?, ?> map) {
      return s.dead && inherited == null ? map : object(map, s, inherited, depth);
    }
    if (v instanceof List<?> list) {
      if (s.dead && inherited == null) {
        return list;
      }
      checkDepth(depth);
      List<Object> out = new ArrayList<>(list.size());
      for (Object element : list) {
        out.add(value(element, s, inherited, key, depth + 1));
      }
      return out;
    }
    checkScalar(v, key);
    if (inherited == null || v == null) {
      return v;
    }
    boolean partial = inherited.action() == MaskAction.PARTIAL;
    if (v instanceof CharSequence text) {
      String string = text.toString();
      String masked = partial ? ValueMasker.partial(string, inherited.keep()) : values.detectPii(string, tally);
      if (partial || masked != string) {
        tally.field(inherited.action());
      }
      return masked;
    }
    if (partial) {
      tally.field(MaskAction.PARTIAL);
      return v instanceof Boolean ? values.marker() : ValueMasker.partial(numberText((Number) v), inherited.keep());
    }
    return v;
  }

  private @Nullable Object terminal(@Nullable Object v, MaskAction action, String key, int depth) {
    if (v == null) {
      return null;
    }
    Object result = switch (action) {
      case NULL -> null;
      case REDACT -> values.marker();
      case HASH -> hash(v, key, depth);
      default -> throw new IllegalStateException("not a terminal action: " + action);
    };
    tally.field(action);
    return result;
  }

  private String hash(Object v, String key, int depth) {
    if (mac == null) {
      mac = values.newMac();
    }
    if (v instanceof CharSequence text) {
      return values.hash(mac, text.toString());
    }
    if (v instanceof Number number) {
      checkScalar(v, key);
      return values.hash(mac, numberText(number));
    }
    if (v instanceof Boolean b) {
      return values.hash(mac, b.toString());
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator g = JsonSupport.WRITER.createGenerator(json)) {
      write(g, v, key, depth);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    mac.update(json.toByteArray());
    return ValueMasker.pseudonym(mac);
  }

  /** Writes a JSON-like tree as compact JSON, checking types and depth on the way. */
  private void write(JsonGenerator g, @Nullable Object v, String key, int depth) throws IOException {
    if (v instanceof Map<?, ?> map) {
      checkDepth(depth);
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String name)) {
          throw new IllegalArgumentException("record keys must be strings");
        }
        g.writeFieldName(name);
        write(g, e.getValue(), name, depth + 1);
      }
      g.writeEndObject();
    } else if (v instanceof List<?> list) {
      checkDepth(depth);
      g.writeStartArray();
      for (Object element : list) {
        write(g, element, key, depth + 1);
      }
      g.writeEndArray();
    } else if (v == null) {
      g.writeNull();
    } else if (v instanceof CharSequence text) {
      g.writeString(text.toString());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      checkScalar(v, key);
      g.writeNumber(numberText((Number) v));
    }
  }

  private static String numberText(Number n) {
    return n instanceof BigDecimal d ? d.toString() : n.toString();
  }

  private static void checkScalar(@Nullable Object v, String key) {
    if ((v instanceof Double d && !Double.isFinite(d)) || (v instanceof Float f && !Float.isFinite(f))) {
      throw new IllegalArgumentException("record field '" + key + "' holds a non-finite number, which JSON cannot carry");
    }
    boolean ok = v == null || v instanceof CharSequence || v instanceof Boolean
        || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger || v instanceof BigDecimal || v instanceof Double || v instanceof Float;
    if (!ok) {
      throw new IllegalArgumentException("record field '" + key + "' holds a value of unsupported type "
          + v.getClass().getName() + "; expected String, Number, Boolean, null, List or Map");
    }
  }

  private void checkDepth(int depth) {
    if (depth > maxDepth) {
      throw new IllegalArgumentException("record nesting exceeds the limit of " + maxDepth + " levels");
    }
  }
}
