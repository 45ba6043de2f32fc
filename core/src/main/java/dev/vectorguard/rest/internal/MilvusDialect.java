package dev.vectorguard.rest.internal;

import static dev.vectorguard.AccessLevel.ADMIN;
import static dev.vectorguard.AccessLevel.MANAGE;
import static dev.vectorguard.AccessLevel.NONE;
import static dev.vectorguard.AccessLevel.READ;
import static dev.vectorguard.AccessLevel.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.JsonLayout;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
import dev.vectorguard.rest.RestClassificationException;
import dev.vectorguard.rest.RestDialect;
import dev.vectorguard.rest.RestRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Milvus RESTful API v2 (2.6, {@code internal/distributed/proxy/httpserver/handler_v2.go}): every
 * {@code POST /v2/vectordb/...} route, classified by the privilege of the gRPC method it calls
 * ({@code privilege_ext_obj}), and stricter where Milvus checks nothing (has, list). The database
 * is the body's {@code dbName}, else the {@code DB-Name} header, else {@code default}, as the
 * server resolves it. Not public API.
 */
public final class MilvusDialect implements RestDialect {
  enum Shape { NONE, QUERY, GET, SEARCH, HYBRID, DELETE, INSERT, UPSERT, LIST, LIST_ALIASES, ALIAS, RENAME }

  record Endpoint(Operation operation, AccessLevel access, Shape shape) {}

  private static final String PREFIX = "/v2/vectordb/";
  private static final Map<String, Endpoint> ROUTES = MilvusRoutes.routes();

  @Override
  public Backend backend() {
    return Backend.MILVUS;
  }

  static @Nullable Endpoint endpointOf(VectorCall call) {
    if (call.backend() != Backend.MILVUS || !call.endpoint().startsWith("POST " + PREFIX)) {
      return null;
    }
    return ROUTES.get(call.endpoint().substring(("POST " + PREFIX).length()));
  }

  @Override
  public VectorCall classify(RestRequest request) throws RestClassificationException {
    List<String> segments = Paths.segments(request.rawPath());
    String path = Paths.join(segments);
    if (request.method().equals("GET") && path.equals("/healthz")) {
      return VectorCall.builder(Backend.MILVUS, Operation.HEALTH).access(NONE).endpoint("GET /healthz").build();
    }
    Endpoint endpoint = request.method().equals("POST") && path.startsWith(PREFIX)
        ? ROUTES.get(path.substring(PREFIX.length())) : null;
    if (endpoint == null) {
      return VectorCall.builder(Backend.MILVUS, Operation.UNKNOWN).endpoint(request.method() + ' ' + path).build();
    }
    ObjectNode body = Json.object(request.body(), "POST " + path);
    checkKeyCase(body, "");
    ArrayNode searches = endpoint.shape() == Shape.HYBRID ? Json.optArray(body, "search", "") : null;
    if (searches != null) {
      for (JsonNode search : searches) {
        if (search instanceof ObjectNode s) {
          checkKeyCase(s, "search[].");
        }
      }
    }
    String bodyDb = Json.optText(body, "dbName", "");
    String headerDb = request.header("DB-Name");
    String database = bodyDb != null && !bodyDb.isEmpty() ? bodyDb
        : headerDb != null && !headerDb.isEmpty() ? headerDb : "default";
    VectorCall.Builder call = VectorCall.builder(Backend.MILVUS, endpoint.operation())
        .access(endpoint.access()).endpoint("POST " + path).database(Paths.checkName("database", database));
    Set<String> collections = new LinkedHashSet<>();
    for (String field : List.of("collectionName", "aliasName", "newCollectionName")) {
      String name = Json.optText(body, field, "");
      if (name != null && !name.isEmpty()) {
        collections.add(Paths.checkName("collection", name));
      }
    }
    String newDb = Json.optText(body, "newDbName", "");
    if (newDb != null && !newDb.isEmpty() && !newDb.equals(database)) {
      throw new RestClassificationException("renaming a collection into another database ('" + newDb
          + "') is not supported by the guard");
    }
    call.facts(facts(endpoint.shape(), body));
    if (!collections.isEmpty()) {
      call.collections(List.copyOf(collections));
    }
    return call.build();
  }

  /**
   * Milvus decodes bodies with Go's encoding/json, which matches keys case-insensitively and lets
   * the last of two matching keys win: {@code {"collectionName":"docs","COLLECTIONNAME":"secret"}}
   * reaches {@code secret}; Go's folding also matches U+017F to {@code s} and U+212A to {@code k}.
   * Keys the guard reads must therefore be spelled exactly, and no two keys may differ only in case.
   */
  private static void checkKeyCase(ObjectNode object, String where) throws RestClassificationException {
    Map<String, String> seen = new java.util.HashMap<>();
    for (java.util.Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      // Go folds with Unicode simple folding: U+017F (long s) matches 's'; toLowerCase already maps U+212A to 'k'.
      String lower = key.replace('\u017f', 's').toLowerCase(java.util.Locale.ROOT);
      String previous = seen.put(lower, key);
      if (previous != null) {
        throw new RestClassificationException("the keys '" + where + previous + "' and '" + where + key
            + "' name the same field for Milvus, which matches keys case-insensitively");
      }
      String canonical = GUARDED_KEYS.get(lower);
      if (canonical != null && !canonical.equals(key)) {
        throw new RestClassificationException("'" + where + key + "' must be spelled '" + canonical + "'");
      }
    }
  }

