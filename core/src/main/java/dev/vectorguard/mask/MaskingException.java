package dev.vectorguard.mask;

import java.io.IOException;

/**
 * A response could not be masked (malformed or truncated JSON, nesting too deep, a value of an
 * unexpected type). Nothing half-masked was passed on. The message never contains a payload value.
 */
public class MaskingException extends IOException {
  private static final long serialVersionUID = 1L;

  public MaskingException(String message) {
    super(message);
  }

  public MaskingException(String message, Throwable cause) {
    super(message, cause);
  }
}
