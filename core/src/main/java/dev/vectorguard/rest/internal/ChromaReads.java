package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.chroma.ChromaApi.Kind;
import dev.vectorguard.chroma.ChromaRules;
import dev.vectorguard.chroma.ChromaRules.Read;
import dev.vectorguard.chroma.ChromaRules.ReadUse;
import dev.vectorguard.rest.RestClassificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a Chroma v2 body reads of its records, for {@link ChromaRules#checkReads}: the keys and
 * documents its {@code where} and {@code where_document} test (get, query, delete), and a search's
 * {@code filter}, {@code group_by} and {@code rank} keys, read as Chroma 1.x reads them
 * ({@code rust/types/src/where_parsing.rs}). A document operator ({@code $contains},
 * {@code $not_contains}, {@code $regex}, {@code $not_regex}) under any {@code where} key reads the
 * document (newer servers) and, under a metadata key, that key (older ones: array containment):
 * both are listed. Reserved keys other than {@code #document}, {@code #id}, {@code #score} and
 * {@code #embedding}, and operators the guard does not know, are refused rather than guessed. Not
 * public API.
 */
final class ChromaReads {
  private static final Set<String> EQUALITY = Set.of("$eq", "$ne", "$in", "$nin");
  private static final Set<String> ORDERING = Set.of("$gt", "$gte", "$lt", "$lte");
  private static final Set<String> DOCUMENT_OPERATORS = Set.of("$contains", "$not_contains", "$regex", "$not_regex");
  /** Reserved keys that name no protected field: the id, the score and the embedding are no metadata. */
  private static final Set<String> UNPROTECTED = Set.of("#id", "#score", "#embedding");
  private static final String DOCUMENT_KEY = "#document";

  private ChromaReads() {}

  static List<Read> of(Kind shape, ObjectNode body) throws RestClassificationException {
    List<Read> out = new ArrayList<>();
    switch (shape) {
      case GET, QUERY, DELETE -> {
        where(body.get("where"), "where", out);
        whereDocument(body.get("where_document"), out);
      }
      case SEARCH -> {
        ArrayNode searches = Json.optArray(body, "searches", "");
        for (JsonNode search : searches == null ? Json.arrayNode() : searches) {
          if (search instanceof ObjectNode s) {
            search(s, out);
          }
        }
      }
      default -> { }
    }
    return out;
  }

  private static void search(ObjectNode search, List<Read> out) throws RestClassificationException {
    JsonNode filter = search.get("filter");
    if (filter instanceof ObjectNode f && isLegacyFilter(f)) {
      where(f.get("where_clause"), "searches[].filter.where_clause", out);
    } else {
      where(filter, "searches[].filter", out);
    }
    ObjectNode groupBy = Json.optObject(search, "group_by", "searches[].");
    if (groupBy != null) {
      ArrayNode keys = Json.optArray(groupBy, "keys", "searches[].group_by.");
      for (String key : keys == null ? List.<String>of() : Json.texts(keys, "searches[].group_by.keys")) {
        key(ReadUse.GROUP, key, false, out);
      }
      keys(groupBy.get("aggregate"), ReadUse.ORDER, out);
    }
    keys(search.get("rank"), ReadUse.SCORE, out);
  }

  /**
   * Whether a search's {@code filter} has the older shape ({@code {"query_ids": [..], "where_clause":
   * {..}}}) rather than being the where clause itself, as Chroma 1.x reads it.
   */
  static boolean isLegacyFilter(ObjectNode filter) {
    if (filter.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : filter.properties()) {
      boolean ids = e.getKey().equals("query_ids") && (e.getValue().isArray() || e.getValue().isNull());
      boolean where = e.getKey().equals("where_clause") && (e.getValue().isObject() || e.getValue().isNull());
      if (!ids && !where) {
        return false;
      }
    }
    return true;
  }

  /** Every key a {@code rank} expression or a {@code group_by} aggregate names, at any depth, but not query vectors. */
  private static void keys(@Nullable JsonNode node, ReadUse use, List<Read> out) throws RestClassificationException {
    if (node instanceof ArrayNode array) {
      for (JsonNode child : array) {
        keys(child, use, out);
      }
    } else if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        JsonNode value = e.getValue();
        switch (e.getKey()) {
          case "key" -> {
            if (!value.isTextual()) {
              throw new RestClassificationException("a search's 'key' must be a string");
            }
            key(use, value.textValue(), false, out);
          }
          case "keys" -> {
            if (!(value instanceof ArrayNode array)) {
              throw new RestClassificationException("a search's 'keys' must be an array of strings");
            }
            for (String key : Json.texts(array, "keys")) {
              key(use, key, false, out);
            }
          }
          case "query" -> { } // a vector or a text to embed, no key
          default -> keys(value, use, out);
        }
      }
    }
  }

  /** A search key: a metadata key, {@code #document}, or a reserved key naming no protected field. */
  private static void key(ReadUse use, String key, boolean exact, List<Read> out) throws RestClassificationException {
    if (key.equals(DOCUMENT_KEY)) {
      out.add(new Read(use, ChromaRules.DOCUMENT, DOCUMENT_KEY, exact));
    } else if (key.startsWith("#") || key.startsWith("$")) {
      if (!UNPROTECTED.contains(key)) {
        throw new RestClassificationException("the key '" + key + "' is not one the guard reads");
      }
    } else {
      out.add(new Read(use, key, key, exact));
    }
  }

  private static void where(@Nullable JsonNode where, String at, List<Read> out) throws RestClassificationException {
    if (where == null || where.isNull()) {
      return;
    }
    if (!(where instanceof ObjectNode object)) {
      throw new RestClassificationException("'" + at + "' must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals("$and") || key.equals("$or")) {
        if (!(value instanceof ArrayNode children)) {
          throw new RestClassificationException("'" + at + "." + key + "' must be an array");
        }
        for (JsonNode child : children) {
          where(child, at + "." + key + "[]", out);
        }
      } else if (value.isTextual() || value.isNumber() || value.isBoolean()) {
        key(ReadUse.FILTER, key, true, out); // {"key": value} is $eq
      } else if (value instanceof ObjectNode comparison) {
        for (Map.Entry<String, JsonNode> c : comparison.properties()) {
          String operator = c.getKey();
          if (DOCUMENT_OPERATORS.contains(operator)) {
            out.add(new Read(ReadUse.FILTER, ChromaRules.DOCUMENT, key.equals(DOCUMENT_KEY) ? key : "document", false));
            if (!key.equals(DOCUMENT_KEY)) {
              key(ReadUse.FILTER, key, false, out);
            }
          } else if (EQUALITY.contains(operator) || ORDERING.contains(operator)) {
            key(ReadUse.FILTER, key, EQUALITY.contains(operator), out);
          } else {
            throw new RestClassificationException("the where operator '" + operator + "' is not one the guard reads");
          }
        }
      } else {
        throw new RestClassificationException("the where condition on '" + key + "' is not one the guard reads");
      }
    }
  }

  /** Any {@code where_document} condition reads the document ({@code $contains}, {@code $regex}...), none exactly. */
  private static void whereDocument(@Nullable JsonNode where, List<Read> out) throws RestClassificationException {
    if (where == null || where.isNull()) {
      return;
    }
    if (!(where instanceof ObjectNode object)) {
      throw new RestClassificationException("'where_document' must be a JSON object");
    }
    if (!object.isEmpty()) {
      out.add(new Read(ReadUse.FILTER, ChromaRules.DOCUMENT, "document", false));
    }
  }
}
