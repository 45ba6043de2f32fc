package dev.vectorguard.token;

/**
 * A token source could not produce a valid credential (endpoint down, token expired with no
 * replacement, malformed response). The call it was for is refused. The message never contains a
 * secret.
 */
public class TokenUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public TokenUnavailableException(String message) {
    super(message);
  }

  public TokenUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
