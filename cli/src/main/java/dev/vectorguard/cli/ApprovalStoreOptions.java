package dev.vectorguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vectorguard.approval.ApprovalException;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.jdbc.JdbcApprovalStore;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.HashChainFileSink;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the approval commands find the store and write their audit trail: options first, then
 * the environment ({@code VECTORGUARD_APPROVALS_STORE}, {@code VECTORGUARD_APPROVALS_AUDIT}), then
 * the application's YAML ({@code vectorguard.approvals.store} and {@code vectorguard.approvals.audit},
 * the keys the Spring module reads).
 */
final class ApprovalStoreOptions {
  static final String STORE_ENV = "VECTORGUARD_APPROVALS_STORE";
  static final String AUDIT_ENV = "VECTORGUARD_APPROVALS_AUDIT";

  @Option(names = "--store", paramLabel = "JDBC_URL",
      description = "The approval store, such as jdbc:postgresql://db:5432/app?user=vg.")
  @Nullable String store;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The application's YAML; read for vectorguard.approvals.store and vectorguard.approvals.audit.")
  @Nullable Path config;

  @Option(names = "--audit", paramLabel = "DIR",
      description = "A hash-chained trail for this tool's approval.* events (not the application's own trail).")
  @Nullable Path audit;

  /** The environment; replaced in tests. */
  java.util.function.Function<String, String> env = System::getenv;

  /** An opened store, and the sink its decisions are audited to (null when only reading). */
  record Opened(Approvals approvals, @Nullable HashChainFileSink trail) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (trail != null) {
        trail.close();
      }
    }
  }

  /**
   * Opens the store; with {@code deciding}, also the audit trail, which a decision requires.
   *
   * @throws IllegalArgumentException saying which setting is missing or wrong
   */
  Opened open(boolean deciding) throws IOException {
    JsonNode yaml = config == null ? null : new YAMLMapper().readTree(config.toFile());
    String url = first(store, env.apply(STORE_ENV), text(yaml, "store"));
    if (url == null) {
      throw new IllegalArgumentException("no approval store: pass --store JDBC_URL, set " + STORE_ENV
          + ", or set vectorguard.approvals.store in --config FILE");
    }
    String auditDir = first(audit == null ? null : audit.toString(), env.apply(AUDIT_ENV), text(yaml, "audit"));
    if (deciding && auditDir == null) {
      throw new IllegalArgumentException("a decision is an audit event and no trail is set: pass --audit DIR, set "
          + AUDIT_ENV + ", or set vectorguard.approvals.audit in --config FILE");
    }
    JdbcApprovalStore jdbc;
    try {
      jdbc = JdbcApprovalStore.open(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (ApprovalException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    HashChainFileSink trail = deciding ? HashChainFileSink.builder(Path.of(auditDir)).open()
        : null;
    AuditSink sink = trail == null ? event -> {} : trail;
    return new Opened(Approvals.builder(jdbc).auditSink(sink).build(), trail);
  }

  private static @Nullable String text(@Nullable JsonNode yaml, String key) {
    if (yaml == null) {
      return null;
    }
    JsonNode node = yaml.path("vectorguard").path("approvals").path(key);
    return node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
  }

  private static @Nullable String first(@Nullable String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
