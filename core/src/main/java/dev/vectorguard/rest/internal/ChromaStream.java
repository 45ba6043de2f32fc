package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskedRecord;
import dev.vectorguard.mask.MaskingException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The second step of masking a Chroma record response, as one streaming pass over the output of
 * the first (the engine's pass over metadata records and embeddings): masks each document as the
 * pseudo-field {@value ChromaBodies#DOCUMENT}, removes the sparse vectors kept in metadata
 * (object values) when vectors are stripped, keeps only the allowed metadata keys (and documents)
 * when output fields are restricted. Its output is byte for byte what reading the first pass into
 * a tree, changing the tree and writing it with {@link Json#MAPPER} gave: numbers are written as
 * the tree holds them (floats as {@code BigDecimal}s without trailing zeros, integers in their
 * shortest form), strings with that mapper's escaping. A document that cannot be masked fails
 * once the whole body was read, as the tree failed only after reading all of it. Single use, not
 * thread-safe. Not public API.
 */
final class ChromaStream {
  private final boolean flat;
  private final MaskPlan plan;
  private final @Nullable Set<String> allowed;
  private final JsonParser p;
  private final JsonGenerator g;
  private MaskCounts counts = MaskCounts.NONE;
  private long sparse;
  private @Nullable String documentError;

  private ChromaStream(boolean flat, MaskPlan plan, @Nullable Set<String> allowed, JsonParser p, JsonGenerator g) {
    this.flat = flat;
    this.plan = plan;
    this.allowed = allowed;
    this.p = p;
    this.g = g;
  }

  /**
   * Applies the second step to {@code masked} (the first pass's output: one JSON document) and
   * writes the result to {@code out}; what it masked and stripped.
   *
   * @throws MaskingException when a document is not a string or the documents of a query are not
   *     nested lists, or the body cannot be read as the tree read it
   */
  static MaskCounts apply(boolean flat, MaskPlan plan, @Nullable Set<String> allowed, byte[] masked,
      OutputStream out) throws MaskingException {
    MaskCounts counts;
    try (JsonParser p = Json.MAPPER.createParser(masked);
        JsonGenerator g = Json.MAPPER.createGenerator(out, JsonEncoding.UTF8)) {
      counts = new ChromaStream(flat, plan, allowed, p, g).run();
    } catch (MaskingException e) {
      throw e;
    } catch (IOException e) {
      // What reading the masked body into a tree failed with.
      throw new MaskingException("the masked response is not valid JSON", e);
    }
    return counts;
  }

  private MaskCounts run() throws IOException, MaskingException {
    if (p.nextToken() == null) {
      throw new IOException("empty masked body");
    }
    if (p.currentToken() == JsonToken.START_OBJECT) {
      root();
    } else {
      copy();
    }
    if (p.nextToken() != null) {
      throw new IOException("content after the masked document");
    }
    if (documentError != null) {
      throw new MaskingException(documentError);
    }
    g.flush();
    return counts.plus(MaskCounts.of(Map.of(), Map.of(), sparse, 0));
  }

  private void root() throws IOException, MaskingException {
    g.writeStartObject();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      g.writeFieldName(name);
      if (name.equals("documents") && t == JsonToken.START_ARRAY) {
        documents();
      } else if (name.equals("documents") && t != JsonToken.VALUE_NULL) {
        // A string or object here is no list of documents, and nothing would mask it.
        fail("the documents of the response are not a list");
        copy();
      } else if (name.equals("metadatas") && (plan.stripsVectors() || allowed != null)) {
        metadatas();
      } else {
        copy();
      }
    }
    g.writeEndObject();
  }

  /** Masks every document; writes null instead of them when documents are not allowed. */
  private void documents() throws IOException, MaskingException {
    boolean hidden = allowed != null && !allowed.contains(ChromaBodies.DOCUMENT);
    if (hidden) {
      g.writeNull();
    } else {
      g.writeStartArray();
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (flat) {
        document(hidden);
      } else if (p.currentToken() == JsonToken.START_ARRAY) {
        if (!hidden) {
          g.writeStartArray();
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
          document(hidden);
        }
        if (!hidden) {
          g.writeEndArray();
        }
      } else if (p.currentToken() == JsonToken.VALUE_NULL) {
        if (!hidden) {
          g.writeNull();
        }
      } else {
        fail("the documents of a query response are not nested lists");
        skipOrCopy(hidden);
      }
    }
    if (!hidden) {
      g.writeEndArray();
    }
  }

  private void document(boolean hidden) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      if (!hidden) {
        g.writeNull();
      }
      return;
    }
    if (t != JsonToken.VALUE_STRING) {
      fail("a document in the response is not a string");
      skipOrCopy(hidden);
      return;
    }
    Map<String, Object> record = new LinkedHashMap<>();
    record.put(ChromaBodies.DOCUMENT, p.getText());
    MaskedRecord masked = plan.maskRecord(record);
    counts = counts.plus(masked.counts());
    if (!hidden) {
      Object value = masked.record().get(ChromaBodies.DOCUMENT);
      if (value == null) {
        g.writeNull();
      } else {
        g.writeString(value.toString());
      }
    }
  }

  /** The metadatas value: arrays at any depth around metadata objects. */
  private void metadatas() throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      g.writeStartArray();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        metadatas();
      }
      g.writeEndArray();
    } else if (t == JsonToken.START_OBJECT) {
      g.writeStartObject();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if (plan.stripsVectors() && value == JsonToken.START_OBJECT) {
          sparse++; // a sparse vector: the only object a metadata value may be
          p.skipChildren();
        } else if (allowed != null && !allowed.contains(key)) {
          p.skipChildren();
        } else {
          g.writeFieldName(key);
          copy();
        }
      }
      g.writeEndObject();
    } else {
      copy();
    }
  }

  /** Remembers the first document error, raised once the body was read as the tree path did. */
  private void fail(String message) {
    if (documentError == null) {
      documentError = message;
    }
  }

  private void skipOrCopy(boolean hidden) throws IOException {
    if (hidden) {
      p.skipChildren();
    } else {
      copy();
    }
  }

  /** Copies the current value as the tree wrote it. */
  private void copy() throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          g.writeFieldName(p.currentName());
          p.nextToken();
          copy();
        }
        g.writeEndObject();
      }
      case START_ARRAY -> {
        g.writeStartArray();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          copy();
        }
        g.writeEndArray();
      }
      case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      case VALUE_NUMBER_INT -> {
        switch (p.getNumberType()) {
          case INT -> g.writeNumber(p.getIntValue());
          case LONG -> g.writeNumber(p.getLongValue());
          default -> g.writeNumber(p.getBigIntegerValue());
        }
      }
      case VALUE_NUMBER_FLOAT -> g.writeNumber(normalised(p.getDecimalValue()));
      case VALUE_TRUE -> g.writeBoolean(true);
      case VALUE_FALSE -> g.writeBoolean(false);
      case VALUE_NULL -> g.writeNull();
      default -> throw new IOException("unexpected token " + t);
    }
  }

  /** A float as the tree holds it: without trailing zeros, zero as {@code 0}. */
  private static BigDecimal normalised(BigDecimal value) {
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }
}
