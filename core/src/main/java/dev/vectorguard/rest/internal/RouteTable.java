package dev.vectorguard.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Routes decoded path segments to endpoints. Literal segments match exactly (case-sensitive, as
 * the servers route); {@code {name}} matches any one segment. When several routes match, the one
 * with the most literal segments wins ({@code by-id/{id}} over {@code {c}/count}). Immutable once
 * built; not public API.
 */
final class RouteTable<T> {
  record Match<T>(T target, String pattern, Map<String, String> params) {}

  private record Route<T>(String method, String pattern, String[] segments, T target, int literals) {}

  private final List<Route<T>> routes = new ArrayList<>();
  private final Map<String, T> byPattern = new LinkedHashMap<>();

  RouteTable<T> add(String method, String pattern, T target) {
    String[] segments = pattern.equals("/") ? new String[0] : pattern.substring(1).split("/");
    int literals = 0;
    for (String s : segments) {
      if (!s.startsWith("{")) {
        literals++;
      }
    }
    routes.add(new Route<>(method, pattern, segments, target, literals));
    byPattern.put(method + ' ' + pattern, target);
    return this;
  }

  /** The target of the route named {@code "METHOD /pattern"} (a classified call's endpoint), or {@code null}. */
  @Nullable T byPattern(String methodAndPattern) {
    return byPattern.get(methodAndPattern);
  }

  @Nullable Match<T> match(String method, List<String> path) {
    Route<T> best = null;
    for (Route<T> route : routes) {
      if (route.method.equals(method) && matches(route, path) && (best == null || route.literals > best.literals)) {
        best = route;
      }
    }
    if (best == null) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < best.segments.length; i++) {
      String s = best.segments[i];
      if (s.startsWith("{")) {
        params.put(s.substring(1, s.length() - 1), path.get(i));
      }
    }
    return new Match<>(best.target, best.method + ' ' + best.pattern, params);
  }

  private static boolean matches(Route<?> route, List<String> path) {
    if (route.segments.length != path.size()) {
      return false;
    }
    for (int i = 0; i < route.segments.length; i++) {
      String s = route.segments[i];
      if (!s.startsWith("{") && !s.equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }
}
