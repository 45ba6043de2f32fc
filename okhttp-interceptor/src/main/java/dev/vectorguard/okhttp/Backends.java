package dev.vectorguard.okhttp;

import dev.vectorguard.rest.RestDialect;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Maps request URLs to configured backends by scheme, host, port and base path. Immutable. */
final class Backends {
  /** A configured base URL; {@code dialect} is {@code null} for pass-through bases. */
  record Base(HttpUrl url, @Nullable RestDialect dialect) {
    String basePath() {
      String path = url.encodedPath();
      return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
  }

  /** A request routed to a base, with its path relative to the base path (still encoded). */
  record Route(Base base, String relativePath) {}

  private final List<Base> bases;

  Backends(List<Base> bases) {
    this.bases = List.copyOf(bases);
  }

  /** Whether requests to {@code url} are guarded (routed to a base with a dialect). */
  boolean guards(HttpUrl url) {
    Route route = route(url);
    return route != null && route.base().dialect() != null;
  }

  /** The base with the longest matching path for {@code url}, or {@code null} when none matches. */
  @Nullable Route route(HttpUrl url) {
    Route best = null;
    for (Base base : bases) {
      if (!base.url().scheme().equals(url.scheme()) || !base.url().host().equals(url.host())
          || base.url().port() != url.port()) {
        continue;
      }
      String basePath = base.basePath();
      String path = url.encodedPath();
      if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
        continue;
      }
      if (best == null || basePath.length() > best.base().basePath().length()) {
        String relative = path.substring(basePath.length());
        best = new Route(base, relative.isEmpty() ? "/" : relative);
      }
    }
    return best;
  }
}
