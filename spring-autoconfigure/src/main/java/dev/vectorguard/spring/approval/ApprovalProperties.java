package dev.vectorguard.spring.approval;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vectorguard.approvals.*}: where approval requests live and how approvers hear of them.
 * The CLI reads {@code store} from the same YAML ({@code vectorguard approvals list --config
 * application.yaml}).
 */
@ConfigurationProperties("vectorguard.approvals")
public class ApprovalProperties {
  /** {@code memory} (one process), a JDBC URL ({@code jdbc:postgresql://…}), or {@code datasource} (the application's). */
  private @Nullable String store;
  /** A directory for the CLI's own trail of decisions; not used by the application. */
  private @Nullable String audit;
  /** How long calls wait for a grant when their rule sets no {@code approval.wait}; 0 refuses at once. */
  private Duration wait = Duration.ZERO;
  /** How long a request waits for a decision before it expires. */
  private Duration pendingLifetime = Duration.ofDays(1);
  /** How often a waiting call looks for its grant in the store. */
  private Duration pollInterval = Duration.ofMillis(500);
  private final Webhook webhook = new Webhook();

  public @Nullable String getStore() {
    return store;
  }

  public void setStore(@Nullable String store) {
    this.store = store;
  }

  public @Nullable String getAudit() {
    return audit;
  }

  public void setAudit(@Nullable String audit) {
    this.audit = audit;
  }

  public Duration getWait() {
    return wait;
  }

  public void setWait(Duration wait) {
    this.wait = wait;
  }

  public Duration getPendingLifetime() {
    return pendingLifetime;
  }

  public void setPendingLifetime(Duration pendingLifetime) {
    this.pendingLifetime = pendingLifetime;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public Webhook getWebhook() {
    return webhook;
  }

  /** {@code vectorguard.approvals.webhook.*}: who is told of new requests. */
  public static class Webhook {
    /** The webhook; none when unset. */
    private @Nullable URI url;
    /** {@code generic} (signed JSON) or {@code slack}. */
    private String format = "generic";
    /** The HMAC-SHA256 signing secret of a generic webhook, at least 32 bytes (from a secret store). */
    private @Nullable String secret;

    public @Nullable URI getUrl() {
      return url;
    }

    public void setUrl(@Nullable URI url) {
      this.url = url;
    }

    public String getFormat() {
      return format;
    }

    public void setFormat(String format) {
      this.format = format;
    }

    public @Nullable String getSecret() {
      return secret;
    }

    public void setSecret(@Nullable String secret) {
      this.secret = secret;
    }

    @Override
    public String toString() {
      return "Webhook{" + format + ", " + (url == null ? "none" : url.getHost()) + '}';
    }
  }
}
