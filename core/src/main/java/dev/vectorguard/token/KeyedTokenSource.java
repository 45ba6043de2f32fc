package dev.vectorguard.token;

import dev.vectorguard.Spi;

/**
 * A token source whose credential depends on what was granted, so that a cache in front of it
 * ({@link CachingTokenSource}) must keep one credential per {@link #cacheKey(TokenRequest) key}.
 * Sources that ignore the request (OAuth2, token files) need not implement it.
 */
@Spi
public interface KeyedTokenSource extends TokenSource {

  /**
   * The key under which the credential for {@code request} may be cached: two requests with equal
   * keys must be served by the same credential. Called on the request path: keep it cheap.
   */
  Object cacheKey(TokenRequest request);

  /**
   * Whether the credential for {@code request} may be cached at all. A cache asks before it looks
   * up {@link #cacheKey}: for {@code false} it fetches a credential for that call alone and keeps
   * nothing, so that a credential granting more than its caller usually needs (a Qdrant global
   * manage token) serves exactly one call. {@code true} unless a source says otherwise.
   */
  default boolean cacheable(TokenRequest request) {
    return true;
  }
}
