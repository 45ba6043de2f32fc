package dev.vectorguard.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as a dialect sees it: method, the path as sent (still percent-encoded, relative
 * to the backend's base URL), the raw query, the headers and the body. Immutable; header names
 * are looked up case-insensitively.
 *
 * <pre>{@code
 * RestRequest request = RestRequest.of("POST", "/collections/docs/points/search", null,
 *     Map.of("Content-Type", List.of("application/json")), body);
 * }</pre>
 */
public final class RestRequest {
  private final String method;
  private final String rawPath;
  private final @Nullable String query;
  private final Map<String, List<String>> headers;
  private final byte @Nullable [] body;

  private RestRequest(String method, String rawPath, @Nullable String query,
      Map<String, List<String>> headers, byte @Nullable [] body) {
    this.method = method;
    this.rawPath = rawPath;
    this.query = query;
    this.headers = headers;
    this.body = body;
  }

  /**
   * A request.
   *
   * @param method the HTTP method, as sent ({@code "POST"})
   * @param rawPath the encoded path relative to the backend's base URL, starting with {@code /}
   * @param query the encoded query without {@code ?}, or {@code null}
   * @param headers header values by name (any letter case)
   * @param body the body bytes, or {@code null} when there is none; not copied
   * @throws IllegalArgumentException when the path does not start with {@code /}
   */
  public static RestRequest of(String method, String rawPath, @Nullable String query,
      Map<String, List<String>> headers, byte @Nullable [] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    Objects.requireNonNull(headers, "headers");
    if (!rawPath.startsWith("/")) {
      throw new IllegalArgumentException("rawPath must start with '/', but was '" + rawPath + "'");
    }
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    copy.replaceAll((name, values) -> List.copyOf(values));
    return new RestRequest(method, rawPath, query, java.util.Collections.unmodifiableMap(copy), body);
  }

  /** A request without headers. */
  public static RestRequest of(String method, String rawPath, byte @Nullable [] body) {
    return of(method, rawPath, null, Map.of(), body);
  }

  public String method() {
    return method;
  }

  /** The path as sent, still percent-encoded. */
  public String rawPath() {
    return rawPath;
  }

  public @Nullable String query() {
    return query;
  }

  /** Every header, by case-insensitive name. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of header {@code name} (any letter case), or {@code null}. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body (not a copy: do not modify it), or {@code null}. */
  public byte @Nullable [] body() {
    return body;
  }

  /** {@code "METHOD /raw/path"}, as audit records name the endpoint. */
  public String describe() {
    return method + ' ' + rawPath;
  }

  @Override
  public String toString() {
    return "RestRequest{" + describe() + (query == null ? "" : "?" + query)
        + ", headers=" + headers.keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()
        + ", body=" + (body == null ? "none" : body.length + " bytes") + '}';
  }
}
