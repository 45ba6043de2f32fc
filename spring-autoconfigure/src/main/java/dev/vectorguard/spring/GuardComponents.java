package dev.vectorguard.spring;

import dev.vectorguard.audit.AsyncAuditSink;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.audit.LoggerAuditSink;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.spring.VectorGuardProperties.AuditProperties;
import dev.vectorguard.token.ClientAuthentication;
import dev.vectorguard.token.OAuth2ClientCredentials;
import dev.vectorguard.token.QdrantJwtMinter;
import dev.vectorguard.token.SecretSource;
import dev.vectorguard.token.TokenSource;
import dev.vectorguard.token.TokenSources;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Maps the properties to core's token sources, audit sinks and masking settings. Every missing or
 * rejected setting becomes a {@link VectorGuardConfigurationException} naming the property; no
 * message carries a secret.
 */
final class GuardComponents {
  private GuardComponents() {}

  /** The framework property that holds the Qdrant API key, read when vectorguard.token.qdrant-jwt.signing-key is unset. */
  static final String SPRING_AI_QDRANT_API_KEY = "spring.ai.vectorstore.qdrant.api-key";

  static TokenSource tokenSource(TokenProperties properties) {
    return tokenSource(properties, null);
  }

  /**
   * The token source; {@code frameworkQdrantKey} (Spring AI's Qdrant API key) signs Qdrant JWTs
   * when {@code vectorguard.token.qdrant-jwt.signing-key} is unset, so that the key is configured once.
   */
  static TokenSource tokenSource(TokenProperties properties, @Nullable String frameworkQdrantKey) {
    return switch (properties.getType()) {
      case NONE -> TokenSource.none();
      case STATIC -> TokenSources.staticSecret(
          required(properties.getStatic().getValue(), "vectorguard.token.static.value", "static"));
      case FILE -> TokenSources.fromTokenFile(required(properties.getFile().getPath(), "vectorguard.token.file.path",
          "file"));
      case OAUTH2 -> oauth2(properties.getOauth2());
      case QDRANT_JWT -> {
        TokenProperties.QdrantJwtToken jwt = properties.getQdrantJwt();
        String own = jwt.getSigningKey();
        String key = required(own == null || own.isBlank() ? frameworkQdrantKey : own,
            "vectorguard.token.qdrant-jwt.signing-key (or " + SPRING_AI_QDRANT_API_KEY + ")", "qdrant-jwt");
        yield TokenSources.cached(checked("vectorguard.token.qdrant-jwt", () ->
            QdrantJwtMinter.builder(SecretSource.of(key)).lifetime(jwt.getTtl()).build()));
      }
    };
  }

  private static TokenSource oauth2(TokenProperties.OAuth2Token oauth2) {
    URI tokenUri = required(oauth2.getTokenUri(), "vectorguard.token.oauth2.token-uri", "oauth2");
    String clientId = required(oauth2.getClientId(), "vectorguard.token.oauth2.client-id", "oauth2");
    String secret = required(oauth2.getClientSecret(), "vectorguard.token.oauth2.client-secret", "oauth2");
    return TokenSources.cached(checked("vectorguard.token.oauth2", () -> {
      OAuth2ClientCredentials.Builder builder = OAuth2ClientCredentials.builder(tokenUri,
          ClientAuthentication.clientSecretBasic(clientId, SecretSource.of(secret)));
      if (oauth2.getScope() != null && !oauth2.getScope().isBlank()) {
        builder.scope(oauth2.getScope().trim().split("\\s+"));
      }
      if (oauth2.getAudience() != null && !oauth2.getAudience().isBlank()) {
        builder.audience(oauth2.getAudience());
      }
      return builder.build();
    }));
  }

  static AuditSink auditSink(AuditProperties properties) {
    AuditSink sink = switch (properties.getSink()) {
      case NONE -> event -> { };
      case LOGGER -> LoggerAuditSink.create(System.getLogger(properties.getLoggerName()), Level.INFO);
      case FILE -> fileSink(properties.getFile());
    };
    AsyncProperties async = properties.getAsync();
    if (!async.isEnabled()) {
      return sink;
    }
    return checked("vectorguard.audit.async", () -> AsyncAuditSink.builder(sink)
        .capacity(async.getCapacity())
        .overflow(switch (async.getOverflow()) {
          case BLOCK -> AsyncAuditSink.Overflow.BLOCK;
          case DROP -> AsyncAuditSink.Overflow.DROP;
          case FAIL -> AsyncAuditSink.Overflow.FAIL_CALL;
        })
        .build());
  }

  private static AuditSink fileSink(FileSinkProperties file) {
    Path directory = required(file.getDirectory(), "vectorguard.audit.file.directory", "file", "audit sink");
    HashChainFileSink.Builder builder = checked("vectorguard.audit.file", () -> {
      HashChainFileSink.Builder b = HashChainFileSink.builder(directory)
          .baseName(file.getBaseName())
          .maxFileBytes(file.getMaxSize().toBytes())
          .durability(durability(file));
      if (file.getMaxAge() != null) {
        b.maxFileAge(file.getMaxAge());
      }
      return b;
    });
    try {
      return builder.open();
    } catch (IOException e) {
      throw new VectorGuardConfigurationException("Vectorguard's audit file in " + directory + " cannot be opened.",
          List.of(String.valueOf(e.getMessage())),
          "Make vectorguard.audit.file.directory writable by the application (and verify the trail"
              + " with 'vectorguard audit verify' if it reports a damaged file).", e);
    }
  }

  private static Durability durability(FileSinkProperties file) {
    Duration interval = file.getFlushInterval();
    return switch (file.getFlush()) {
      case EVENT -> file.isFsync() ? Durability.fsyncEachEvent() : Durability.flushEachEvent();
      case BATCH -> file.isFsync() ? Durability.fsyncEachBatch() : Durability.flushEachBatch();
      case INTERVAL -> file.isFsync() ? Durability.fsyncEvery(interval) : Durability.flushEvery(interval);
    };
  }

  static MaskEngine masking(MaskProperties properties) {
    MaskSettings settings = checked("vectorguard.mask", () -> {
      MaskSettings.Builder builder = MaskSettings.builder().marker(properties.getMarker());
      String hashKey = properties.getHashKey();
      if (hashKey != null && !hashKey.isEmpty()) {
        builder.hashKey(hashKey.getBytes(StandardCharsets.UTF_8));
      }
      return builder.build();
    });
    return MaskEngine.create(settings);
  }

  /** Runs a core builder, turning its argument checks into a configuration failure naming {@code prefix}. */
  private static <T> T checked(String prefix, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new VectorGuardConfigurationException("Vectorguard cannot use the settings under " + prefix + ": "
          + e.getMessage(), "Correct the " + prefix + ".* properties.");
    }
  }

  private static <T> T required(@Nullable T value, String property, String type) {
    return required(value, property, type, "token source");
  }

  private static <T> T required(@Nullable T value, String property, String type, String what) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      throw new VectorGuardConfigurationException(
          "Vectorguard's " + what + " '" + type + "' needs " + property + ".",
          "Set " + property + (what.equals("token source")
              ? " (from an environment variable or a secret store), or choose another vectorguard.token.type."
              : ", or choose another vectorguard.audit.sink."));
    }
    return value;
  }
}
