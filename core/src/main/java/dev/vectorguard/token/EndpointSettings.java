package dev.vectorguard.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The settings shared by the token-endpoint sources' builders; not thread-safe. */
final class EndpointSettings {
  URI endpoint;
  ClientAuthentication authentication;
  @Nullable HttpClient http;
  Duration timeout = Duration.ofSeconds(10);
  Clock clock = Clock.systemUTC();
  Duration defaultLifetime = Duration.ofMinutes(5);
  final List<String> scopes = new ArrayList<>();
  final List<String> audiences = new ArrayList<>();
  final List<String> resources = new ArrayList<>();

  EndpointSettings(URI endpoint, ClientAuthentication authentication) {
    this.endpoint = TokenEndpoint.check(endpoint);
    this.authentication = Objects.requireNonNull(authentication, "authentication");
  }

  void timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
    }
    this.timeout = timeout;
  }

  void defaultLifetime(Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("defaultLifetime must be positive, but was " + lifetime);
    }
    this.defaultLifetime = lifetime;
  }

  static void addAll(List<String> to, String what, String... values) {
    for (String value : values) {
      Objects.requireNonNull(value, what);
      if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(what + " must be non-empty without whitespace, but was '" + value + "'");
      }
      to.add(value);
    }
  }

  TokenEndpoint endpoint() {
    HttpClient client = http != null ? http
        : HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    return new TokenEndpoint(endpoint, client, timeout, clock, authentication, defaultLifetime);
  }

  /** The scope, audience and resource parameters, in that order. */
  Map<String, List<String>> targetParameters() {
    Map<String, List<String>> form = new LinkedHashMap<>();
    if (!scopes.isEmpty()) {
      form.put("scope", List.of(String.join(" ", scopes)));
    }
    if (!audiences.isEmpty()) {
      form.put("audience", List.copyOf(audiences));
    }
    if (!resources.isEmpty()) {
      form.put("resource", List.copyOf(resources));
    }
    return form;
  }
}
