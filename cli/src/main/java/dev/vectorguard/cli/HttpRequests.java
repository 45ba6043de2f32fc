package dev.vectorguard.cli;

import dev.vectorguard.Backend;
import dev.vectorguard.VectorCall;
import dev.vectorguard.rest.RestClassificationException;
import dev.vectorguard.rest.RestDialect;
import dev.vectorguard.rest.RestRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Classifies raw HTTP requests with exactly the dialects the OkHttp interceptor uses. */
final class HttpRequests {
  private HttpRequests() {}

  /**
   * Classifies {@code METHOD PATH} (the path may carry {@code ?query}) with the REST dialect of
   * {@code backend}.
   *
   * @throws IllegalArgumentException when the request line or the backend is malformed
   * @throws RestClassificationException when the dialect refuses the request
   */
  static VectorCall classify(RestDialect dialect, String method, String target, @Nullable String body)
      throws RestClassificationException {
    return dialect.classify(request(method, target, body));
  }

  /**
   * The request {@code METHOD PATH} (the path may carry {@code ?query}) with {@code body}.
   *
   * @throws IllegalArgumentException when the path does not start with {@code /}
   */
  static RestRequest request(String method, String target, @Nullable String body) {
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("the path must start with '/', but was '" + target + "'");
    }
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    return RestRequest.of(method, path, query, Map.of(), bytes);
  }

  static Backend backend(String id) {
    Backend backend = Backend.fromId(id);
    if (backend == null) {
      throw new IllegalArgumentException("unknown backend '" + id + "'; valid backends: qdrant, milvus, chroma");
    }
    return backend;
  }

  /** The JSON object {@code vectorguard classify} prints for a call. */
  static Map<String, Object> json(VectorCall call) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backend", call.backend().id());
    out.put("operation", call.operation().id());
    out.put("access", call.access().id());
    out.put("scope", call.scope().name().toLowerCase(java.util.Locale.ROOT));
    out.put("collections", List.copyOf(call.collections()));
    out.put("database", call.database());
    return out;
  }
}
