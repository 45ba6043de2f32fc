package dev.vectorguard.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Backend;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.JsonLayout;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
import dev.vectorguard.model.AliasBook;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.qdrant.QdrantApi;
import dev.vectorguard.qdrant.QdrantRequestKind;
import dev.vectorguard.qdrant.QdrantRules;
import dev.vectorguard.rest.RestClassificationException;
import dev.vectorguard.rest.RestDialect;
import dev.vectorguard.rest.RestRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The REST binding of the Qdrant model ({@link dev.vectorguard.qdrant}): maps each route of
 * Qdrant's REST API (v1.19) to its {@link QdrantApi} action, reads bodies as Jackson trees for
 * {@link QdrantRules}, and rewrites them. Remembers the aliases it saw listed, so use one instance
 * per server. Thread-safe; not public API.
 */
public final class QdrantDialect implements RestDialect {
  private static final RouteTable<QdrantApi> ROUTES = routes();

  /** Aliases learned from listings that passed through, so a call naming one is decided on its collection too. */
  private final AliasBook aliases = new AliasBook();

  @Override
  public Backend backend() {
    return Backend.QDRANT;
  }

  private static RouteTable<QdrantApi> routes() {
    RouteTable<QdrantApi> t = new RouteTable<>();
    for (String p : List.of("/", "/healthz", "/readyz", "/livez")) {
      t.add("GET", p, QdrantApi.HEALTH);
    }
    for (String p : List.of("/telemetry", "/metrics", "/issues", "/cluster", "/cluster/telemetry", "/logger",
        "/quotas", "/stacktrace", "/debugger")) {
      t.add("GET", p, QdrantApi.SERVER_ADMIN);
    }
    t.add("DELETE", "/issues", QdrantApi.SERVER_ADMIN);
    t.add("POST", "/logger", QdrantApi.SERVER_ADMIN);
    t.add("PUT", "/quotas", QdrantApi.SERVER_ADMIN);
    t.add("PATCH", "/debugger", QdrantApi.SERVER_ADMIN);
    t.add("POST", "/cluster/recover", QdrantApi.SERVER_ADMIN);
    t.add("DELETE", "/cluster/peer/{peer}", QdrantApi.SERVER_ADMIN);
    t.add("GET", "/snapshots", QdrantApi.LIST_FULL_SNAPSHOTS);
    t.add("POST", "/snapshots", QdrantApi.CREATE_FULL_SNAPSHOT);
    t.add("GET", "/snapshots/{name}", QdrantApi.DOWNLOAD_FULL_SNAPSHOT);
    t.add("DELETE", "/snapshots/{name}", QdrantApi.DELETE_FULL_SNAPSHOT);
    t.add("GET", "/collections", QdrantApi.LIST_COLLECTIONS);
    t.add("GET", "/aliases", QdrantApi.LIST_ALIASES);
    t.add("POST", "/collections/aliases", QdrantApi.UPDATE_ALIASES);
    String c = "/collections/{c}";
    t.add("GET", c, QdrantApi.GET_COLLECTION);
    t.add("PUT", c, QdrantApi.CREATE_COLLECTION);
    t.add("PATCH", c, QdrantApi.UPDATE_COLLECTION);
    t.add("DELETE", c, QdrantApi.DELETE_COLLECTION);
    t.add("GET", c + "/exists", QdrantApi.COLLECTION_EXISTS);
    t.add("GET", c + "/shards", QdrantApi.LIST_SHARD_KEYS);
    t.add("GET", c + "/optimizations", QdrantApi.COLLECTION_OPTIMIZATIONS);
    t.add("GET", c + "/cluster", QdrantApi.COLLECTION_CLUSTER_INFO);
    t.add("GET", c + "/aliases", QdrantApi.LIST_COLLECTION_ALIASES);
    t.add("POST", c + "/cluster", QdrantApi.UPDATE_CLUSTER_SETUP);
    t.add("PUT", c + "/shards", QdrantApi.CREATE_SHARD_KEY);
    t.add("POST", c + "/shards/delete", QdrantApi.DELETE_SHARD_KEY);
    t.add("PUT", c + "/index", QdrantApi.CREATE_FIELD_INDEX);
    t.add("DELETE", c + "/index/{field}", QdrantApi.DELETE_FIELD_INDEX);
    t.add("PUT", c + "/vectors/{name}", QdrantApi.CREATE_VECTOR_NAME);
    t.add("DELETE", c + "/vectors/{name}", QdrantApi.DELETE_VECTOR_NAME);
    for (String s : List.of(c + "/snapshots", c + "/shards/{shard}/snapshots")) {
      t.add("GET", s, QdrantApi.LIST_SNAPSHOTS);
      t.add("POST", s, QdrantApi.CREATE_SNAPSHOT);
      t.add("GET", s + "/{name}", QdrantApi.DOWNLOAD_SNAPSHOT);
      t.add("DELETE", s + "/{name}", QdrantApi.DELETE_SNAPSHOT);
      t.add("PUT", s + "/recover", QdrantApi.RECOVER_SNAPSHOT);
      t.add("POST", s + "/upload", QdrantApi.UPLOAD_SNAPSHOT);
    }
    t.add("GET", c + "/shards/{shard}/snapshot", QdrantApi.DOWNLOAD_SNAPSHOT);
    String pts = c + "/points";
    t.add("GET", pts + "/{id}", QdrantApi.GET_POINT);
    t.add("POST", pts, QdrantApi.GET_POINTS);
    t.add("POST", pts + "/scroll", QdrantApi.SCROLL);
    t.add("POST", pts + "/count", QdrantApi.COUNT);
    t.add("POST", c + "/facet", QdrantApi.FACET);
    t.add("POST", pts + "/search", QdrantApi.SEARCH);
    t.add("POST", pts + "/search/batch", QdrantApi.SEARCH_BATCH);
    t.add("POST", pts + "/search/groups", QdrantApi.SEARCH_GROUPS);
    t.add("POST", pts + "/search/matrix/pairs", QdrantApi.SEARCH_MATRIX);
    t.add("POST", pts + "/search/matrix/offsets", QdrantApi.SEARCH_MATRIX);
    t.add("POST", pts + "/recommend", QdrantApi.RECOMMEND);
    t.add("POST", pts + "/recommend/batch", QdrantApi.RECOMMEND_BATCH);
    t.add("POST", pts + "/recommend/groups", QdrantApi.RECOMMEND_GROUPS);
    t.add("POST", pts + "/discover", QdrantApi.DISCOVER);
    t.add("POST", pts + "/discover/batch", QdrantApi.DISCOVER_BATCH);
    t.add("POST", pts + "/query", QdrantApi.QUERY);
    t.add("POST", pts + "/query/batch", QdrantApi.QUERY_BATCH);
    t.add("POST", pts + "/query/groups", QdrantApi.QUERY_GROUPS);
    t.add("PUT", pts, QdrantApi.UPSERT);
    t.add("POST", pts + "/delete", QdrantApi.DELETE_POINTS);
    t.add("PUT", pts + "/vectors", QdrantApi.UPDATE_VECTORS);
    t.add("POST", pts + "/vectors/delete", QdrantApi.DELETE_VECTORS);
    t.add("POST", pts + "/payload", QdrantApi.SET_PAYLOAD);
    t.add("PUT", pts + "/payload", QdrantApi.OVERWRITE_PAYLOAD);
    t.add("POST", pts + "/payload/delete", QdrantApi.DELETE_PAYLOAD);
    t.add("POST", pts + "/payload/clear", QdrantApi.CLEAR_PAYLOAD);
    t.add("POST", pts + "/batch", QdrantApi.UPDATE_BATCH);
    return t;
  }

