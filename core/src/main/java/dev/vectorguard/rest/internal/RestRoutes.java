package dev.vectorguard.rest.internal;

import dev.vectorguard.rest.RestDialect;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Maps request URIs to configured base URIs by scheme, host, port and base path; not public API.
 * Ports are compared with the scheme's default filled in, hosts without regard to case, paths as
 * encoded. Immutable.
 */
public final class RestRoutes {
  /** A configured base URI; {@code dialect} is {@code null} for pass-through bases. */
  public record Base(URI uri, @Nullable RestDialect dialect) {
    String basePath() {
      String path = rawPath(uri);
      return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
  }

  /** A request routed to a base, with its path relative to the base path (still encoded). */
  public record Route(Base base, String relativePath) {}

  private final List<Base> bases;

  public RestRoutes(List<Base> bases) {
    this.bases = List.copyOf(bases);
  }

  /** Whether requests to {@code uri} are guarded (routed to a base with a dialect). */
  public boolean guards(URI uri) {
    Route route = route(uri);
    return route != null && route.base().dialect() != null;
  }

  /** The base with the longest matching path for {@code uri}, or {@code null} when none matches. */
  public @Nullable Route route(URI uri) {
    Route best = null;
    for (Base base : bases) {
      if (!sameOrigin(base.uri(), uri)) {
        continue;
      }
      String basePath = base.basePath();
      String path = rawPath(uri);
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

  /** {@code uri} without path, query and fragment, for messages. */
  public static String origin(URI uri) {
    return lower(uri.getScheme()) + "://" + uri.getRawAuthority() + "/";
  }

  private static boolean sameOrigin(URI a, URI b) {
    return lower(a.getScheme()).equals(lower(b.getScheme())) && lower(a.getHost()).equals(lower(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equals(lower(uri.getScheme())) ? 443 : 80;
  }

  private static String rawPath(URI uri) {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  private static String lower(@Nullable String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
