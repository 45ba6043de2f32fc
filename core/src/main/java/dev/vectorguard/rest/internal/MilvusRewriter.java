package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Obligations;
import dev.vectorguard.milvus.MilvusExpressions.Confined;
import dev.vectorguard.milvus.MilvusRequestKind;
import dev.vectorguard.milvus.MilvusRules;
import dev.vectorguard.milvus.MilvusSchema;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.rest.RestClassificationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes what {@link MilvusRules} decides into Milvus REST v2 bodies: the confined
 * {@code filter} with its values in {@code exprParams}, {@code limit}, {@code outputFields} (with
 * the collection's schema, when the guard has seen it described). Not public API.
 */
final class MilvusRewriter {
  private MilvusRewriter() {}

  /**
   * Applies {@code ob} to {@code body} in place; whether anything changed.
   *
   * @param schema the collection's schema as last described, {@code null} when unknown
   */
  static boolean rewrite(MilvusRequestKind kind, ObjectNode body, Obligations ob, @Nullable MilvusSchema schema)
      throws RestClassificationException, UnenforceableRequestException {
    boolean changed = false;
    switch (kind) {
      case QUERY, SEARCH -> {
        changed |= limit(body, ob, "", MilvusRules.REST_DEFAULT_LIMIT);
        changed |= outputFields(kind, body, ob, schema);
        changed |= confine(kind, body, ob, "");
      }
      case HYBRID_SEARCH -> {
        changed |= limit(body, ob, "", null);
        changed |= outputFields(kind, body, ob, schema);
        for (ObjectNode search : MilvusBody.searches(kind, body)) {
          changed |= limit(search, ob, "search[].", null);
          changed |= confine(kind, search, ob, "search[].");
        }
      }
      case GET_BY_IDS -> changed |= outputFields(kind, body, ob, schema);
      case DELETE -> changed |= confine(kind, body, ob, "");
      default -> { }
    }
    return changed;
  }

  /**
   * Why the body cannot be served with vectors stripped although the rewrite obeys everything
   * else, or {@code null}: REST rows carry no types, so a base64-encoded binary, half-precision or
   * int8 vector looks like text, and every output field sent must be known from the collection's
   * schema ({@link MilvusRules#untypedOutputRisk}). A query or get naming no output fields reads
   * as the wildcard.
   */
  static @Nullable String untypedRisk(MilvusRequestKind kind, ObjectNode body, Obligations ob,
      @Nullable MilvusSchema schema, String collection) throws RestClassificationException {
    if (!ob.stripVectors() || !kind.returnsRows()) {
      return null;
    }
    List<String> requested = requestedOutput(kind, body);
    List<String> sent = MilvusRules.outputFields(requested, vectorFields(kind, body), schema, ob);
    String risk = MilvusRules.untypedOutputRisk(sent == null ? requested : sent, schema, collection, ob);
    if (risk == null || Json.optArray(body, "outputFields", "") != null) {
      return risk;
    }
    return "a " + (kind == MilvusRequestKind.GET_BY_IDS ? "get" : "query") + " without outputFields reads every"
        + " field: " + risk;
  }

  /** The output fields as the server reads them: a query or get naming none asks for every field. */
  private static List<String> requestedOutput(MilvusRequestKind kind, ObjectNode body)
      throws RestClassificationException {
    ArrayNode output = Json.optArray(body, "outputFields", "");
    if (output != null) {
      return Json.texts(output, "outputFields");
    }
    return kind == MilvusRequestKind.QUERY || kind == MilvusRequestKind.GET_BY_IDS
        ? List.of(MilvusRules.WILDCARD) : List.of();
  }

  /** The fields the body searches on ({@code annsField}, at the top and in each hybrid search). */
  static Set<String> vectorFields(MilvusRequestKind kind, ObjectNode body) throws RestClassificationException {
    Set<String> out = new LinkedHashSet<>();
    List<ObjectNode> holders = new ArrayList<>(List.of(body));
    holders.addAll(MilvusBody.searches(kind, body));
    for (ObjectNode holder : holders) {
      String anns = Json.optText(holder, "annsField", holder == body ? "" : "search[].");
      if (anns != null) {
        out.add(anns);
      }
    }
    return out;
  }

  private static boolean outputFields(MilvusRequestKind kind, ObjectNode body, Obligations ob,
      @Nullable MilvusSchema schema) throws RestClassificationException {
    List<String> sent = MilvusRules.outputFields(requestedOutput(kind, body), vectorFields(kind, body), schema, ob);
    if (sent == null) {
      return false;
    }
    ArrayNode list = body.putArray("outputFields");
    sent.forEach(list::add);
    return true;
  }

  private static boolean limit(ObjectNode node, Obligations ob, String where, @Nullable Long absentMeans)
      throws RestClassificationException {
    Long limit = MilvusRules.limit(Json.optCount(node, "limit", where), absentMeans, ob);
    if (limit == null) {
      return false;
    }
    node.put("limit", limit);
    return true;
  }

  private static boolean confine(MilvusRequestKind kind, ObjectNode node, Obligations ob, String where)
      throws RestClassificationException, UnenforceableRequestException {
    ObjectNode params = Json.optObject(node, "exprParams", where);
    List<String> names = new ArrayList<>();
    if (params != null) {
      params.fieldNames().forEachRemaining(names::add);
    }
    Confined confined = MilvusRules.confine(kind, Json.optTextOrEmpty(node, "filter"), names, ob);
    if (confined == null) {
      return false;
    }
    if (params == null) {
      params = node.putObject("exprParams");
    }
    for (Map.Entry<String, String> value : confined.parameters().entrySet()) {
      params.put(value.getKey(), value.getValue());
    }
    node.put("filter", confined.expression());
    return true;
  }
}
