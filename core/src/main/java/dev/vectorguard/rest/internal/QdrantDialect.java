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
import dev.vectorguard.Scope;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Qdrant REST (v1.19): every endpoint the server routes, classified at least as strictly as
 * Qdrant's JWT RBAC ({@code src/common/auth}, {@code tests/consensus_tests/auth_tests}). Remembers
 * the aliases it saw listed, so use one instance per server. Thread-safe; not public API.
 */
public final class QdrantDialect implements RestDialect {
  record Endpoint(Operation operation, AccessLevel access, QdrantShape shape) {}

  private static final RouteTable<Endpoint> ROUTES = routes();

  /**
   * alias → collection, learned from alias listings that passed through. Qdrant checks a token
   * against the name as sent and resolves aliases afterwards, so a rule on a collection could be
   * bypassed through an alias; a call naming a known alias is classified by both names.
   */
  private final Map<String, String> aliases = new ConcurrentHashMap<>();

  @Override
  public Backend backend() {
    return Backend.QDRANT;
  }

  private static RouteTable<Endpoint> routes() {
    RouteTable<Endpoint> t = new RouteTable<>();
    // No credential needed: root (version), health probes.
    for (String p : List.of("/", "/healthz", "/readyz", "/livez")) {
      t.add("GET", p, ep(Operation.HEALTH, NONE, QdrantShape.NONE));
    }
    // Server level: global read or manage in Qdrant; telemetry and issues list collections.
    for (String p : List.of("/telemetry", "/metrics", "/issues", "/cluster", "/cluster/telemetry", "/logger",
        "/quotas", "/stacktrace", "/debugger")) {
      t.add("GET", p, ep(Operation.CLUSTER, ADMIN, QdrantShape.NONE));
    }
    t.add("DELETE", "/issues", ep(Operation.CLUSTER, ADMIN, QdrantShape.NONE));
    t.add("POST", "/logger", ep(Operation.CLUSTER, ADMIN, QdrantShape.NONE));
    t.add("PUT", "/quotas", ep(Operation.CLUSTER, ADMIN, QdrantShape.NONE));
    t.add("PATCH", "/debugger", ep(Operation.CLUSTER, ADMIN, QdrantShape.NONE));
    t.add("POST", "/cluster/recover", ep(Operation.CLUSTER, ADMIN, QdrantShape.NONE));
    t.add("DELETE", "/cluster/peer/{peer}", ep(Operation.CLUSTER, ADMIN, QdrantShape.NONE));
    // Full snapshots hold every collection: global manage.
    t.add("GET", "/snapshots", ep(Operation.SNAPSHOT, ADMIN, QdrantShape.NONE));
    t.add("POST", "/snapshots", ep(Operation.SNAPSHOT, ADMIN, QdrantShape.NONE));
    t.add("GET", "/snapshots/{name}", ep(Operation.SNAPSHOT, ADMIN, QdrantShape.RAW_DATA));
    t.add("DELETE", "/snapshots/{name}", ep(Operation.SNAPSHOT, ADMIN, QdrantShape.NONE));
    // Listings, filtered to what the caller may see.
    t.add("GET", "/collections", ep(Operation.LIST_COLLECTIONS, READ, QdrantShape.LIST_COLLECTIONS));
    t.add("GET", "/aliases", ep(Operation.LIST_ALIASES, READ, QdrantShape.LIST_ALIASES));
    t.add("POST", "/collections/aliases", ep(Operation.ALIAS, MANAGE, QdrantShape.ALIASES));
    // Collection lifecycle and metadata.
    String c = "/collections/{c}";
    t.add("GET", c, ep(Operation.DESCRIBE_COLLECTION, READ, QdrantShape.NONE));
    t.add("PUT", c, ep(Operation.CREATE_COLLECTION, MANAGE, QdrantShape.CREATE_COLLECTION));
    t.add("PATCH", c, ep(Operation.ALTER_COLLECTION, MANAGE, QdrantShape.NONE));
    t.add("DELETE", c, ep(Operation.DROP_COLLECTION, MANAGE, QdrantShape.NONE));
    for (String p : List.of("/exists", "/cluster", "/shards", "/optimizations")) {
      t.add("GET", c + p, ep(Operation.DESCRIBE_COLLECTION, READ, QdrantShape.NONE));
    }
    t.add("GET", c + "/aliases", ep(Operation.LIST_ALIASES, READ, QdrantShape.LIST_ALIASES));
    t.add("POST", c + "/cluster", ep(Operation.CLUSTER, ADMIN, QdrantShape.NONE));
    t.add("PUT", c + "/shards", ep(Operation.PARTITION, MANAGE, QdrantShape.NONE));
    t.add("POST", c + "/shards/delete", ep(Operation.PARTITION, MANAGE, QdrantShape.NONE));
    t.add("PUT", c + "/index", ep(Operation.CREATE_INDEX, MANAGE, QdrantShape.NONE));
    t.add("DELETE", c + "/index/{field}", ep(Operation.DROP_INDEX, MANAGE, QdrantShape.NONE));
    t.add("PUT", c + "/vectors/{name}", ep(Operation.ALTER_COLLECTION, MANAGE, QdrantShape.NONE));
    t.add("DELETE", c + "/vectors/{name}", ep(Operation.ALTER_COLLECTION, MANAGE, QdrantShape.NONE));
    // Collection and shard snapshots: downloads and streams are raw data; upload/recover need global manage.
    for (String s : List.of(c + "/snapshots", c + "/shards/{shard}/snapshots")) {
      t.add("GET", s, ep(Operation.SNAPSHOT, MANAGE, QdrantShape.NONE));
      t.add("POST", s, ep(Operation.SNAPSHOT, MANAGE, QdrantShape.NONE));
      t.add("GET", s + "/{name}", ep(Operation.SNAPSHOT, ADMIN, QdrantShape.RAW_DATA));
      t.add("DELETE", s + "/{name}", ep(Operation.SNAPSHOT, MANAGE, QdrantShape.NONE));
      t.add("PUT", s + "/recover", ep(Operation.SNAPSHOT, ADMIN, QdrantShape.NONE));
      t.add("POST", s + "/upload", ep(Operation.SNAPSHOT, ADMIN, QdrantShape.NONE));
    }
    t.add("GET", c + "/shards/{shard}/snapshot", ep(Operation.SNAPSHOT, ADMIN, QdrantShape.RAW_DATA));
    // Point reads.
    String pts = c + "/points";
    t.add("GET", pts + "/{id}", ep(Operation.GET, READ, QdrantShape.POINT));
    t.add("POST", pts, ep(Operation.GET, READ, QdrantShape.POINTS_BY_IDS));
    t.add("POST", pts + "/scroll", ep(Operation.SCROLL, READ, QdrantShape.SCROLL));
    t.add("POST", pts + "/count", ep(Operation.COUNT, READ, QdrantShape.COUNT));
    t.add("POST", c + "/facet", ep(Operation.FACET, READ, QdrantShape.FACET));
    t.add("POST", pts + "/search", ep(Operation.SEARCH, READ, QdrantShape.SEARCH));
    t.add("POST", pts + "/search/batch", ep(Operation.SEARCH, READ, QdrantShape.SEARCH_BATCH));
    t.add("POST", pts + "/search/groups", ep(Operation.SEARCH, READ, QdrantShape.GROUPS));
    t.add("POST", pts + "/search/matrix/pairs", ep(Operation.SEARCH, READ, QdrantShape.MATRIX));
    t.add("POST", pts + "/search/matrix/offsets", ep(Operation.SEARCH, READ, QdrantShape.MATRIX));
    t.add("POST", pts + "/recommend", ep(Operation.RECOMMEND, READ, QdrantShape.SEARCH));
    t.add("POST", pts + "/recommend/batch", ep(Operation.RECOMMEND, READ, QdrantShape.SEARCH_BATCH));
    t.add("POST", pts + "/recommend/groups", ep(Operation.RECOMMEND, READ, QdrantShape.GROUPS));
    t.add("POST", pts + "/discover", ep(Operation.DISCOVER, READ, QdrantShape.SEARCH));
    t.add("POST", pts + "/discover/batch", ep(Operation.DISCOVER, READ, QdrantShape.SEARCH_BATCH));
    t.add("POST", pts + "/query", ep(Operation.QUERY, READ, QdrantShape.QUERY));
    t.add("POST", pts + "/query/batch", ep(Operation.QUERY, READ, QdrantShape.QUERY_BATCH));
    t.add("POST", pts + "/query/groups", ep(Operation.QUERY, READ, QdrantShape.GROUPS));
    // Point writes.
    t.add("PUT", pts, ep(Operation.UPSERT, WRITE, QdrantShape.UPSERT));
    t.add("POST", pts + "/delete", ep(Operation.DELETE, WRITE, QdrantShape.DELETE_POINTS));
    t.add("PUT", pts + "/vectors", ep(Operation.UPDATE, WRITE, QdrantShape.UPDATE_VECTORS));
    t.add("POST", pts + "/vectors/delete", ep(Operation.UPDATE, WRITE, QdrantShape.DELETE_VECTORS));
    t.add("POST", pts + "/payload", ep(Operation.UPDATE, WRITE, QdrantShape.SET_PAYLOAD));
    t.add("PUT", pts + "/payload", ep(Operation.UPDATE, WRITE, QdrantShape.OVERWRITE_PAYLOAD));
    t.add("POST", pts + "/payload/delete", ep(Operation.UPDATE, WRITE, QdrantShape.DELETE_PAYLOAD));
    t.add("POST", pts + "/payload/clear", ep(Operation.UPDATE, WRITE, QdrantShape.CLEAR_PAYLOAD));
    t.add("POST", pts + "/batch", ep(Operation.UPDATE, WRITE, QdrantShape.BATCH_UPDATE));
    return t;
  }

