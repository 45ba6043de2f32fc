package dev.vectorguard.model;

/**
 * The request cannot be made to obey its obligations: it would reveal a protected field, cannot
 * be confined to the caller's tenant, or would change more than the caller asked for. The
 * adapter refuses the call with this message; nothing is sent. Thrown by the backend models;
 * each transport binding reports it in its own error type.
 */
public final class UnenforceableRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnenforceableRequestException(String reason) {
    super(reason);
  }
}
