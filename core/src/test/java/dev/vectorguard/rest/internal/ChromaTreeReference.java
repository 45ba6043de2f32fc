package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.mask.JsonLayout;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskedRecord;
import dev.vectorguard.mask.MaskingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How Chroma record responses were masked before the streaming second pass, kept as the reference
 * {@link ChromaStreamEquivalenceTest} compares against: the engine's streaming pass, then the
 * masked body read into a tree, documents masked, sparse vectors and disallowed keys removed in
 * the tree, and the tree written with {@link Json#MAPPER}. Copied unchanged from {@code
 * ChromaBodies.mask} as it was.
 */
final class ChromaTreeReference {
  private static final String DOCUMENT = ChromaBodies.DOCUMENT;

  private ChromaTreeReference() {}

  static MaskCounts mask(boolean flat, MaskPlan plan, @Nullable Set<String> allowed, InputStream in, OutputStream out)
      throws MaskingException {
    String records = flat ? "metadatas[*]" : "metadatas[*][*]";
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    MaskCounts counts = plan.maskJson(in, first, JsonLayout.of(List.of(records), List.of("embeddings")));
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(new ByteArrayInputStream(first.toByteArray()));
    } catch (IOException e) {
      throw new MaskingException("the masked response is not valid JSON", e);
    }
    JsonNode documents = root == null ? null : root.get("documents");
    if (documents instanceof ArrayNode outer) {
      counts = counts.plus(maskDocuments(outer, flat, plan));
    }
    if (plan.stripsVectors() && root instanceof ObjectNode object) {
      counts = counts.plus(MaskCounts.of(Map.of(), Map.of(), stripSparse(object.get("metadatas")), 0));
    }
    if (allowed != null && root instanceof ObjectNode object) {
      keepOnly(object.get("metadatas"), allowed);
      if (!allowed.contains(DOCUMENT) && object.get("documents") instanceof ArrayNode) {
        object.putNull("documents");
      }
    }
    try {
      out.write(Json.bytes(root == null ? Json.objectNode() : root));
    } catch (IOException e) {
      throw new MaskingException("the masked response could not be written", e);
    }
    return counts;
  }

  private static long stripSparse(@Nullable JsonNode metadatas) {
    long n = 0;
    if (metadatas instanceof ArrayNode array) {
      for (JsonNode element : array) {
        n += stripSparse(element);
      }
    } else if (metadatas instanceof ObjectNode metadata) {
      for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
        if (it.next().getValue().isObject()) {
          it.remove();
          n++;
        }
      }
    }
    return n;
  }

  private static void keepOnly(@Nullable JsonNode metadatas, Set<String> allowed) {
    if (metadatas instanceof ArrayNode array) {
      array.forEach(element -> keepOnly(element, allowed));
    } else if (metadatas instanceof ObjectNode metadata) {
      metadata.retain(allowed);
    }
  }

  private static MaskCounts maskDocuments(ArrayNode documents, boolean flat, MaskPlan plan) throws MaskingException {
    MaskCounts counts = MaskCounts.NONE;
    for (int i = 0; i < documents.size(); i++) {
      JsonNode element = documents.get(i);
      if (flat) {
        counts = counts.plus(maskDocument(documents, i, plan));
      } else if (element instanceof ArrayNode row) {
        for (int j = 0; j < row.size(); j++) {
          counts = counts.plus(maskDocument(row, j, plan));
        }
      } else if (!element.isNull()) {
        throw new MaskingException("the documents of a query response are not nested lists");
      }
    }
    return counts;
  }

  private static MaskCounts maskDocument(ArrayNode array, int index, MaskPlan plan) throws MaskingException {
    JsonNode document = array.get(index);
    if (document == null || document.isNull()) {
      return MaskCounts.NONE;
    }
    if (!document.isTextual()) {
      throw new MaskingException("a document in the response is not a string");
    }
    Map<String, Object> record = new LinkedHashMap<>();
    record.put(DOCUMENT, document.textValue());
    MaskedRecord masked = plan.maskRecord(record);
    Object value = masked.record().get(DOCUMENT);
    array.set(index, value == null ? Json.NODES.nullNode() : Json.MAPPER.valueToTree(value));
    return masked.counts();
  }
}
