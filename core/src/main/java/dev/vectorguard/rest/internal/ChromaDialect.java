package dev.vectorguard.rest.internal;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import dev.vectorguard.chroma.ChromaApi.Kind;
import dev.vectorguard.chroma.ChromaApi;
import dev.vectorguard.chroma.ChromaRules;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Chroma HTTP API v2 ({@code /api/v2}, per its OpenAPI). Chroma has no authorization of its own
 * beyond a token, so levels follow the operation. Its data endpoints name a collection by id
 * (UUID): this dialect learns id → name from the collection objects in responses (create, get,
 * list, fork) and refuses ids it has not seen, so policies always decide on names. The call's
 * database is {@code "<tenant>/<database>"}. Thread-safe; not public API.
 */
public final class ChromaDialect implements RestDialect {
  private static final String DB = "/api/v2/tenants/{tenant}/databases/{database}";
  private static final String BY_ID = DB + "/collections/{id}";
  private static final RouteTable<ChromaApi> ROUTES = routes();

  /** id → name, keyed by "tenant/database/id". */
  private final Map<String, String> names = new ConcurrentHashMap<>();

  @Override
  public Backend backend() {
    return Backend.CHROMA;
  }

  private static RouteTable<ChromaApi> routes() {
    RouteTable<ChromaApi> t = new RouteTable<>();
    for (String p : List.of("heartbeat", "healthcheck", "version", "pre-flight-checks")) {
      t.add("GET", "/api/v2/" + p, ChromaApi.HEALTH);
    }
    t.add("GET", "/api/v2/auth/identity", ChromaApi.IDENTITY);
    t.add("POST", "/api/v2/reset", ChromaApi.RESET);
    t.add("POST", "/api/v2/tenants", ChromaApi.CREATE_TENANT);
    t.add("GET", "/api/v2/tenants/{tenant}", ChromaApi.GET_TENANT);
    t.add("PATCH", "/api/v2/tenants/{tenant}", ChromaApi.UPDATE_TENANT);
    t.add("GET", "/api/v2/tenants/{tenant}/databases", ChromaApi.LIST_DATABASES);
    t.add("POST", "/api/v2/tenants/{tenant}/databases", ChromaApi.CREATE_DATABASE);
    t.add("GET", DB, ChromaApi.GET_DATABASE);
    t.add("DELETE", DB, ChromaApi.DELETE_DATABASE);
    t.add("GET", DB + "/collections", ChromaApi.LIST_COLLECTIONS);
    t.add("GET", DB + "/collections_count", ChromaApi.COUNT_COLLECTIONS);
    t.add("POST", DB + "/collections", ChromaApi.CREATE_COLLECTION);
    t.add("GET", DB + "/collections/{name}", ChromaApi.GET_COLLECTION);
    t.add("DELETE", DB + "/collections/{name}", ChromaApi.DELETE_COLLECTION);
    t.add("GET", DB + "/collections/by-id/{id}", ChromaApi.GET_COLLECTION_BY_ID);
    t.add("GET", "/api/v2/collections/{crn}", ChromaApi.GET_COLLECTION_BY_CRN);
    t.add("PUT", BY_ID, ChromaApi.UPDATE_COLLECTION);
    t.add("POST", BY_ID + "/add", ChromaApi.ADD);
    t.add("POST", BY_ID + "/upsert", ChromaApi.UPSERT);
    t.add("POST", BY_ID + "/update", ChromaApi.UPDATE);
    t.add("POST", BY_ID + "/delete", ChromaApi.DELETE);
    t.add("POST", BY_ID + "/get", ChromaApi.GET);
    t.add("POST", BY_ID + "/query", ChromaApi.QUERY);
    t.add("POST", BY_ID + "/search", ChromaApi.SEARCH);
    t.add("GET", BY_ID + "/count", ChromaApi.COUNT);
    t.add("POST", BY_ID + "/fork", ChromaApi.FORK);
    t.add("GET", BY_ID + "/fork_count", ChromaApi.COLLECTION_STATUS);
    t.add("GET", BY_ID + "/indexing_status", ChromaApi.COLLECTION_STATUS);
    t.add("POST", BY_ID + "/functions/attach", ChromaApi.ALTER_FUNCTIONS);
    t.add("POST", BY_ID + "/attached_functions/{fn}/detach", ChromaApi.ALTER_FUNCTIONS);
    t.add("GET", BY_ID + "/functions/{fn}", ChromaApi.GET_FUNCTION);
    return t;
  }

