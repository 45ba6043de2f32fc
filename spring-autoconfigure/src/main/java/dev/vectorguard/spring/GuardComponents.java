package dev.vectorguard.spring;

import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import dev.vectorguard.token.TokenSource;

/** Maps the properties to core's token sources, audit sinks and masking settings. */
final class GuardComponents {
  private GuardComponents() {}

  static TokenSource tokenSource(TokenProperties properties) {
    return switch (properties.getType()) {
      case NONE -> TokenSource.none();
      case STATIC -> {
        String value = required(properties.getStatic().getValue(), "vectorguard.token.static.value", "static");
        Credential credential = Credential.of(CredentialKind.STATIC, value, null, null);
        yield request -> credential;
      }
      default -> throw new UnsupportedOperationException(properties.getType() + " lands with the token sources");
    };
  }

  static AuditSink auditSink(VectorGuardProperties.AuditProperties properties) {
    return switch (properties.getSink()) {
      case NONE -> event -> { };
      default -> throw new UnsupportedOperationException(properties.getSink() + " lands with the audit sinks");
    };
  }

  static MaskEngine masking(MaskProperties properties) {
    return MaskEngine.create(MaskSettings.defaults());
  }

  private static String required(String value, String property, String type) {
    if (value == null || value.isBlank()) {
      throw new VectorGuardConfigurationException(
          "Vectorguard's token source '" + type + "' needs " + property + ".",
          "Set " + property + " (from an environment variable or a secret store), or choose another"
              + " vectorguard.token.type.");
    }
    return value;
  }
}
