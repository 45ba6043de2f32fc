package dev.vectorguard.token;

/** Attaches one long-lived secret to every call, as a {@link CredentialKind#STATIC} credential. */
final class StaticTokenSource implements TokenSource {
  private final SecretSource secret;
  private volatile Credential last = Credential.NONE;

  StaticTokenSource(SecretSource secret) {
    this.secret = secret;
  }

  @Override
  public Credential credential(TokenRequest request) throws TokenUnavailableException {
    String value = secret.secret();
    Credential current = last;
    // Reuse the credential (and its fingerprint) while the secret is unchanged.
    if (!current.isNone() && current.secret().equals(value)) {
      return current;
    }
    Credential fresh = Credential.of(CredentialKind.STATIC, value, null, null);
    last = fresh;
    return fresh;
  }

  @Override
  public String toString() {
    return "StaticTokenSource{" + secret + '}';
  }
}