  private static Endpoint ep(Operation operation, AccessLevel access, QdrantShape shape) {
    return new Endpoint(operation, access, shape);
  }

  /** The endpoint of a classified call; its pattern is the call's endpoint. */
  static @Nullable Endpoint endpointOf(VectorCall call) {
    return call.backend() == Backend.QDRANT ? ROUTES.byPattern(call.endpoint()) : null;
  }

  @Override
  public VectorCall classify(RestRequest request) throws RestClassificationException {
    List<String> segments = Paths.segments(request.rawPath());
    RouteTable.Match<Endpoint> match = ROUTES.match(request.method(), segments);
    if (match == null) {
      return VectorCall.builder(Backend.QDRANT, Operation.UNKNOWN)
          .endpoint(request.method() + ' ' + Paths.join(segments)).build();
    }
    Endpoint endpoint = match.target();
    VectorCall.Builder call = VectorCall.builder(Backend.QDRANT, endpoint.operation())
        .access(endpoint.access()).endpoint(match.pattern());
    Set<String> collections = new LinkedHashSet<>();
    String path = match.params().get("c");
    if (path != null) {
      collections.add(Paths.checkName("collection", path));
    }
    QdrantShape shape = endpoint.shape();
    if (hasJsonBody(shape)) {
      ObjectNode body = Json.object(request.body(), match.pattern());
      QdrantFacts facts = QdrantFacts.of(shape, body);
      collections.addAll(facts.collections());
      call.facts(facts.facts());
      if (shape == QdrantShape.ALIASES) {
        // The listing that taught these aliases is about to be stale; forget them until the next one.
        facts.collections().forEach(aliases::remove);
      }
    }
    for (String name : List.copyOf(collections)) {
      String target = aliases.get(name);
      if (target != null) {
        collections.add(target);
      }
    }
    if (!collections.isEmpty()) {
      call.collections(List.copyOf(collections));
    } else {
      call.scope(Scope.GLOBAL);
    }
    return call.build();
  }

