package dev.vectorguard.token;

import dev.vectorguard.Spi;

/**
 * Supplies the credential to attach to a call, per backend and granted scope.
 *
 * <p>Implementations are thread-safe and fast on the request path: they serve cached tokens and
 * refresh them ahead of expiry off the request path. A source that cannot produce a valid
 * credential throws; the guard then refuses the call ("could not decide", cause {@code token}).
 */
@FunctionalInterface
@Spi
public interface TokenSource {

  /**
   * The credential for {@code request}.
   *
   * @throws TokenUnavailableException when no valid credential can be had
   */
  Credential credential(TokenRequest request) throws TokenUnavailableException;

  /** A source that attaches nothing, for backends without authentication. */
  static TokenSource none() {
    return request -> Credential.NONE;
  }
}