  static @Nullable ChromaApi endpointOf(VectorCall call) {
    return call.backend() == Backend.CHROMA ? ROUTES.byPattern(call.endpoint()) : null;
  }

  @Override
  public VectorCall classify(RestRequest request) throws RestClassificationException {
    List<String> segments = Paths.segments(request.rawPath());
    RouteTable.Match<ChromaApi> match = ROUTES.match(request.method(), segments);
    if (match == null) {
      return VectorCall.builder(Backend.CHROMA, Operation.UNKNOWN)
          .endpoint(request.method() + ' ' + Paths.join(segments)).build();
    }
    ChromaApi endpoint = match.target();
    Map<String, String> params = match.params();
    VectorCall.Builder call = VectorCall.builder(Backend.CHROMA, endpoint.operation())
        .access(endpoint.access()).endpoint(match.pattern());
    String tenant = params.get("tenant");
    String database = params.get("database");
    Set<String> collections = new LinkedHashSet<>();
    switch (endpoint.target()) {
      case NAME -> collections.add(Paths.checkName("collection", params.get("name")));
      case ID -> collections.add(nameOf(tenant, database, params.get("id")));
      case CRN -> {
        String[] parts = params.get("crn").split(":", -1);
        if (parts.length != 3) {
          throw new RestClassificationException("the Chroma resource name '" + params.get("crn")
              + "' is not '<tenant>:<database>:<collection>'");
        }
        tenant = parts[0];
        database = parts[1];
        collections.add(Paths.checkName("collection", parts[2]));
      }
      default -> { }
    }
    if (tenant != null && database != null) {
      call.database(Paths.checkName("tenant", tenant) + '/' + Paths.checkName("database", database));
    } else if (tenant != null) {
      call.database(Paths.checkName("tenant", tenant));
    }
    Kind shape = endpoint.kind();
    if (hasBody(shape)) {
      ObjectNode body = Json.object(request.body(), match.pattern());
      if (shape == Kind.CREATE || shape == Kind.FORK || shape == Kind.RENAME) {
        String name = Json.optText(body, shape == Kind.CREATE ? "name" : "new_name", "");
        if (name == null && shape != Kind.RENAME) {
          throw new RestClassificationException("the body of " + match.pattern() + " must name the collection");
        }
        if (name != null) {
          collections.add(Paths.checkName("collection", name));
          if (shape == Kind.RENAME) {
            // The id will name another collection: forget it, so later calls must look it up again.
            names.remove(key(tenant, database, params.get("id")));
          }
        }
      }
      call.facts(ChromaBodies.facts(shape, body));
    }
    if (!collections.isEmpty()) {
      call.collections(List.copyOf(collections));
    } else if (endpoint.target() == ChromaApi.Target.GLOBAL) {
      call.scope(Scope.GLOBAL);
    }
    return call.build();
  }

  private String nameOf(@Nullable String tenant, @Nullable String database, @Nullable String id)
      throws RestClassificationException {
    String name = names.get(key(tenant, database, id));
    if (name == null) {
      throw new RestClassificationException("the Chroma collection id '" + id + "' is not known to the guard; "
          + "get or create the collection by name through the guarded client first");
    }
    return name;
  }

  private static String key(@Nullable String tenant, @Nullable String database, @Nullable String id) {
    return tenant + "/" + database + "/" + id;
  }

  private static boolean hasBody(Kind shape) {
    return switch (shape) {
      case CREATE, RENAME, FORK, ADD, UPSERT, UPDATE, DELETE, GET, QUERY, SEARCH -> true;
      default -> false;
    };
  }

  /**
   * Refuses what the call cannot be served safely with: what a tenant filter cannot confine, and
   * (where masks or allowed output fields protect fields) filters, groupings, orderings and
   * rankings that read a protected metadata key or document.
   */
  @Override
  public @Nullable String leakRisk(RestRequest request, VectorCall call, Obligations obligations) {
    ChromaApi api = endpointOf(call);
    if (api == null) {
      return null;
    }
    try {
      ChromaRules.check(api, obligations);
      if (hasBody(api.kind()) && (!obligations.maskRules().isEmpty() || obligations.allowedOutputFields() != null)) {
        ChromaRules.checkReads(ChromaReads.of(api.kind(), Json.object(request.body(), call.endpoint())), obligations);
      }
      return null;
    } catch (UnenforceableRequestException | RestClassificationException e) {
      return e.getMessage();
    }
  }

