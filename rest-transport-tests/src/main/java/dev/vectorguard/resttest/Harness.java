package dev.vectorguard.resttest;

import dev.vectorguard.Backend;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * A MockWebServer playing one backend, a YAML-policy guard with an in-memory audit sink, and the
 * transport's guarded client.
 */
public final class Harness implements AutoCloseable {
  public static final String TOKEN = "vg-token-1234";
  public static final String WORKLOAD = "spiffe://test.local/sa/rag";

  /** A policy allowing reads of {@code collection} with {@code vectors: strip}; more rules may be appended. */
  public static String readsWithVectorsStripped(String collection) {
    return """
        version: 1
        rules:
          - id: reads
            collections: [%s]
            actions: [read]
            effect: allow
            obligations: { vectors: strip }
        """.formatted(collection);
  }

  public final MockWebServer server = new MockWebServer();
  public final InMemoryAuditSink audit = new InMemoryAuditSink();
  public final VectorGuard guard;
  public final RestTransport.Client client;

  public Harness(RestTransport transport, Backend backend, String policyYaml) throws Exception {
    this(transport, backend, policyYaml, s -> s);
  }

  public Harness(RestTransport transport, Backend backend, String policyYaml,
      UnaryOperator<RestTransport.Setup> configure) throws Exception {
    server.start();
    guard = VectorGuard.builder(PolicyLoader.parse(policyYaml, "test.yaml"))
        .workload(Workload.configured(WORKLOAD))
        .tokenSource(request -> Credential.of(CredentialKind.STATIC, TOKEN, null, null))
        .auditSink(audit)
        .masking(MaskEngine.create(MaskSettings.defaults()))
        .build();
    client = transport.connect(guard, configure.apply(new RestTransport.Setup().backend(url("/"), backend)));
  }

  /** The mock server's URL for {@code path}. */
  public URI url(String path) {
    return server.url(path).uri();
  }

  public void enqueue(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body)
        .build());
  }

  /** A request to the mock server, JSON-typed when it has a body. */
  public RestTransport.Request request(String method, String path, @Nullable String body) {
    return new RestTransport.Request(method, URI.create(server.url("/").toString().replaceAll("/$", "") + path),
        body == null ? Map.of() : Map.of("Content-Type", List.of("application/json")), body);
  }

  public RestTransport.Reply send(RestTransport.Request request) throws Exception {
    return client.send(request);
  }

  /** The body the application got for {@code request}. */
  public String call(RestTransport.Request request) throws Exception {
    return send(request).body();
  }

  /** The body the application got for {@code method path} with {@code body}. */
  public String call(String method, String path, @Nullable String body) throws Exception {
    return send(request(method, path, body)).body();
  }

  /** The next request the server got; fails (rather than hangs) when none arrives within 10 s. */
  public RecordedRequest taken() throws InterruptedException {
    RecordedRequest taken = server.takeRequest(10, TimeUnit.SECONDS);
    if (taken == null) {
      throw new AssertionError("the server got no request");
    }
    return taken;
  }

  public static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
  }

  public List<AuditEvent> events(String type) {
    return audit.ofType(type);
  }

  @Override
  public void close() {
    server.close();
  }
}
