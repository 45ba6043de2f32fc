package dev.vectorguard.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Posts one form to an OAuth2 token endpoint and reads the access token from its answer
 * (RFC 6749 §5, RFC 8693 §2.2). Shared by client credentials and token exchange.
 */
final class TokenEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final int MAX_ERROR_CHARS = 200;

  private final URI uri;
  private final String safeUri;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final ClientAuthentication authentication;
  private final Duration defaultLifetime;

  TokenEndpoint(URI uri, HttpClient http, Duration timeout, Clock clock, ClientAuthentication authentication,
      Duration defaultLifetime) {
    this.uri = uri;
    this.safeUri = safe(uri);
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
    this.authentication = authentication;
    this.defaultLifetime = defaultLifetime;
  }

  static URI check(URI uri) {
    Objects.requireNonNull(uri, "tokenEndpoint");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("the token endpoint must be an http(s) URL, but was " + safe(uri));
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the token endpoint URL must not carry credentials: " + safe(uri));
    }
    return uri;
  }

  /** The URL without user info, query or fragment: what messages may show. */
  static String safe(URI uri) {
    return (uri.getScheme() == null ? "" : uri.getScheme() + "://")
        + (uri.getHost() == null ? "" : uri.getHost())
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  String describe() {
    return safeUri;
  }

  /** Posts {@code form} (plus client authentication) and returns the issued token as a {@code kind} credential. */
  Credential fetch(Map<String, List<String>> form, CredentialKind kind) throws TokenUnavailableException {
    Map<String, List<String>> body = new LinkedHashMap<>(form);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json");
    authentication.apply(request, body, uri, clock);
    request.POST(HttpRequest.BodyPublishers.ofString(encode(body)));
    Instant sentAt = clock.instant();
    HttpResponse<InputStream> response;
    byte[] bytes;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
    } catch (HttpTimeoutException e) {
      throw new TokenUnavailableException("token endpoint " + safeUri + " did not answer within " + timeout, e);
    } catch (IOException e) {
      throw new TokenUnavailableException("could not reach token endpoint " + safeUri + ": "
          + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenUnavailableException("interrupted while waiting for token endpoint " + safeUri, e);
    }
    if (bytes.length > MAX_RESPONSE_BYTES) {
      throw new TokenUnavailableException("token endpoint " + safeUri + " answered with more than "
          + MAX_RESPONSE_BYTES + " bytes");
    }
    JsonNode json = parse(bytes);
    int status = response.statusCode();
    if (status != 200) {
      throw new TokenUnavailableException("token endpoint " + safeUri + " answered HTTP " + status + errorOf(json));
    }
    if (json == null || !json.isObject()) {
      throw new TokenUnavailableException("token endpoint " + safeUri + " answered HTTP 200 without a JSON object");
    }
    JsonNode token = json.get("access_token");
    if (token == null || !token.isTextual() || token.asText().isBlank()) {
      throw new TokenUnavailableException("token endpoint " + safeUri + " answered without an access_token");
    }
    JsonNode type = json.get("token_type");
    String tokenType = type == null ? "" : type.asText();
    if (!tokenType.equalsIgnoreCase("Bearer") && !tokenType.equalsIgnoreCase("N_A")) {
      throw new TokenUnavailableException("token endpoint " + safeUri + " issued token_type '"
          + shorten(tokenType) + "'; only Bearer tokens can be attached");
    }
    String accessToken = token.asText();
    UnverifiedJwt peek = UnverifiedJwt.peek(accessToken);
    JsonNode expiresIn = json.get("expires_in");
    Instant expiresAt;
    long seconds = expiresIn == null ? -1 : secondsOf(expiresIn);
    if (seconds > 0) {
      // Counted from when the request was sent: the token cannot have been issued earlier.
      expiresAt = sentAt.plusSeconds(seconds);
    } else if (expiresIn != null && !expiresIn.isNull()) {
      throw new TokenUnavailableException("token endpoint " + safeUri + " answered an invalid expires_in");
    } else if (peek.expiresAt() != null) {
      expiresAt = peek.expiresAt();
    } else {
      expiresAt = sentAt.plus(defaultLifetime);
    }
    return Credential.of(kind, accessToken, expiresAt, peek.tokenId());
  }

  /** {@code expires_in} as a positive number of seconds (some servers send it as a string), or -1. */
  private static long secondsOf(JsonNode expiresIn) {
    if (expiresIn.isIntegralNumber() && expiresIn.canConvertToLong()) {
      return expiresIn.asLong();
    }
    if (expiresIn.isTextual() && expiresIn.asText().matches("[0-9]{1,10}")) {
      return Long.parseLong(expiresIn.asText());
    }
    return -1;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return bytes.length == 0 ? null : JSON.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  /** The RFC 6749 §5.2 error code and description, shortened; they never carry the client's secrets. */
  private static String errorOf(JsonNode json) {
    if (json == null || !json.isObject() || !json.path("error").isTextual()) {
      return "";
    }
    String description = json.path("error_description").isTextual()
        ? " (" + shorten(json.path("error_description").asText()) + ")" : "";
    return ": " + shorten(json.path("error").asText()) + description;
  }

  private static String shorten(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", " ");
    return clean.length() <= MAX_ERROR_CHARS ? clean : clean.substring(0, MAX_ERROR_CHARS) + "...";
  }

  private static String encode(Map<String, List<String>> form) {
    StringBuilder out = new StringBuilder();
    form.forEach((name, values) -> {
      for (String value : values) {
        if (out.length() > 0) {
          out.append('&');
        }
        out.append(ClientAuthentication.formEncode(name)).append('=').append(ClientAuthentication.formEncode(value));
      }
    });
    return out.toString();
  }
}
