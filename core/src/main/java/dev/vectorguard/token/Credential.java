package dev.vectorguard.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A secret to attach to one call, with what audit may say about it. Immutable.
 *
 * <p>{@link #toString()} never prints the secret: only the kind, the {@link #fingerprint()}, the
 * token id and the expiry.
 */
public final class Credential {
  /** Attach nothing. */
  public static final Credential NONE = new Credential(CredentialKind.NONE, "", null, null);

  private final CredentialKind kind;
  private final String secret;
  private final @Nullable Instant expiresAt;
  private final @Nullable String tokenId;
  private final String fingerprint;

  private Credential(CredentialKind kind, String secret, @Nullable Instant expiresAt, @Nullable String tokenId) {
    this.kind = kind;
    this.secret = secret;
    this.expiresAt = expiresAt;
    this.tokenId = tokenId;
    this.fingerprint = secret.isEmpty() ? ""
        : kind == CredentialKind.STATIC || kind == CredentialKind.MILVUS ? keyedFingerprintOf(secret)
        : fingerprintOf(secret);
  }

  /**
   * A credential of {@code kind}.
   *
   * @param expiresAt when it stops being valid, or {@code null} when it does not expire
   * @param tokenId the token's {@code jti}, or {@code null}
   */
  public static Credential of(CredentialKind kind, String secret, @Nullable Instant expiresAt, @Nullable String tokenId) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(secret, "secret");
    if (kind == CredentialKind.NONE || secret.isEmpty()) {
      throw new IllegalArgumentException("a credential needs a kind other than NONE and a non-empty secret");
    }
    return new Credential(kind, secret, expiresAt, tokenId);
  }

  public CredentialKind kind() {
    return kind;
  }

  /** The secret itself. Attach it to the call; never log it. */
  public String secret() {
    return secret;
  }

  public @Nullable Instant expiresAt() {
    return expiresAt;
  }

  public @Nullable String tokenId() {
    return tokenId;
  }

  /**
   * Enough of a digest to correlate calls, never enough to recover or confirm the secret: for
   * issued tokens (high entropy), the first 8 hex characters of the secret's SHA-256; for static
   * secrets and Milvus {@code user:password} credentials, which people choose and which can be
   * guessed, the first 8 hex characters of an HMAC-SHA256 under a random key of this process
   * ({@link #keyedFingerprintOf}), so a reader of the audit trail cannot test guesses against it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  public boolean isNone() {
    return kind == CredentialKind.NONE;
  }

  /** The fingerprint of any secret, as {@link #fingerprint()} computes it. */
  public static String fingerprintOf(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * The fingerprint of a secret that may be guessable: the first 8 hex characters of its
   * HMAC-SHA256 under a key drawn at random once per process. Stable within a process, unlinkable
   * across processes.
   */
  public static String keyedFingerprintOf(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(ProcessKey.KEY);
      return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)), 0, 4);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  /** Holds the per-process fingerprint key, created on first use. */
  private static final class ProcessKey {
    static final SecretKeySpec KEY = new SecretKeySpec(randomBytes(), "HmacSHA256");

    private static byte[] randomBytes() {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      return key;
    }
  }

  @Override
  public String toString() {
    return "Credential{" + kind.id()
        + (fingerprint.isEmpty() ? "" : ", fp:" + fingerprint)
        + (tokenId == null ? "" : ", jti=" + tokenId)
        + (expiresAt == null ? "" : ", exp=" + expiresAt) + '}';
  }
}
