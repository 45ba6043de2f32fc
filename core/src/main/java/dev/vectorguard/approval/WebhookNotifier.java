package dev.vectorguard.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Tells a webhook of each new approval request, off the request path: {@link #requested} only
 * schedules the delivery, which is retried with exponential backoff on connection failures, 429
 * and 5xx answers, and given up (logged and counted) after the last attempt.
 *
 * <ul>
 *   <li>{@link #generic}: a JSON object (type, id, workload, actor, backend, operation,
 *       collections, rules, summary, approvers, min_approvals, requested_at, pending_until),
 *       signed with HMAC-SHA256 over {@code <timestamp>.<body>}: headers
 *       {@code X-Vectorguard-Timestamp} (epoch seconds) and
 *       {@code X-Vectorguard-Signature: sha256=<hex>}, so the receiver checks both origin and age.
 *   <li>{@link #slack}: a Slack incoming-webhook body, {@code {"text": "…"}}, whose text names the
 *       same things in one message and the CLI command that decides it.
 * </ul>
 *
 * <p>A notification carries names and the one-line summary of an {@link ApprovalRecord}, which
 * holds no request body, masked value or credential; the signing secret is never logged.
 * Thread-safe.
 *
 * <pre>{@code
 * ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
 * ApprovalNotifier hook = WebhookNotifier.generic(URI.create("https://hooks.acme.io/vg"), secret, scheduler).build();
 * Approvals approvals = Approvals.builder(store).notifier(hook).build();
 * }</pre>
 */
public final class WebhookNotifier implements ApprovalNotifier {
  private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The header holding {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
  public static final String SIGNATURE_HEADER = "X-Vectorguard-Signature";
  /** The header holding the epoch seconds the signature covers. */
  public static final String TIMESTAMP_HEADER = "X-Vectorguard-Timestamp";

  private enum Format { GENERIC, SLACK }

  private final URI url;
  private final Format format;
  private final byte @Nullable [] secret;
  private final ScheduledExecutorService scheduler;
  private final HttpClient http;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration timeout;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();

  private WebhookNotifier(Builder builder) {
    this.url = builder.url;
    this.format = builder.format;
    this.secret = builder.secret;
    this.scheduler = builder.scheduler;
    this.http = builder.http;
    this.clock = builder.clock;
    this.maxAttempts = builder.maxAttempts;
    this.firstBackoff = builder.firstBackoff;
    this.timeout = builder.timeout;
  }

  /**
   * A generic JSON webhook signed with {@code secret} (at least 32 bytes).
   *
   * @throws IllegalArgumentException when the secret is shorter, or the URL is not http(s)
   */
  public static Builder generic(URI url, byte[] secret, ScheduledExecutorService scheduler) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("the webhook signing secret must be at least 32 bytes, but was "
          + secret.length);
    }
    return new Builder(url, Format.GENERIC, secret.clone(), scheduler);
  }

  /** A Slack incoming webhook (its URL is its secret: keep it out of logs and code). */
  public static Builder slack(URI url, ScheduledExecutorService scheduler) {
    return new Builder(url, Format.SLACK, null, scheduler);
  }

  @Override
  public void requested(ApprovalRecord record) {
    byte[] body = body(record);
    scheduler.execute(() -> attempt(record.id(), body, 1));
  }

  /** Notifications the webhook accepted (2xx). */
  public long delivered() {
    return delivered.sum();
  }

  /** Notifications given up after the last attempt, or refused with a 4xx other than 429. */
  public long failed() {
    return failed.sum();
  }

  private void attempt(String id, byte[] body, int attempt) {
    String problem;
    try {
      HttpResponse<Void> response = http.send(request(body), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        delivered.increment();
        return;
      }
      if (status != 429 && status < 500) {
        failed.increment();
        LOG.log(Level.WARNING, "the approval webhook refused the notification of " + id + " with HTTP " + status
            + "; not retried");
        return;
      }
      problem = "HTTP " + status;
    } catch (IOException e) {
      problem = e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.increment();
      return;
    }
    if (attempt >= maxAttempts) {
      failed.increment();
      LOG.log(Level.WARNING, "gave up notifying the approval webhook of " + id + " after " + attempt
          + " attempts; last: " + problem);
      return;
    }
    long delay = firstBackoff.toMillis() << Math.min(attempt - 1, 20);
    try {
      scheduler.schedule(() -> attempt(id, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      failed.increment(); // the application is shutting down
    }
  }

  private HttpRequest request(byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      String timestamp = Long.toString(clock.instant().getEpochSecond());
      request.header(TIMESTAMP_HEADER, timestamp).header(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body));
    }
    return request.build();
  }

  /** The hex HMAC-SHA256 of {@code <timestamp>.<body>} with {@code secret}: what a receiver recomputes. */
  public static String sign(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + '.').getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
    }
  }

  private byte[] body(ApprovalRecord r) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (format == Format.SLACK) {
      body.put("text", ":lock: Vectorguard approval needed: " + r.summary()
          + "\n• request `" + r.id() + "` by rule " + String.join(", ", r.rules())
          + "\n• approvers: " + String.join(", ", r.approvers()) + " (" + r.minApprovals() + " needed), grant "
          + r.grantTtl() + (r.singleUse() ? ", single use" : "")
          + "\n• decide: `vectorguard approvals approve " + r.id() + " --as <you> --reason <why>`");
    } else {
      body.put("type", "approval.requested");
      body.put("id", r.id());
      body.put("workload", r.workload());
      body.put("actor", new TreeMap<>(r.actor()));
      body.put("backend", r.backend());
      body.put("operation", r.operation());
      body.put("collections", r.collections());
      body.put("rules", r.rules());
      body.put("summary", r.summary());
      body.put("approvers", r.approvers());
      body.put("min_approvals", r.minApprovals());
      body.put("requested_at", r.requestedAt().toString());
      body.put("pending_until", r.pendingUntil().toString());
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the notification", e);
    }
  }

  @Override
  public String toString() {
    // The URL of a Slack webhook is its credential; the host is enough to tell which it is.
    return "WebhookNotifier{" + format.name().toLowerCase(java.util.Locale.ROOT) + ", " + url.getHost() + '}';
  }

  /** Builds a {@link WebhookNotifier}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final URI url;
    private final Format format;
    private final byte @Nullable [] secret;
    private final ScheduledExecutorService scheduler;
    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 5;
    private Duration firstBackoff = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(URI url, Format format, byte @Nullable [] secret, ScheduledExecutorService scheduler) {
      Objects.requireNonNull(url, "url");
      if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
        throw new IllegalArgumentException("the webhook URL must be http or https, but was " + url.getScheme());
      }
      this.url = url;
      this.format = format;
      this.secret = secret;
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Attempts per notification, 1 to 20; 5 by default. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 20) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 20, but was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The wait before the first retry, doubled for each further one; 1 s by default. */
    public Builder backoff(Duration first) {
      if (first.isNegative() || first.isZero()) {
        throw new IllegalArgumentException("backoff must be positive, but was " + first);
      }
      this.firstBackoff = first;
      return this;
    }

    /** How long one attempt may take; 10 s by default. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public WebhookNotifier build() {
      return new WebhookNotifier(this);
    }
  }
}