  private static boolean hasJsonBody(QdrantShape shape) {
    return shape != QdrantShape.NONE && shape != QdrantShape.POINT && shape != QdrantShape.RAW_DATA
        && shape != QdrantShape.LIST_COLLECTIONS && shape != QdrantShape.LIST_ALIASES;
  }

  @Override
  public @Nullable String leakRisk(RestRequest request, VectorCall call, Obligations obligations) {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null || obligations.isNone()) {
      return null;
    }
    boolean dataObligations = !obligations.maskRules().isEmpty() || obligations.stripVectors()
        || !obligations.tenantFilters().isEmpty();
    QdrantShape shape = endpoint.shape();
    if (shape == QdrantShape.RAW_DATA && dataObligations) {
      return "snapshot downloads return raw collection data, which cannot be masked or tenant-filtered";
    }
    if (!obligations.tenantFilters().isEmpty() && (shape == QdrantShape.POINT || shape == QdrantShape.POINTS_BY_IDS)) {
      return "reading points by id cannot be tenant-filtered; use POST /collections/{c}/points/scroll with a has_id filter";
    }
    if (!hasJsonBody(shape)) {
      return null;
    }
    try {
      ObjectNode body = Json.object(request.body(), call.endpoint());
      List<ObjectNode> reads = new ArrayList<>();
      if (shape.isBatch() && body.get("searches") instanceof ArrayNode searches) {
        for (JsonNode search : searches) {
          if (search instanceof ObjectNode s) {
            reads.add(s);
          }
        }
      } else {
        reads.add(body);
      }
      for (ObjectNode read : reads) {
        if (!obligations.tenantFilters().isEmpty() && read.hasNonNull("with_lookup")) {
          return "with_lookup reads records of another collection without the tenant filter";
        }
        if (!obligations.tenantFilters().isEmpty() && QdrantExamples.namesPointIds(call.operation(), read)) {
          return "a point id used as an example loads that point's vector without the tenant filter;"
              + " send the vector instead";
        }
        String risk = revealed("grouping by", Json.optText(read, "group_by", ""), obligations);
        risk = risk != null ? risk : revealed("ordering by", QdrantFacts.orderBy(read, ""), obligations);
        for (String key : QdrantFacts.queryOrderBys(read)) {
          risk = risk != null ? risk : revealed("ordering by", key, obligations);
        }
        for (String key : QdrantFacts.formulaKeys(read)) {
          risk = risk != null ? risk : revealed("scoring by", key, obligations);
        }
        risk = risk != null || shape != QdrantShape.FACET ? risk
            : revealed("faceting on", Json.optText(read, "key", ""), obligations);
        if (risk != null) {
          return risk;
        }
      }
      return null;
    } catch (RestClassificationException e) {
      return e.getMessage();
    }
  }

  private static @Nullable String revealed(String how, @Nullable String field, Obligations obligations) {
    String selector = field == null ? null : MaskSelectors.covering(obligations, field);
    if (selector != null) {
      return how + " '" + field + "' would reveal values of the masked field '" + selector + "'";
    }
    Set<String> allowed = obligations.allowedOutputFields();
    return field == null || allowed == null || MaskSelectors.within(allowed, field) ? null
        : how + " '" + field + "' would reveal values of a field outside the allowed output fields";
  }

  @Override
  public byte @Nullable [] rewrite(RestRequest request, VectorCall call, Obligations obligations)
      throws RestClassificationException {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null || obligations.isNone() || !hasJsonBody(endpoint.shape())) {
      return null;
    }
    ObjectNode body = Json.object(request.body(), call.endpoint());
    boolean changed = QdrantRewriter.rewrite(endpoint.shape(), body, obligations);
    return changed ? Json.bytes(body) : null;
  }

  @Override
  public ResponseKind responseKind(VectorCall call) {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null) {
      return ResponseKind.PASS;
    }
    QdrantShape shape = endpoint.shape();
    if (shape == QdrantShape.LIST_COLLECTIONS || shape == QdrantShape.LIST_ALIASES) {
      return ResponseKind.COLLECTIONS;
    }
    return shape.layout() == null ? ResponseKind.PASS : ResponseKind.RECORDS;
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, InputStream in,
      OutputStream out)
      throws MaskingException {
    Endpoint endpoint = endpointOf(call);
    JsonLayout layout = endpoint == null ? null : endpoint.shape().layout();
    if (layout == null) {
      throw new MaskingException("the response of " + call.endpoint() + " carries no points to mask");
    }
    return plan.maskJson(in, out, layout);
  }

  @Override
  public byte[] filterCollections(VectorCall call, byte[] body, Predicate<String> visible)
      throws RestClassificationException {
    Endpoint endpoint = endpointOf(call);
    if (endpoint == null) {
      return body;
    }
    JsonNode root = Json.parse(body, "the response of " + call.endpoint());
    JsonNode result = root.path("result");
    if (endpoint.shape() == QdrantShape.LIST_COLLECTIONS) {
      return Listings.keep(root, result.get("collections"), "name", visible, call.endpoint()) ? Json.bytes(root) : body;
    }
    if (endpoint.shape() == QdrantShape.LIST_ALIASES) {
      JsonNode listed = result.get("aliases");
      if (listed != null) {
        for (JsonNode alias : listed) {
          if (alias.path("alias_name").isTextual() && alias.path("collection_name").isTextual()) {
            aliases.put(alias.get("alias_name").textValue(), alias.get("collection_name").textValue());
          }
        }
      }
      boolean changed = Listings.keep(root, listed, "collection_name", visible, call.endpoint());
      changed |= Listings.keep(root, listed, "alias_name", visible, call.endpoint());
      return changed ? Json.bytes(root) : body;
    }
    return body;
  }
}