  @Override
  public byte @Nullable [] rewrite(RestRequest request, VectorCall call, Obligations obligations)
      throws RestClassificationException {
    ChromaApi endpoint = endpointOf(call);
    if (endpoint == null || obligations.isNone() || !hasBody(endpoint.kind())) {
      return null;
    }
    ObjectNode body = Json.object(request.body(), call.endpoint());
    return ChromaBodies.rewrite(endpoint.kind(), body, obligations) ? Json.bytes(body) : null;
  }

  /**
   * {@link #leakRisk} and then {@link #rewrite}, as the default does, on one reading of the body
   * instead of two: every guarded call pays for it.
   */
  @Override
  public byte @Nullable [] bodyToSend(RestRequest request, VectorCall call, Obligations obligations)
      throws UnenforceableRequestException {
    ChromaApi endpoint = endpointOf(call);
    if (endpoint == null || obligations.isNone()) {
      return request.body();
    }
    ObjectNode body;
    try {
      ChromaRules.check(endpoint, obligations);
      body = hasBody(endpoint.kind()) ? Json.object(request.body(), call.endpoint()) : null;
      if (body != null && (!obligations.maskRules().isEmpty() || obligations.allowedOutputFields() != null)) {
        ChromaRules.checkReads(ChromaReads.of(endpoint.kind(), body), obligations);
      }
    } catch (UnenforceableRequestException | RestClassificationException e) {
      throw new UnenforceableRequestException(e.getMessage());
    }
    try {
      return body != null && ChromaBodies.rewrite(endpoint.kind(), body, obligations) ? Json.bytes(body) : request.body();
    } catch (RestClassificationException e) {
      throw new UnenforceableRequestException(e.getMessage());
    }
  }

  @Override
  public ResponseKind responseKind(VectorCall call) {
    ChromaApi endpoint = endpointOf(call);
    if (endpoint == null) {
      return ResponseKind.PASS;
    }
    return switch (endpoint.kind()) {
      case LIST, COLLECTION, CREATE, FORK -> ResponseKind.COLLECTIONS;
      case GET, QUERY, SEARCH -> ResponseKind.RECORDS;
      default -> ResponseKind.PASS;
    };
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, InputStream in,
      OutputStream out)
      throws MaskingException {
    ChromaApi endpoint = endpointOf(call);
    if (endpoint == null) {
      throw new MaskingException("the response of " + call.endpoint() + " carries no records to mask");
    }
    return ChromaBodies.mask(endpoint.kind() == Kind.GET, plan, obligations.allowedOutputFields(),
        (target, layout) -> plan.maskJson(in, target, layout), out);
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, byte[] body,
      OutputStream out) throws MaskingException {
    ChromaApi endpoint = endpointOf(call);
    if (endpoint == null) {
      throw new MaskingException("the response of " + call.endpoint() + " carries no records to mask");
    }
    return ChromaBodies.mask(endpoint.kind() == Kind.GET, plan, obligations.allowedOutputFields(),
        (target, layout) -> plan.maskJson(body, target, layout), out);
  }

  /** Chroma requests cannot select metadata keys, so allowed output fields are enforced on the response. */
  @Override
  public boolean masksResponse(VectorCall call, Obligations obligations) {
    return RestDialect.super.masksResponse(call, obligations) || obligations.allowedOutputFields() != null;
  }

  @Override
  public byte[] filterCollections(VectorCall call, byte[] body, Predicate<String> visible)
      throws RestClassificationException {
    ChromaApi endpoint = endpointOf(call);
    if (endpoint == null) {
      return body;
    }
    JsonNode root = Json.parse(body, "the response of " + call.endpoint());
    boolean changed = false;
    if (endpoint.kind() == Kind.LIST) {
      for (JsonNode collection : root) {
        remember(collection); // every id, so that a call naming a hidden one is decided on its name
      }
      changed = Listings.keep(root, root, "name", visible, call.endpoint());
    } else {
      remember(root);
    }
    return changed ? Json.bytes(root) : body;
  }

  private void remember(JsonNode collection) {
    if (collection instanceof ObjectNode object && object.path("id").isTextual() && object.path("name").isTextual()
        && object.path("tenant").isTextual() && object.path("database").isTextual()) {
      names.put(key(object.get("tenant").textValue(), object.get("database").textValue(), object.get("id").textValue()),
          object.get("name").textValue());
    }
  }
}
