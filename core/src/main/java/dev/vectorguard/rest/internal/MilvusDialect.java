package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.JsonLayout;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
import dev.vectorguard.milvus.MilvusApi;
import dev.vectorguard.milvus.MilvusRequestKind;
import dev.vectorguard.milvus.MilvusRules;
import dev.vectorguard.milvus.MilvusSchema;
import dev.vectorguard.milvus.MilvusSchemas;
import dev.vectorguard.model.AliasBook;
import dev.vectorguard.model.UnenforceableRequestException;
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
 * {@code POST /v2/vectordb/...} route, mapped to the {@link MilvusApi} action it is, whose level
 * and rules it shares with the gRPC binding. The database is the body's {@code dbName}, else the
 * {@code DB-Name} header, else {@code default}, as the server resolves it. Remembers the aliases
 * it saw described or listed, so that a call naming one is decided on the collection behind it
 * too, and the schemas of collections it saw described, so that under vector stripping it can tell
 * a base64 vector field from a text field; use one instance per server. Thread-safe; not public
 * API.
 */
public final class MilvusDialect implements RestDialect {
  private static final String PREFIX = "/v2/vectordb/";
  private static final Map<String, MilvusApi> ROUTES = MilvusRoutes.routes();

  private final AliasBook aliases = new AliasBook();
  private final MilvusSchemas schemas = new MilvusSchemas();

  @Override
  public Backend backend() {
    return Backend.MILVUS;
  }

