package dev.vectorguard.springweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardContext;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.resttest.Harness;
import dev.vectorguard.resttest.RestTransport;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/** A {@link RestTemplate} guarded by {@link VectorGuardSpringWeb#apply(RestTemplate)}. */
class RestTemplateTest {
  private static final String POLICY = """
      version: 1
      rules:
        - id: docs
          collections: [docs]
          actions: [read]
          effect: allow
          obligations:
            max_results: 5
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
            mask: [ { field: email, with: redact } ]
      """;

  private Harness h;
  private RestTemplate template;

  private void start() throws Exception {
    h = new Harness(SpringWebTransport.INSTANCE, Backend.QDRANT, POLICY);
    VectorGuardSpringWeb web = VectorGuardSpringWeb.create(new RestTransport.Setup()
        .backend(h.url("/"), Backend.QDRANT).restGuard(h.guard));
    // A factory that follows no redirects: the guard decided only the first URL.
    template = web.apply(web.apply(new RestTemplate(new JdkClientHttpRequestFactory(
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()))));
  }

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private String search(String collection, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("api-key", "the-applications-own-key");
    return template.exchange(h.url("/collections/" + collection + "/points/search"), HttpMethod.POST,
        new HttpEntity<>(body, headers), String.class).getBody();
  }

  @Test
  void aSearchIsRewrittenMaskedAndAudited() throws Exception {
    start();
    h.enqueue(200, "{\"result\":[{\"id\":1,\"score\":0.9,\"payload\":{\"email\":\"ann@x.io\"}}],\"status\":\"ok\"}");

    String body;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      body = search("docs", "{\"vector\":[1,0],\"limit\":100}");
    }

    assertThat(body).contains("[REDACTED]").doesNotContain("ann@x.io");
    var sent = h.taken();
    assertThat(Harness.body(sent)).contains("\"limit\":5").contains("acme");
    assertThat(sent.getHeaders().values("api-key")).containsExactly(Harness.TOKEN);
    assertThat(template.getInterceptors()).hasSize(1);
    assertThat(h.events(AuditEvent.CALL_COMPLETED)).singleElement()
        .satisfies(e -> assertThat(e.get("outcome.status")).isEqualTo("ok"));
  }

  @Test
  void aDeniedCallThrowsTheGuardsRefusalUnwrappedAndIsNeverSent() throws Exception {
    start();

    CallRefusedException e;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      e = catchThrowableOfType(CallRefusedException.class, () -> search("payroll", "{\"vector\":[1,0],\"limit\":3}"));
    }

    assertThat(e.decision().allowed()).isFalse();
    assertThat(e.getMessage()).startsWith("Vectorguard refused qdrant search on [payroll]");
    assertThat(h.server.getRequestCount()).isZero();
    assertThat(h.events(AuditEvent.CALL_REFUSED)).hasSize(1);
  }
}