  private static final Map<String, String> GUARDED_KEYS = java.util.stream.Stream.of("dbName", "collectionName",
          "aliasName", "newCollectionName", "newDbName", "filter", "exprParams", "outputFields", "limit", "annsField",
          "search", "data", "groupingField", "partitionNames", "partitionName", "id")
      .collect(java.util.stream.Collectors.toUnmodifiableMap(k -> k.toLowerCase(java.util.Locale.ROOT), k -> k));

  private static RequestFacts facts(Shape shape, ObjectNode body) throws RestClassificationException {
    ArrayNode output = Json.optArray(body, "outputFields", "");
    List<String> fields = output == null ? List.of() : Json.texts(output, "outputFields");
    String anns = Json.optText(body, "annsField", "");
    boolean filter = !Json.optTextOrEmpty(body, "filter").isEmpty();
    ArrayNode searches = shape == Shape.HYBRID ? Json.optArray(body, "search", "") : null;
    if (searches != null) {
      for (JsonNode search : searches) {
        filter |= search instanceof ObjectNode s && !Json.optTextOrEmpty(s, "filter").isEmpty();
      }
    }
    Long limit = Json.optCount(body, "limit", "");
    return RequestFacts.builder()
        .limit(limit == null ? null : (int) Math.min(Integer.MAX_VALUE, limit))
        .outputFields(fields)
        .vectorsRequested(fields.contains("*") || anns != null && fields.contains(anns))
        .filterPresent(filter)
        .build();
  }

  @Override
  public @Nullable String leakRisk(RestRequest request, VectorCall call, Obligations obligations) {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null || obligations.isNone()) {
      return null;
    }
    if (!obligations.tenantFilters().isEmpty()) {
      if (endpoint.shape() == Shape.GET) {
        return "entities/get cannot be tenant-filtered; use entities/query with a filter on the primary key";
      }
      if (endpoint.shape() == Shape.UPSERT) {
        return "upsert can overwrite another tenant's row with the same primary key; use insert";
      }
      if (call.operation() == Operation.UPSERT && endpoint.shape() == Shape.NONE) {
        return "a bulk import writes rows from files whose tenant field the guard cannot check; use insert";
      }
    }
    if (obligations.stripVectors() && call.facts().outputFields().contains("*")) {
      return "outputFields '*' may return vector fields; list the output fields explicitly";
    }
    try {
      ObjectNode body = Json.object(request.body(), call.endpoint());
      String grouping = Json.optText(body, "groupingField", "");
      String selector = grouping == null ? null : MaskSelectors.covering(obligations, grouping);
      if (selector != null) {
        return "grouping by '" + grouping + "' would reveal values of the masked field '" + selector + "'";
      }
    } catch (RestClassificationException e) {
      return e.getMessage();
    }
    return null;
  }

  @Override
  public byte @Nullable [] rewrite(RestRequest request, VectorCall call, Obligations obligations)
      throws RestClassificationException {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null || obligations.isNone()) {
      return null;
    }
    ObjectNode body = Json.object(request.body(), call.endpoint());
    return MilvusRewriter.rewrite(endpoint.shape(), body, obligations) ? Json.bytes(body) : null;
  }

  @Override
  public ResponseKind responseKind(VectorCall call) {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null) {
      return ResponseKind.PASS;
    }
    return switch (endpoint.shape()) {
      case QUERY, GET, SEARCH, HYBRID -> ResponseKind.RECORDS;
      case LIST, LIST_ALIASES -> ResponseKind.COLLECTIONS;
      default -> ResponseKind.PASS;
    };
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, InputStream in,
      OutputStream out)
      throws MaskingException {
    JsonLayout rows = JsonLayout.of(List.of("data[*]"), List.of());
    if (!plan.stripsVectors()) {
      return plan.maskJson(in, out, rows);
    }
    java.io.ByteArrayOutputStream masked = new java.io.ByteArrayOutputStream();
    MaskCounts counts = plan.maskJson(in, masked, rows);
    return counts.plus(MilvusVectors.strip(masked.toByteArray(), out));
  }

  @Override
  public byte[] filterCollections(VectorCall call, byte[] body, Predicate<String> visible)
      throws RestClassificationException {
    JsonNode root = Json.parse(body, "the response of " + call.endpoint());
    return Listings.keep(root, root.get("data"), null, visible, call.endpoint()) ? Json.bytes(root) : body;
  }
}
