package dev.vectorguard.rest.internal;

import static dev.vectorguard.AccessLevel.ADMIN;
import static dev.vectorguard.AccessLevel.MANAGE;
import static dev.vectorguard.AccessLevel.NONE;
import static dev.vectorguard.AccessLevel.READ;
import static dev.vectorguard.AccessLevel.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
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
  enum Shape { NONE, LIST, COLLECTION, CREATE, RENAME, FORK, ADD, UPSERT, UPDATE, DELETE, GET, QUERY, SEARCH, COUNT }

  record Endpoint(Operation operation, AccessLevel access, Shape shape, Target target) {}

  /** What the path names: nothing, a database, a collection by name, by id, or by CRN. */
  enum Target { GLOBAL, DATABASE, NAME, ID, CRN }

  private static final String DB = "/api/v2/tenants/{tenant}/databases/{database}";
  private static final String BY_ID = DB + "/collections/{id}";
  private static final RouteTable<Endpoint> ROUTES = routes();

  /** id → name, keyed by "tenant/database/id". */
  private final Map<String, String> names = new ConcurrentHashMap<>();

  @Override
  public Backend backend() {
    return Backend.CHROMA;
  }

  private static RouteTable<Endpoint> routes() {
    RouteTable<Endpoint> t = new RouteTable<>();
    for (String p : List.of("heartbeat", "healthcheck", "version", "pre-flight-checks")) {
      t.add("GET", "/api/v2/" + p, ep(Operation.HEALTH, NONE, Shape.NONE, Target.GLOBAL));
    }
    t.add("GET", "/api/v2/auth/identity", ep(Operation.LIST_DATABASES, READ, Shape.NONE, Target.GLOBAL));
    t.add("POST", "/api/v2/reset", ep(Operation.RESET, ADMIN, Shape.NONE, Target.GLOBAL));
    t.add("POST", "/api/v2/tenants", ep(Operation.TENANT_ADMIN, ADMIN, Shape.NONE, Target.GLOBAL));
    t.add("GET", "/api/v2/tenants/{tenant}", ep(Operation.LIST_DATABASES, READ, Shape.NONE, Target.GLOBAL));
    t.add("PATCH", "/api/v2/tenants/{tenant}", ep(Operation.TENANT_ADMIN, ADMIN, Shape.NONE, Target.GLOBAL));
    t.add("GET", "/api/v2/tenants/{tenant}/databases", ep(Operation.LIST_DATABASES, READ, Shape.NONE, Target.GLOBAL));
    t.add("POST", "/api/v2/tenants/{tenant}/databases", ep(Operation.DATABASE_ADMIN, ADMIN, Shape.NONE, Target.GLOBAL));
    t.add("GET", DB, ep(Operation.LIST_DATABASES, READ, Shape.NONE, Target.DATABASE));
    t.add("DELETE", DB, ep(Operation.DATABASE_ADMIN, ADMIN, Shape.NONE, Target.DATABASE));
    t.add("GET", DB + "/collections", ep(Operation.LIST_COLLECTIONS, READ, Shape.LIST, Target.DATABASE));
    t.add("GET", DB + "/collections_count", ep(Operation.LIST_COLLECTIONS, READ, Shape.NONE, Target.DATABASE));
    t.add("POST", DB + "/collections", ep(Operation.CREATE_COLLECTION, MANAGE, Shape.CREATE, Target.DATABASE));
    t.add("GET", DB + "/collections/{name}", ep(Operation.DESCRIBE_COLLECTION, READ, Shape.COLLECTION, Target.NAME));
    t.add("DELETE", DB + "/collections/{name}", ep(Operation.DROP_COLLECTION, MANAGE, Shape.NONE, Target.NAME));
    t.add("GET", DB + "/collections/by-id/{id}", ep(Operation.DESCRIBE_COLLECTION, READ, Shape.COLLECTION, Target.ID));
    t.add("GET", "/api/v2/collections/{crn}", ep(Operation.DESCRIBE_COLLECTION, READ, Shape.COLLECTION, Target.CRN));
    t.add("PUT", BY_ID, ep(Operation.ALTER_COLLECTION, MANAGE, Shape.RENAME, Target.ID));
    t.add("POST", BY_ID + "/add", ep(Operation.UPSERT, WRITE, Shape.ADD, Target.ID));
    t.add("POST", BY_ID + "/upsert", ep(Operation.UPSERT, WRITE, Shape.UPSERT, Target.ID));
    t.add("POST", BY_ID + "/update", ep(Operation.UPDATE, WRITE, Shape.UPDATE, Target.ID));
    t.add("POST", BY_ID + "/delete", ep(Operation.DELETE, WRITE, Shape.DELETE, Target.ID));
    t.add("POST", BY_ID + "/get", ep(Operation.GET, READ, Shape.GET, Target.ID));
    t.add("POST", BY_ID + "/query", ep(Operation.QUERY, READ, Shape.QUERY, Target.ID));
    t.add("POST", BY_ID + "/search", ep(Operation.SEARCH, READ, Shape.SEARCH, Target.ID));
    t.add("GET", BY_ID + "/count", ep(Operation.COUNT, READ, Shape.COUNT, Target.ID));
    t.add("POST", BY_ID + "/fork", ep(Operation.CREATE_COLLECTION, MANAGE, Shape.FORK, Target.ID));
    t.add("GET", BY_ID + "/fork_count", ep(Operation.DESCRIBE_COLLECTION, READ, Shape.NONE, Target.ID));
    t.add("GET", BY_ID + "/indexing_status", ep(Operation.DESCRIBE_COLLECTION, READ, Shape.NONE, Target.ID));
    t.add("POST", BY_ID + "/functions/attach", ep(Operation.ALTER_COLLECTION, MANAGE, Shape.NONE, Target.ID));
    t.add("POST", BY_ID + "/attached_functions/{fn}/detach",
        ep(Operation.ALTER_COLLECTION, MANAGE, Shape.NONE, Target.ID));
    t.add("GET", BY_ID + "/functions/{fn}", ep(Operation.DESCRIBE_COLLECTION, READ, Shape.NONE, Target.ID));
    return t;
  }

  private static Endpoint ep(Operation operation, AccessLevel access, Shape shape, Target target) {
    return new Endpoint(operation, access, shape, target);
  }

  static @Nullable Endpoint endpointOf(VectorCall call) {
    return call.backend() == Backend.CHROMA ? ROUTES.byPattern(call.endpoint()) : null;
  }

  @Override
  public VectorCall classify(RestRequest request) throws RestClassificationException {
    List<String> segments = Paths.segments(request.rawPath());
    RouteTable.Match<Endpoint> match = ROUTES.match(request.method(), segments);
    if (match == null) {
      return VectorCall.builder(Backend.CHROMA, Operation.UNKNOWN)
          .endpoint(request.method() + ' ' + Paths.join(segments)).build();
    }
    Endpoint endpoint = match.target();
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
    Shape shape = endpoint.shape();
    if (hasBody(shape)) {
      ObjectNode body = Json.object(request.body(), match.pattern());
      if (shape == Shape.CREATE || shape == Shape.FORK || shape == Shape.RENAME) {
        String name = Json.optText(body, shape == Shape.CREATE ? "name" : "new_name", "");
        if (name == null && shape != Shape.RENAME) {
          throw new RestClassificationException("the body of " + match.pattern() + " must name the collection");
        }
        if (name != null) {
          collections.add(Paths.checkName("collection", name));
          if (shape == Shape.RENAME) {
            // The id will name another collection: forget it, so later calls must look it up again.
            names.remove(key(tenant, database, params.get("id")));
          }
        }
      }
      call.facts(ChromaBodies.facts(shape, body));
    }
    if (!collections.isEmpty()) {
      call.collections(List.copyOf(collections));
    } else if (endpoint.target() == Target.GLOBAL) {
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

  private static boolean hasBody(Shape shape) {
    return switch (shape) {
      case CREATE, RENAME, FORK, ADD, UPSERT, UPDATE, DELETE, GET, QUERY, SEARCH -> true;
      default -> false;
    };
  }

  @Override
  public @Nullable String leakRisk(RestRequest request, VectorCall call, Obligations obligations) {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null || obligations.tenantFilters().isEmpty()) {
      return null;
    }
    return switch (endpoint.shape()) {
      case COUNT -> "counting all records of a collection cannot be tenant-filtered; use get with a where filter";
      case UPSERT -> "upsert can overwrite another tenant's record with the same id; use add";
      case UPDATE -> "update changes records by id whatever their tenant";
      case FORK -> "forking copies every tenant's records";
      default -> null;
    };
  }

  @Override
  public byte @Nullable [] rewrite(RestRequest request, VectorCall call, Obligations obligations)
      throws RestClassificationException {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null || obligations.isNone() || !hasBody(endpoint.shape())) {
      return null;
    }
    ObjectNode body = Json.object(request.body(), call.endpoint());
    return ChromaBodies.rewrite(endpoint.shape(), body, obligations) ? Json.bytes(body) : null;
  }

  @Override
  public ResponseKind responseKind(VectorCall call) {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null) {
      return ResponseKind.PASS;
    }
    return switch (endpoint.shape()) {
      case LIST, COLLECTION, CREATE, FORK -> ResponseKind.COLLECTIONS;
      case GET, QUERY, SEARCH -> ResponseKind.RECORDS;
      default -> ResponseKind.PASS;
    };
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, InputStream in,
      OutputStream out)
      throws MaskingException {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null) {
      throw new MaskingException("the response of " + call.endpoint() + " carries no records to mask");
    }
    return ChromaBodies.mask(endpoint.shape() == Shape.GET, plan, obligations.allowedOutputFields(), in, out);
  }

  /** Chroma requests cannot select metadata keys, so allowed output fields are enforced on the response. */
  @Override
  public boolean masksResponse(VectorCall call, Obligations obligations) {
    return RestDialect.super.masksResponse(call, obligations) || obligations.allowedOutputFields() != null;
  }

  @Override
  public byte[] filterCollections(VectorCall call, byte[] body, Predicate<String> visible)
      throws RestClassificationException {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null) {
      return body;
    }
    JsonNode root = Json.parse(body, "the response of " + call.endpoint());
    boolean changed = false;
    if (endpoint.shape() == Shape.LIST) {
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
