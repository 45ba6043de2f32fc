package dev.vectorguard.rest;

/**
 * A REST request could not be classified or rewritten safely: an ambiguous path, a malformed or
 * duplicate-keyed JSON body, a collection name the server would read differently, or obligations
 * the request cannot be made to obey. The message says what was wrong, with no secret or payload
 * value in it; adapters refuse the call with it (nothing is sent).
 */
public final class RestClassificationException extends Exception {
  private static final long serialVersionUID = 1L;

  public RestClassificationException(String message) {
    super(message);
  }

  public RestClassificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
