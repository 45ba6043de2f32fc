package dev.vectorguard.spring.approval;

import dev.vectorguard.approval.ApprovalNotifier;
import dev.vectorguard.approval.ApprovalService;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.WebhookNotifier;
import dev.vectorguard.approval.jdbc.JdbcApprovalStore;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import dev.vectorguard.spring.VectorGuardCustomizer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Approvals from {@code vectorguard.approvals.*}: an {@link ApprovalStore} ({@code store: memory},
 * a JDBC URL, or {@code datasource} for the application's {@link DataSource}; or the
 * application's own {@code ApprovalStore} bean), the {@link Approvals} service the guard asks
 * (auditing to the guard's sink), a webhook notifier when {@code webhook.url} is set, and the
 * guard-wide {@code wait}. A store that cannot be opened stops the start, saying why.
 */
@AutoConfiguration(before = VectorGuardAutoConfiguration.class)
@ConditionalOnVectorGuardEnabled
@EnableConfigurationProperties(ApprovalProperties.class)
public class VectorGuardApprovalsAutoConfiguration {
  private static final String JDBC_STORE = "dev.vectorguard.approval.jdbc.JdbcApprovalStore";

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "vectorguard.approvals", name = "store")
  public ApprovalStore vectorGuardApprovalStore(ApprovalProperties properties, ObjectProvider<DataSource> dataSource) {
    String store = String.valueOf(properties.getStore()).trim();
    if (store.equals("memory")) {
      return ApprovalStore.inMemory();
    }
    if (!store.equals("datasource") && !store.startsWith("jdbc:")) {
      throw new VectorGuardConfigurationException("vectorguard.approvals.store is not a store Vectorguard knows.",
          "Set it to memory, datasource (the application's DataSource) or a JDBC URL such as "
              + "jdbc:postgresql://db:5432/app?user=vg.");
    }
    if (!ClassUtils.isPresent(JDBC_STORE, getClass().getClassLoader())) {
      throw new VectorGuardConfigurationException("vectorguard.approvals.store names a database, but the JDBC "
          + "approval store is not on the class path.", "Add the dependency dev.vectorguard:vectorguard-approvals-jdbc.");
    }
    try {
      if (store.equals("datasource")) {
        DataSource source = dataSource.getIfUnique();
        if (source == null) {
          throw new VectorGuardConfigurationException("vectorguard.approvals.store is datasource, but the "
              + "application has no single DataSource bean.", "Define one DataSource, or set a JDBC URL.");
        }
        return JdbcStores.open(source);
      }
      return JdbcStores.open(store);
    } catch (dev.vectorguard.approval.ApprovalException e) {
      throw new VectorGuardConfigurationException("Vectorguard could not open its approval store: " + e.getMessage(),
          "Check vectorguard.approvals.store and that the database is reachable.");
    }
  }

  /** Runs waits and webhook deliveries, never on a caller's or a client's thread. */
  @Bean(destroyMethod = "shutdownNow")
  @ConditionalOnBean(ApprovalStore.class)
  public ScheduledExecutorService vectorGuardApprovalScheduler() {
    return Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "vectorguard-approvals");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Bean
  @ConditionalOnBean(ApprovalStore.class)
  @ConditionalOnMissingBean(ApprovalService.class)
  public Approvals vectorGuardApprovals(ApprovalStore store, ApprovalProperties properties, AuditSink auditSink,
      ScheduledExecutorService vectorGuardApprovalScheduler) {
    return Approvals.builder(store).auditSink(auditSink)
        .pendingLifetime(properties.getPendingLifetime())
        .notifier(notifier(properties.getWebhook(), vectorGuardApprovalScheduler))
        .waitOn(vectorGuardApprovalScheduler, properties.getPollInterval())
        .build();
  }

  /** {@code vectorguard.approvals.wait}, applied to the guard being built. */
  @Bean
  @ConditionalOnBean(ApprovalStore.class)
  public VectorGuardCustomizer vectorGuardApprovalWait(ApprovalProperties properties) {
    return builder -> builder.approvalWait(properties.getWait());
  }

  /** Touches the JDBC store's class only when it is on the class path. */
  private static final class JdbcStores {
    static ApprovalStore open(DataSource source) {
      return JdbcApprovalStore.open(source);
    }

    static ApprovalStore open(String url) {
      return JdbcApprovalStore.open(url);
    }
  }

  static ApprovalNotifier notifier(ApprovalProperties.Webhook webhook, ScheduledExecutorService scheduler) {
    if (webhook.getUrl() == null) {
      return ApprovalNotifier.none();
    }
    switch (webhook.getFormat()) {
      case "slack":
        return WebhookNotifier.slack(webhook.getUrl(), scheduler).build();
      case "generic":
        if (webhook.getSecret() == null) {
          throw new VectorGuardConfigurationException("The approval webhook has no signing secret.",
              "Set vectorguard.approvals.webhook.secret (at least 32 bytes, from a secret store), or format: slack.");
        }
        try {
          return WebhookNotifier.generic(webhook.getUrl(), webhook.getSecret().getBytes(StandardCharsets.UTF_8),
              scheduler).build();
        } catch (IllegalArgumentException e) {
          throw new VectorGuardConfigurationException("The approval webhook is misconfigured: " + e.getMessage(),
              "Fix vectorguard.approvals.webhook.*.");
        }
      default:
        throw new VectorGuardConfigurationException("vectorguard.approvals.webhook.format must be generic or slack, "
            + "but was '" + webhook.getFormat() + "'.", "Set it to generic or slack.");
    }
  }
}