  /** The action of a classified call; its pattern is the call's endpoint. */
  static @Nullable QdrantApi apiOf(VectorCall call) {
    return call.backend() == Backend.QDRANT ? ROUTES.byPattern(call.endpoint()) : null;
  }

  @Override
  public VectorCall classify(RestRequest request) throws RestClassificationException {
    List<String> segments = Paths.segments(request.rawPath());
    RouteTable.Match<QdrantApi> match = ROUTES.match(request.method(), segments);
    if (match == null) {
      return VectorCall.builder(Backend.QDRANT, Operation.UNKNOWN)
          .endpoint(request.method() + ' ' + Paths.join(segments)).build();
    }
    QdrantApi api = match.target();
    VectorCall.Builder call = VectorCall.builder(Backend.QDRANT, api.operation())
        .access(api.access()).endpoint(match.pattern());
    Set<String> collections = new LinkedHashSet<>();
    String path = match.params().get("c");
    if (path != null) {
      collections.add(Paths.checkName("collection", path));
    }
    if (hasJsonBody(api.kind())) {
      ObjectNode body = Json.object(request.body(), match.pattern());
      QdrantFacts facts = QdrantFacts.of(api.kind(), body);
      collections.addAll(facts.collections());
      call.facts(facts.facts());
    }
    if (api.kind() == QdrantRequestKind.ALIASES) {
      aliases.forget(Backend.QDRANT); // what the last listing taught is about to be stale
    }
    if (!collections.isEmpty()) {
      call.collections(List.copyOf(collections));
    } else {
      call.scope(Scope.GLOBAL);
    }
    return aliases.withTargets(call.build());
  }

