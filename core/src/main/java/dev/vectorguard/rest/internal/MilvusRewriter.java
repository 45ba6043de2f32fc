package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.rest.RestClassificationException;
import dev.vectorguard.rest.internal.MilvusDialect.Shape;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites Milvus REST v2 bodies: {@code (user filter) and (field == {vg_tenant})} with the value
 * bound through {@code exprParams} (never spliced into the expression), clamped limits, output
 * fields without vectors and within the allowed set. Not public API.
 */
final class MilvusRewriter {
  static final String PARAM = "vg_tenant";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "like", "exists", "true", "false",
      "is", "null", "json_contains", "array_contains", "text_match");

  private MilvusRewriter() {}

  static boolean rewrite(Shape shape, ObjectNode body, Obligations ob) throws RestClassificationException {
    boolean changed = false;
    switch (shape) {
      case QUERY, SEARCH -> {
        changed |= clamp(body, ob, "");
        changed |= outputFields(body, ob, annsFields(body, shape));
        changed |= tenant(body, ob, "");
      }
      case HYBRID -> {
        changed |= clamp(body, ob, "");
        changed |= outputFields(body, ob, annsFields(body, shape));
        ArrayNode searches = Json.optArray(body, "search", "");
        if (searches != null) {
          for (JsonNode search : searches) {
            if (!(search instanceof ObjectNode s)) {
              throw new RestClassificationException("'search' must hold JSON objects");
            }
            changed |= clamp(s, ob, "search[].");
            changed |= tenant(s, ob, "search[].");
          }
        }
      }
      case GET -> changed |= outputFields(body, ob, Set.of());
      case DELETE -> {
        // Milvus refuses a delete without a filter; the tenant clause alone would delete all the tenant's rows.
        if (!ob.tenantFilters().isEmpty() && Json.optTextOrEmpty(body, "filter").isBlank()) {
          throw new RestClassificationException("the delete has no filter expression, so it cannot be confined to the tenant");
        }
        changed |= tenant(body, ob, "");
      }
      case INSERT -> checkRows(body, ob);
      default -> { }
    }
    return changed;
  }

  private static Set<String> annsFields(ObjectNode body, Shape shape) throws RestClassificationException {
    Set<String> out = new LinkedHashSet<>();
    String anns = Json.optText(body, "annsField", "");
    if (anns != null) {
      out.add(anns);
    }
    ArrayNode searches = shape == Shape.HYBRID ? Json.optArray(body, "search", "") : null;
    if (searches != null) {
      for (JsonNode search : searches) {
        String name = search instanceof ObjectNode s ? Json.optText(s, "annsField", "search[].") : null;
        if (name != null) {
          out.add(name);
        }
      }
    }
    return out;
  }

  private static boolean clamp(ObjectNode node, Obligations ob, String where) throws RestClassificationException {
    Integer max = ob.maxResults();
    if (max == null) {
      return false;
    }
    Long limit = Json.optCount(node, "limit", where);
    if (limit == null || limit > max) {
      node.put("limit", max);
      return true;
    }
    return false;
  }

  private static boolean outputFields(ObjectNode body, Obligations ob, Set<String> vectorFields)
      throws RestClassificationException {
    ArrayNode output = Json.optArray(body, "outputFields", "");
    List<String> fields = output == null ? null : Json.texts(output, "outputFields");
    Set<String> allowed = ob.allowedOutputFields();
    Set<String> keep = new LinkedHashSet<>();
    if (allowed != null) {
      if (fields == null || fields.contains("*")) {
        allowed.stream().sorted().forEach(keep::add);
      } else {
        fields.stream().filter(allowed::contains).forEach(keep::add);
      }
    } else if (fields != null) {
      keep.addAll(fields);
    } else {
      return false;
    }
    if (ob.stripVectors()) {
      keep.removeAll(vectorFields);
    }
    if (fields != null && List.copyOf(keep).equals(fields)) {
      return false;
    }
    ArrayNode list = body.putArray("outputFields");
    keep.forEach(list::add);
    return true;
  }

  private static boolean tenant(ObjectNode node, Obligations ob, String where) throws RestClassificationException {
    if (ob.tenantFilters().isEmpty()) {
      return false;
    }
    String user = Json.optTextOrEmpty(node, "filter").strip();
    checkBalanced(user);
    ObjectNode params = Json.optObject(node, "exprParams", where);
    if (params == null) {
      params = node.putObject("exprParams");
    }
    StringBuilder clause = new StringBuilder();
    int i = 0;
    for (TenantFilter filter : ob.tenantFilters()) {
      String field = filter.field();
      if (!IDENTIFIER.matcher(field).matches() || KEYWORDS.contains(field.toLowerCase(java.util.Locale.ROOT))) {
        throw new RestClassificationException("the tenant field '" + field + "' is not a plain Milvus field name");
      }
      String param = i == 0 ? PARAM : PARAM + "_" + i;
      if (params.has(param)) {
        throw new RestClassificationException("'" + where + "exprParams' uses the reserved name '" + param + "'");
      }
      params.put(param, filter.value());
      clause.append(clause.length() == 0 ? "" : " and ").append('(').append(field).append(" == {").append(param)
          .append("})");
      i++;
    }
    node.put("filter", user.isEmpty() ? clause.toString() : "(" + user + ") and " + clause);
    return true;
  }

  /**
   * Refuses expressions whose parentheses are unbalanced or close below zero, or whose string
   * literal is unterminated: {@code x == 1) or (true} would escape the wrapping parentheses.
   */
  static void checkBalanced(String expr) throws RestClassificationException {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        throw new RestClassificationException("the filter closes a parenthesis it did not open");
      }
    }
    if (quote != 0) {
      throw new RestClassificationException("the filter has an unterminated string literal");
    }
    if (depth != 0) {
      throw new RestClassificationException("the filter has unbalanced parentheses");
    }
  }

  private static void checkRows(ObjectNode body, Obligations ob) throws RestClassificationException {
    if (ob.tenantFilters().isEmpty()) {
      return;
    }
    ArrayNode data = Json.optArray(body, "data", "");
    if (data == null) {
      throw new RestClassificationException("an insert must have 'data' rows");
    }
    int i = 0;
    for (JsonNode row : data) {
      for (TenantFilter filter : ob.tenantFilters()) {
        JsonNode value = row.get(filter.field());
        if (value == null || value.isNull()) {
          throw new RestClassificationException("row #" + i + " lacks the tenant field '" + filter.field() + "'");
        }
        if (!value.isTextual() || !value.textValue().equals(filter.value())) {
          throw new RestClassificationException("row #" + i + " has a tenant field '" + filter.field()
              + "' that differs from the caller's tenant");
        }
      }
      i++;
    }
  }
}
