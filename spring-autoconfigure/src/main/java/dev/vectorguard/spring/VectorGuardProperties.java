package dev.vectorguard.spring;

import dev.vectorguard.audit.AuditMode;
import dev.vectorguard.audit.CaptureLevel;
import dev.vectorguard.policy.PolicyMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Vectorguard's Spring Boot properties, under vectorguard.*.
 *
 * <p>Secrets (static tokens, client secrets, signing and hash keys) may come from any property
 * source: environment variables, a secrets directory, a vault-backed source. They are never
 * logged, and {@link #toString()} of every nested group redacts them.
 *
 * <pre>{@code
 * vectorguard:
 *   policy.location: classpath:vectorguard-policy.yaml
 *   workload.id: spiffe://acme.io/ns/prod/sa/rag
 *   token: { type: qdrant-jwt, qdrant-jwt.signing-key: ${QDRANT_API_KEY} }
 *   audit.file.path: /var/log/vectorguard/audit.jsonl
 *   qdrant: { host: qdrant.internal, port: 6334, tls: true }
 * }</pre>
 */
@ConfigurationProperties("vectorguard")
public class VectorGuardProperties {

  /** Whether Vectorguard guards this application. When false no guard bean is created at all. */
  private boolean enabled = true;

  /**
   * Overrides the mode written in the policy: enforce refuses denied calls,
   * monitor decides and audits but never blocks. Unset keeps the policy's own mode.
   */
  private @Nullable PolicyMode mode;

  /** Where the policy comes from and whether it is reloaded. */
  @NestedConfigurationProperty
  private final PolicyProperties policy = new PolicyProperties();

  /** The workload every guarded call is made as. */
  @NestedConfigurationProperty
  private final WorkloadProperties workload = new WorkloadProperties();

  /** Which credential is attached to guarded calls. */
  @NestedConfigurationProperty
  private final TokenProperties token = new TokenProperties();

  /** Where audit events go and what happens when they cannot be written. */
  @NestedConfigurationProperty
  private final AuditProperties audit = new AuditProperties();

  /** Settings of response masking. */
  @NestedConfigurationProperty
  private final MaskProperties mask = new MaskProperties();

  /** Base URLs of the vector databases that OkHttp clients talk to, per backend. */
  @NestedConfigurationProperty
  private final BackendProperties backends = new BackendProperties();

  /** A guarded QdrantClient bean built from these settings. */
  @NestedConfigurationProperty
  private final QdrantProperties qdrant = new QdrantProperties();

  /** Which existing client beans are guarded. */
  @NestedConfigurationProperty
  private final ClientProperties clients = new ClientProperties();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable PolicyMode getMode() {
    return mode;
  }

  public void setMode(@Nullable PolicyMode mode) {
    this.mode = mode;
  }

  public PolicyProperties getPolicy() {
    return policy;
  }

  public WorkloadProperties getWorkload() {
    return workload;
  }

  public TokenProperties getToken() {
    return token;
  }

  public AuditProperties getAudit() {
    return audit;
  }

  public MaskProperties getMask() {
    return mask;
  }

  public BackendProperties getBackends() {
    return backends;
  }

  public QdrantProperties getQdrant() {
    return qdrant;
  }

  public ClientProperties getClients() {
    return clients;
  }

  @Override
  public String toString() {
    return "VectorGuardProperties{enabled=" + enabled + ", mode=" + mode + ", " + policy + ", " + workload
        + ", " + token + ", " + audit + ", " + mask + ", " + backends + ", " + qdrant + ", " + clients + '}';
  }

  /** vectorguard.policy.*. */
  public static class PolicyProperties {
    /**
     * The policy file: a Spring resource location such as classpath:vectorguard-policy.yaml
     * or file:/etc/vectorguard/policy.yaml (a plain path is read from the file system). The
     * application does not start when the guard is enabled and the policy is missing or invalid.
     */
    private @Nullable String location;

    /**
     * Whether a policy file on the file system is watched and reloaded when it changes. A reload
     * that fails validation keeps the policy in force and is reported.
     */
    private boolean reload = false;

    /** How often a reloading policy checks its file for changes. */
    private Duration reloadInterval = Duration.ofSeconds(5);

    public @Nullable String getLocation() {
      return location;
    }

    public void setLocation(@Nullable String location) {
      this.location = location;
    }

    public boolean isReload() {
      return reload;
    }

    public void setReload(boolean reload) {
      this.reload = reload;
    }

    public Duration getReloadInterval() {
      return reloadInterval;
    }

    public void setReloadInterval(Duration reloadInterval) {
      this.reloadInterval = reloadInterval;
    }

    @Override
    public String toString() {
      return "policy{location=" + location + ", reload=" + reload + ", reloadInterval=" + reloadInterval + '}';
    }
  }

  /** vectorguard.workload.*. */
  public static class WorkloadProperties {
    /**
     * The workload id audited with every call and matched by policy rules' workload
     * conditions, such as spiffe://acme.io/ns/prod/sa/rag. Defaults to
     * spring.application.name; the application does not start when neither is set.
     */
    private @Nullable String id;

    public @Nullable String getId() {
      return id;
    }

    public void setId(@Nullable String id) {
      this.id = id;
    }

    @Override
    public String toString() {
      return "workload{id=" + id + '}';
    }
  }

  /** vectorguard.audit.*. */
  public static class AuditProperties {
    /**
     * Whether a call whose call.started event cannot be written is refused
     * (required, the default) or proceeds with the failure counted (best-effort).
     */
    private AuditMode mode = AuditMode.REQUIRED;

    /**
     * How much of each call is recorded: metadata (who, what, decision, outcome; the
     * default), query (adds the normalised query) or full (adds the request and the
     * masked response bodies). Tokens, vectors and masked values are never recorded.
     */
    private CaptureLevel capture = CaptureLevel.METADATA;

    /** The most bytes of one body kept in an event at capture level full. */
    private DataSize captureLimit = DataSize.ofKilobytes(64);

    /** Which sink receives events: logger (the default), file or none. */
    private SinkType sink = SinkType.LOGGER;

    /** The name of the logger that the logger sink writes one JSON line per event to. */
    private String loggerName = "dev.vectorguard.audit";

    /** The hash-chained JSON-lines file of the file sink. */
    @NestedConfigurationProperty
    private final FileSinkProperties file = new FileSinkProperties();

    /** The queue between the guard and a slow sink. */
    @NestedConfigurationProperty
    private final AsyncProperties async = new AsyncProperties();

    public AuditMode getMode() {
      return mode;
    }

    public void setMode(AuditMode mode) {
      this.mode = mode;
    }

    public CaptureLevel getCapture() {
      return capture;
    }

    public void setCapture(CaptureLevel capture) {
      this.capture = capture;
    }

    public DataSize getCaptureLimit() {
      return captureLimit;
    }

    public void setCaptureLimit(DataSize captureLimit) {
      this.captureLimit = captureLimit;
    }

    public SinkType getSink() {
      return sink;
    }

    public void setSink(SinkType sink) {
      this.sink = sink;
    }

    public String getLoggerName() {
      return loggerName;
    }

    public void setLoggerName(String loggerName) {
      this.loggerName = loggerName;
    }

    public FileSinkProperties getFile() {
      return file;
    }

    public AsyncProperties getAsync() {
      return async;
    }

    @Override
    public String toString() {
      return "audit{mode=" + mode + ", capture=" + capture + ", captureLimit=" + captureLimit + ", sink=" + sink + ", loggerName=" + loggerName + ", " + file + ", " + async + '}';
    }

    /** The audit sinks that can be chosen by configuration; any AuditSink bean replaces them. */
    public enum SinkType {
      /** Events are dropped; only sensible with best-effort audit in tests. */
      NONE,
      /** One JSON line per event to a logger. */
      LOGGER,
      /** A hash-chained JSON-lines file with rotation. */
      FILE
    }
  }

  /** vectorguard.clients.*. */
  public static class ClientProperties {
    /**
     * Whether every OkHttpClient bean gets the guard's interceptor (once). Such a client
     * may then call only the base URLs under vectorguard.backends.
     */
    private boolean okhttp = true;

    /** Whether MilvusClientV2 and MilvusServiceClient beans are wrapped by the guard. */
    private boolean milvus = true;

    /**
     * Names of ManagedChannel beans that lead to Qdrant or Milvus and are guarded. Channels
     * are opt-in because the guard refuses calls to gRPC services it does not know.
     */
    private List<String> grpcChannels = new ArrayList<>();

    /**
     * Names of vector-database client beans (Qdrant, Milvus, OkHttp clients, gRPC channels) left
     * unguarded on purpose. Every other such bean is guarded in place, or, when it cannot be,
     * stops the start; the actuator endpoint lists both kinds.
     */
    private List<String> unguardedBeans = new ArrayList<>();

    public List<String> getUnguardedBeans() {
      return unguardedBeans;
    }

    public void setUnguardedBeans(List<String> unguardedBeans) {
      this.unguardedBeans = unguardedBeans;
    }

    public boolean isOkhttp() {
      return okhttp;
    }

    public void setOkhttp(boolean okhttp) {
      this.okhttp = okhttp;
    }

    public boolean isMilvus() {
      return milvus;
    }

    public void setMilvus(boolean milvus) {
      this.milvus = milvus;
    }

    public List<String> getGrpcChannels() {
      return grpcChannels;
    }

    public void setGrpcChannels(List<String> grpcChannels) {
      this.grpcChannels = grpcChannels;
    }

    @Override
    public String toString() {
      return "clients{okhttp=" + okhttp + ", milvus=" + milvus + ", grpcChannels=" + grpcChannels
          + ", unguardedBeans=" + unguardedBeans + '}';
    }
  }

  /** vectorguard.backends.*: base URLs, so a request's URL says which dialect reads it. */
  public static class BackendProperties {
    /** Base URLs of Qdrant's REST API, such as http://qdrant.internal:6333. */
    private List<URI> qdrant = new ArrayList<>();

    /** Base URLs of Milvus's REST API (v2), such as http://milvus.internal:19530. */
    private List<URI> milvus = new ArrayList<>();

    /** Base URLs of Chroma's REST API (v2), such as http://chroma.internal:8000. */
    private List<URI> chroma = new ArrayList<>();

    /**
     * Base URLs that guarded OkHttp clients may call unguarded, such as an embedding API. Requests
     * to a URL under none of the configured base URLs are refused.
     */
    private List<URI> passThrough = new ArrayList<>();

    public List<URI> getQdrant() {
      return qdrant;
    }

    public void setQdrant(List<URI> qdrant) {
      this.qdrant = qdrant;
    }

    public List<URI> getMilvus() {
      return milvus;
    }

    public void setMilvus(List<URI> milvus) {
      this.milvus = milvus;
    }

    public List<URI> getChroma() {
      return chroma;
    }

    public void setChroma(List<URI> chroma) {
      this.chroma = chroma;
    }

    public List<URI> getPassThrough() {
      return passThrough;
    }

    public void setPassThrough(List<URI> passThrough) {
      this.passThrough = passThrough;
    }

    @Override
    public String toString() {
      return "backends{qdrant=" + qdrant + ", milvus=" + milvus + ", chroma=" + chroma + ", passThrough="
          + passThrough + '}';
    }
  }

  /** vectorguard.qdrant.*: a guarded QdrantClient bean over gRPC. */
  public static class QdrantProperties {
    /** The Qdrant host; when set, a guarded QdrantClient bean is created. */
    private @Nullable String host;

    /** Qdrant's gRPC port. */
    private int port = 6334;

    /** Whether the gRPC channel uses TLS. */
    private boolean tls = false;

    /** The deadline of each call made through the client. */
    private Duration timeout = Duration.ofSeconds(30);

    public @Nullable String getHost() {
      return host;
    }

    public void setHost(@Nullable String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public boolean isTls() {
      return tls;
    }

    public void setTls(boolean tls) {
      this.tls = tls;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    public String toString() {
      return "qdrant{host=" + host + ", port=" + port + ", tls=" + tls + ", timeout=" + timeout + '}';
    }
  }
}