  static @Nullable MilvusApi apiOf(VectorCall call) {
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
      MilvusApi health = MilvusApi.CHECK_HEALTH;
      return VectorCall.builder(Backend.MILVUS, health.operation()).access(health.access()).endpoint("GET /healthz")
          .build();
    }
    MilvusApi api = request.method().equals("POST") && path.startsWith(PREFIX)
        ? ROUTES.get(path.substring(PREFIX.length())) : null;
    if (api == null) {
      return VectorCall.builder(Backend.MILVUS, Operation.UNKNOWN).endpoint(request.method() + ' ' + path).build();
    }
    ObjectNode body = Json.object(request.body(), "POST " + path);
    checkKeyCase(body, "");
    for (ObjectNode search : MilvusBody.searches(api.kind(), body)) {
      checkKeyCase(search, "search[].");
    }
    ObjectNode score = Json.optObject(body, "functionScore", "");
    if (score != null) {
      checkKeyCase(score, "functionScore.");
      ArrayNode functions = Json.optArray(score, "functions", "functionScore.");
      for (JsonNode function : functions == null ? Json.arrayNode() : functions) {
        if (function instanceof ObjectNode f) {
          checkKeyCase(f, "functionScore.functions[].");
        }
      }
    }
    String database = MilvusRules.database(Json.optText(body, "dbName", ""), request.header("DB-Name"));
    VectorCall.Builder call = VectorCall.builder(Backend.MILVUS, api.operation())
        .access(api.access()).endpoint("POST " + path).database(Paths.checkName("database", database));
    Set<String> collections = new LinkedHashSet<>();
    for (String field : List.of("collectionName", "aliasName", "newCollectionName")) {
      String name = Json.optText(body, field, "");
      if (name != null && !name.isEmpty()) {
        collections.add(Paths.checkName("collection", name));
      }
    }
    try {
      MilvusRules.checkSameDatabase(database, Json.optText(body, "newDbName", ""));
    } catch (UnenforceableRequestException e) {
      throw new RestClassificationException(e.getMessage(), e);
    }
    if (api.global()) {
      call.scope(Scope.GLOBAL);
    } else if (!collections.isEmpty()) {
      call.collections(List.copyOf(collections));
    }
    if (api.operation() == Operation.ALIAS) {
      aliases.forget(Backend.MILVUS); // what was learned is about to be stale, until the next listing
    }
    if (CHANGES_SCHEMA.contains(api.operation())) {
      collections.forEach(name -> schemas.forget(database, name));
    }
    VectorCall resolved = aliases.withTargets(call.build());
    MilvusSchema schema = schemas.find(database, resolved.collections());
    return resolved.toBuilder().facts(facts(api.kind(), body, schema)).build();
  }

  /** Operations after which what a describe showed of the collections they name may be stale. */
  private static final Set<Operation> CHANGES_SCHEMA = Set.of(Operation.CREATE_COLLECTION, Operation.DROP_COLLECTION,
      Operation.ALTER_COLLECTION, Operation.ALIAS);

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
          "search", "data", "ids", "groupingField", "partitionNames", "partitionName", "id", "searchParams", "params",
          "orderByFields", "functionScore", "functions", "inputFieldNames")
      .collect(java.util.stream.Collectors.toUnmodifiableMap(k -> k.toLowerCase(java.util.Locale.ROOT), k -> k));

  private static RequestFacts facts(MilvusRequestKind kind, ObjectNode body, @Nullable MilvusSchema schema)
      throws RestClassificationException {
    ArrayNode output = Json.optArray(body, "outputFields", "");
    List<String> fields = output == null ? List.of() : Json.texts(output, "outputFields");
    boolean filter = !Json.optTextOrEmpty(body, "filter").isEmpty();
    for (ObjectNode search : MilvusBody.searches(kind, body)) {
      filter |= !Json.optTextOrEmpty(search, "filter").isEmpty();
    }
    Long limit = Json.optCount(body, "limit", "");
    return RequestFacts.builder()
        .limit(limit == null ? null : (int) Math.min(Integer.MAX_VALUE, limit))
        .outputFields(fields)
        .vectorsRequested(MilvusRules.vectorsRequested(fields, vectorFields(kind, body, schema)))
        .filterPresent(filter)
        .build();
  }

  /** The fields the body searches on and those the schema gives a vector type. */
  private static Set<String> vectorFields(MilvusRequestKind kind, ObjectNode body, @Nullable MilvusSchema schema)
      throws RestClassificationException {
    Set<String> out = new LinkedHashSet<>(MilvusRewriter.vectorFields(kind, body));
    if (schema != null) {
      out.addAll(schema.vectorFields());
    }
    return out;
  }

  /** The schema of the collection {@code call} reads, as last described through this dialect, or {@code null}. */
  private @Nullable MilvusSchema schemaOf(VectorCall call) {
    return schemas.find(call.database() == null ? MilvusRules.DEFAULT_DATABASE : call.database(), call.collections());
  }

  @Override
  public @Nullable String leakRisk(RestRequest request, VectorCall call, Obligations obligations) {
    MilvusApi api = apiOf(call);
    if (api == null || obligations.isNone()) {
      return null;
    }
    try {
      ObjectNode body = Json.object(request.body(), call.endpoint());
      MilvusRules.check(api, MilvusBody.of(api.kind(), body), obligations);
      String collection = call.collections().isEmpty() ? "" : call.collections().get(0);
      return MilvusRewriter.untypedRisk(api.kind(), body, obligations, schemaOf(call), collection);
    } catch (RestClassificationException | UnenforceableRequestException e) {
      return e.getMessage();
    }
  }

  @Override
  public byte @Nullable [] rewrite(RestRequest request, VectorCall call, Obligations obligations)
      throws RestClassificationException {
    MilvusApi api = apiOf(call);
    if (api == null || obligations.isNone()) {
      return null;
    }
    ObjectNode body = Json.object(request.body(), call.endpoint());
    try {
      MilvusRules.check(api, MilvusBody.of(api.kind(), body), obligations);
      return MilvusRewriter.rewrite(api.kind(), body, obligations, schemaOf(call)) ? Json.bytes(body) : null;
    } catch (UnenforceableRequestException e) {
      throw new RestClassificationException(e.getMessage(), e);
    }
  }

  @Override
  public ResponseKind responseKind(VectorCall call) {
    MilvusApi api = apiOf(call);
    if (api == null) {
      return ResponseKind.PASS;
    }
    return switch (api.kind()) {
      case QUERY, GET_BY_IDS, SEARCH, HYBRID_SEARCH -> ResponseKind.RECORDS;
      case LIST_COLLECTIONS, LIST_ALIASES, DESCRIBE_ALIAS -> ResponseKind.COLLECTIONS;
      default -> api == MilvusApi.DESCRIBE_COLLECTION ? ResponseKind.COLLECTIONS : ResponseKind.PASS;
    };
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, InputStream in,
      OutputStream out)
      throws MaskingException {
    return mask(call, obligations, plan, target -> plan.maskJson(in, target, ROWS), out);
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, byte[] body,
      OutputStream out) throws MaskingException {
    return mask(call, obligations, plan, target -> plan.maskJson(body, target, ROWS), out);
  }

  private static final JsonLayout ROWS = JsonLayout.of(List.of("data[*]"), List.of());

  /** The response's rows masked into a target stream; the first step of {@link #maskResponse}. */
  private interface RowMasking {
    MaskCounts into(OutputStream target) throws MaskingException;
  }

  private MaskCounts mask(VectorCall call, Obligations obligations, MaskPlan plan, RowMasking rows, OutputStream out)
      throws MaskingException {
    if (!plan.stripsVectors() && !obligations.hidesFields()) {
      return rows.into(out);
    }
    java.io.ByteArrayOutputStream masked = new java.io.ByteArrayOutputStream();
    MaskCounts counts = rows.into(masked);
    byte[] body = masked.toByteArray();
    if (obligations.hidesFields() && ErrorBodies.milvusErrorCode(body) != 0) {
      // Milvus reports errors in HTTP 200 bodies; their message is outside the masked rows.
      write(out, ErrorBodies.withheld(Backend.MILVUS, body));
      return counts;
    }
    if (!plan.stripsVectors()) {
      write(out, body);
      return counts;
    }
    return counts.plus(MilvusVectors.strip(body, out, schemaOf(call)));
  }

  private static void write(OutputStream out, byte[] body) throws MaskingException {
    try {
      out.write(body);
      out.flush();
    } catch (java.io.IOException e) {
      throw new MaskingException("could not write the body: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Filters collection and alias listings, learns the aliases that {@code aliases/describe}
   * ({@code data: {aliasName, collectionName, dbName}}) and {@code aliases/list} (alias names of
   * the body's {@code collectionName}) return, and learns the schema {@code collections/describe}
   * shows.
   */
  @Override
  public byte[] filterCollections(VectorCall call, byte[] body, Predicate<String> visible)
      throws RestClassificationException {
    MilvusApi api = apiOf(call);
    JsonNode root = Json.parse(body, "the response of " + call.endpoint());
    if (api == MilvusApi.DESCRIBE_COLLECTION) {
      learnSchema(call, root);
      return body;
    }
    if (api == MilvusApi.DESCRIBE_ALIAS) {
      JsonNode data = root.path("data");
      String db = data.path("dbName").asText("");
      aliases.learn(Backend.MILVUS, db.isEmpty() ? call.database() : db, data.path("aliasName").asText(""),
          data.path("collectionName").asText(""));
      return body;
    }
    if (api == MilvusApi.LIST_ALIASES && !call.collections().isEmpty() && root.path("data").isArray()) {
      String named = call.collections().get(0);
      String target = aliases.resolve(Backend.MILVUS, call.database(), named);
      for (JsonNode alias : root.get("data")) {
        if (alias.isTextual()) {
          aliases.learn(Backend.MILVUS, call.database(), alias.textValue(), target != null ? target : named);
        }
      }
    }
    return Listings.keep(root, root.get("data"), null, visible, call.endpoint()) ? Json.bytes(root) : body;
  }

  /**
   * Learns the schema of a {@code collections/describe} response ({@code handler_v2.go}
   * {@code getCollectionDetails}: {@code data.fields[].{name, type}}, {@code data.enableDynamicField},
   * struct arrays in {@code data.structFields[].{name, fields[].{name, type}}} on 3.0), under the name
   * asked for, the collection's own name and its aliases. A response without a schema (an error,
   * {@code code} other than 0) makes the guard forget the name asked for.
   */
  private void learnSchema(VectorCall call, JsonNode root) {
    String database = call.database() == null ? MilvusRules.DEFAULT_DATABASE : call.database();
    String asked = call.collections().isEmpty() ? "" : call.collections().get(0);
    JsonNode data = root.path("data");
    MilvusSchema schema = root.path("code").asInt(-1) == 0 ? schemaOf(data) : null;
    if (schema == null) {
      schemas.forget(database, asked);
      return;
    }
    schemas.learn(database, asked, schema);
    schemas.learn(database, data.path("collectionName").asText(""), schema);
    for (JsonNode alias : data.path("aliases")) {
      schemas.learn(database, alias.asText(""), schema);
    }
  }

  private static @Nullable MilvusSchema schemaOf(JsonNode data) {
    if (!(data.get("fields") instanceof ArrayNode fields)) {
      return null;
    }
    MilvusSchema.Builder schema = MilvusSchema.builder().dynamicFields(data.path("enableDynamicField").asBoolean());
    for (JsonNode field : fields) {
      if (!field.path("name").isTextual() || !field.path("type").isTextual()) {
        return null;
      }
      schema.field(field.get("name").textValue(), field.get("type").textValue());
    }
    for (String key : List.of("structFields", "structArrayFields")) {
      for (JsonNode struct : data.path(key)) {
        Map<String, String> subs = new java.util.LinkedHashMap<>();
        for (JsonNode sub : struct.path("fields")) {
          subs.put(sub.path("name").asText(""), sub.path("type").asText(""));
        }
        schema.struct(struct.path("name").asText(""), subs);
      }
    }
    return schema.build();
  }
}