  static boolean hasJsonBody(QdrantRequestKind kind) {
    return kind != QdrantRequestKind.NONE && kind != QdrantRequestKind.POINT && kind != QdrantRequestKind.RAW_DATA
        && kind != QdrantRequestKind.LIST_COLLECTIONS && kind != QdrantRequestKind.LIST_ALIASES;
  }

  @Override
  public @Nullable String leakRisk(RestRequest request, VectorCall call, Obligations obligations) {
    QdrantApi api = apiOf(call);
    if (api == null || obligations.isNone()) {
      return null;
    }
    try {
      QdrantJsonView view = hasJsonBody(api.kind())
          ? QdrantJsonView.of(api, Json.object(request.body(), call.endpoint())) : null;
      QdrantRules.check(api, view, obligations);
      return null;
    } catch (RestClassificationException | UnenforceableRequestException e) {
      return e.getMessage();
    }
  }

  @Override
  public byte @Nullable [] rewrite(RestRequest request, VectorCall call, Obligations obligations)
      throws RestClassificationException {
    QdrantApi api = apiOf(call);
    if (api == null || obligations.isNone() || !hasJsonBody(api.kind())) {
      return null;
    }
    ObjectNode body = Json.object(request.body(), call.endpoint());
    boolean changed = QdrantRewriter.rewrite(api.kind(), body, obligations);
    return changed ? Json.bytes(body) : null;
  }

  /** Reads the body once for both the model's check and the rewrite, which every guarded call pays for. */
  @Override
  public byte @Nullable [] bodyToSend(RestRequest request, VectorCall call, Obligations obligations)
      throws UnenforceableRequestException {
    QdrantApi api = apiOf(call);
    if (api == null || obligations.isNone()) {
      return request.body();
    }
    try {
      ObjectNode body = hasJsonBody(api.kind()) ? Json.object(request.body(), call.endpoint()) : null;
      QdrantRules.check(api, body == null ? null : QdrantJsonView.of(api, body), obligations);
      return body != null && QdrantRewriter.rewrite(api.kind(), body, obligations) ? Json.bytes(body) : request.body();
    } catch (RestClassificationException e) {
      throw new UnenforceableRequestException(e.getMessage());
    }
  }

  @Override
  public ResponseKind responseKind(VectorCall call) {
    QdrantApi api = apiOf(call);
    if (api == null) {
      return ResponseKind.PASS;
    }
    QdrantRequestKind kind = api.kind();
    if (kind == QdrantRequestKind.LIST_COLLECTIONS || kind == QdrantRequestKind.LIST_ALIASES) {
      return ResponseKind.COLLECTIONS;
    }
    return QdrantLayouts.of(kind) == null ? ResponseKind.PASS : ResponseKind.RECORDS;
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, InputStream in,
      OutputStream out)
      throws MaskingException {
    return plan.maskJson(in, out, layout(call));
  }

  @Override
  public MaskCounts maskResponse(VectorCall call, Obligations obligations, MaskPlan plan, byte[] body,
      OutputStream out) throws MaskingException {
    return plan.maskJson(body, out, layout(call));
  }

  private JsonLayout layout(VectorCall call) throws MaskingException {
    QdrantApi api = apiOf(call);
    JsonLayout layout = api == null ? null : QdrantLayouts.of(api.kind());
    if (layout == null) {
      throw new MaskingException("the response of " + call.endpoint() + " carries no points to mask");
    }
    return layout;
  }

  @Override
  public byte[] filterCollections(VectorCall call, byte[] body, Predicate<String> visible)
      throws RestClassificationException {
    QdrantApi api = apiOf(call);
    if (api == null) {
      return body;
    }
    JsonNode root = Json.parse(body, "the response of " + call.endpoint());
    JsonNode result = root.path("result");
    if (api.kind() == QdrantRequestKind.LIST_COLLECTIONS) {
      return Listings.keep(root, result.get("collections"), "name", visible, call.endpoint()) ? Json.bytes(root) : body;
    }
    if (api.kind() == QdrantRequestKind.LIST_ALIASES) {
      JsonNode listed = result.get("aliases");
      if (listed != null) {
        for (JsonNode alias : listed) {
          if (alias.path("alias_name").isTextual() && alias.path("collection_name").isTextual()) {
            aliases.learn(Backend.QDRANT, null, alias.get("alias_name").textValue(),
                alias.get("collection_name").textValue());
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
