package dev.vectorguard.identity;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Fetches a JWK set with the JDK HTTP client, bounded in time and size. */
final class HttpJwksRetriever implements ResourceRetriever {
  private static final int MAX_BYTES = 256 * 1024;

  private final HttpClient http;
  private final Duration timeout;
  private final @Nullable Path bearerTokenFile;

  HttpJwksRetriever(HttpClient http, Duration timeout, @Nullable Path bearerTokenFile) {
    this.http = http;
    this.timeout = timeout;
    this.bearerTokenFile = bearerTokenFile;
  }

  /** Whether a credential may be sent to {@code uri}: https, or http to a loopback address. */
  static boolean confidential(URI uri) {
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return true;
    }
    try {
      return uri.getHost() != null && InetAddress.getByName(uri.getHost()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("not a URI: " + e.getMessage(), e);
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (bearerTokenFile != null) {
      String token = Files.readString(bearerTokenFile, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IOException("the JWKS bearer token file " + bearerTokenFile + " is empty");
      }
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = builder.GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + safe(uri), e);
    }
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BYTES + 1);
    }
    if (response.statusCode() != 200) {
      throw new IOException("JWKS " + safe(uri) + " answered HTTP " + response.statusCode());
    }
    if (body.length > MAX_BYTES) {
      throw new IOException("JWKS " + safe(uri) + " is larger than " + MAX_BYTES + " bytes");
    }
    return new Resource(new String(body, StandardCharsets.UTF_8),
        response.headers().firstValue("Content-Type").orElse(null));
  }

  static String safe(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
