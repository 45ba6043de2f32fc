package dev.vectorguard.okhttp;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A MockWebServer playing one backend, a YAML-policy guard with an in-memory audit sink, and a wrapped client. */
final class Harness implements AutoCloseable {
  static final String TOKEN = "vg-token-1234";
  static final String WORKLOAD = "spiffe://test.local/sa/rag";
  static final MediaType JSON = MediaType.get("application/json");

  /** A policy allowing reads of {@code collection} with {@code vectors: strip}; more rules may be appended. */
  static String readsWithVectorsStripped(String collection) {
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

  final MockWebServer server = new MockWebServer();
  final InMemoryAuditSink audit = new InMemoryAuditSink();
  final VectorGuard guard;
  final OkHttpClient client;

  Harness(Backend backend, String policyYaml) throws Exception {
    this(backend, policyYaml, b -> b);
  }

  Harness(Backend backend, String policyYaml, UnaryOperator<VectorGuardOkHttp.Builder> configure) throws Exception {
    server.start();
    guard = VectorGuard.builder(PolicyLoader.parse(policyYaml, "test.yaml"))
        .workload(Workload.configured(WORKLOAD))
        .tokenSource(request -> Credential.of(CredentialKind.STATIC, TOKEN, null, null))
        .auditSink(audit)
        .masking(MaskEngine.create(MaskSettings.defaults()))
        .build();
    VectorGuardOkHttp okhttp = configure.apply(VectorGuardOkHttp.builder(guard).backend(server.url("/"), backend))
        .build();
    client = okhttp.wrap(new OkHttpClient());
  }

  void enqueue(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body)
        .build());
  }

  Request.Builder request(String method, String path, String body) {
    return new Request.Builder().url(server.url(path))
        .method(method, body == null ? null : RequestBody.create(body, JSON));
  }

  String call(Request.Builder request) throws IOException {
    try (Response response = client.newCall(request.build()).execute()) {
      return response.body().string();
    }
  }

  String call(String method, String path, String body) throws IOException {
    return call(request(method, path, body));
  }

  RecordedRequest taken() throws InterruptedException {
    return server.takeRequest();
  }

  static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
  }

  List<AuditEvent> events(String type) {
    return audit.ofType(type);
  }

  @Override
  public void close() {
    server.close();
  }
}
