package dev.vectorguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A request the adapter's rewrite cannot bring under the obligations of an allowing decision is
 * refused before anything is audited as started: exactly one {@code call.refused}, with the
 * decision, the obligations and the reason, and no credential fetched.
 */
class RewriteRefusalTest {
  private static final String POLICY = """
      version: 1
      rules:
        - id: reads-people
          when: { actor.tenant: "*" }
          collections: [people]
          actions: [read]
          effect: allow
          obligations:
            max_results: 5
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
            mask: [ { field: email, with: redact } ]
      """;
  private static final Actor ACME = Actor.builder().tenant("acme").build();
  private static final VectorCall FACET = VectorGuardRefusalTest.call(Operation.FACET, "people");

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final AtomicInteger credentials = new AtomicInteger();

  private VectorGuard guard(String policy) throws Exception {
    return VectorGuard.builder(PolicyLoader.parse(policy, "people.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/rag")).auditSink(audit)
        .tokenSource(request -> {
          credentials.incrementAndGet();
          return Credential.of(CredentialKind.STATIC, "k-secret", null, null);
        }).build();
  }

  @Test
  void aRequestTheRewriteRefusesIsOneCallRefusedWithTheAllowingDecision() throws Exception {
    CallRefusedException e = catchThrowableOfType(CallRefusedException.class, () -> guard(POLICY).begin(FACET, ACME,
        obligations -> {
          throw new UnenforceableRequestException("faceting on 'email' would reveal values of the masked field 'email'");
        }));

    assertThat(e).hasMessage("Vectorguard refused qdrant facet on [people]: "
        + "faceting on 'email' would reveal values of the masked field 'email'");
    assertThat(e.decision().effect()).isEqualTo(Effect.ALLOW);
    assertThat(e.decision().rules()).containsExactly("reads-people");
    assertThat(credentials).hasValue(0);
    assertThat(audit.events()).singleElement().satisfies(refused -> {
      assertThat(refused.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(refused.callId()).isEqualTo(e.callId());
      assertThat(refused.get(AuditFields.REASON)).isEqualTo(e.getMessage());
      assertThat(refused.get(AuditFields.DECISION_EFFECT)).isEqualTo("allow");
      assertThat(refused.get(AuditFields.DECISION_RULES)).isEqualTo(List.of("reads-people"));
      assertThat(refused.get(AuditFields.OBLIGATIONS_MASKS)).isEqualTo(List.of("email:redact"));
      assertThat(refused.get(AuditFields.OBLIGATIONS_TENANT_FILTERS)).isEqualTo(List.of("tenant"));
      assertThat(refused.get(AuditFields.OBLIGATIONS_MAX_RESULTS)).isEqualTo(5);
      assertThat(refused.get(AuditFields.FAILURE)).isNull();
    });
  }

  @Test
  void theRewriteGetsTheObligationsAndItsRequestIsReturned() throws Exception {
    GuardedRequest<String> started = guard(POLICY).begin(FACET, ACME,
        obligations -> "limit " + obligations.maxResults() + ", tenant " + obligations.tenantFilters().get(0).value());

    assertThat(started.request()).isEqualTo("limit 5, tenant acme");
    assertThat(started.call().obligations().maxResults()).isEqualTo(5);
    assertThat(audit.events()).extracting(AuditEvent::type).containsExactly(AuditEvent.CALL_STARTED);
  }

  @Test
  void aRewriteThatFailsIsAParseFailureAndNothingIsStarted() throws Exception {
    GuardFailureException e = catchThrowableOfType(GuardFailureException.class, () -> guard(POLICY).begin(FACET, ACME,
        obligations -> {
          throw new IllegalStateException("bug in the binding");
        }));

    assertThat(e.failure()).isEqualTo(GuardFailureException.Cause.PARSE);
    assertThat(e).hasMessage("Vectorguard refused qdrant facet on [people]: the request could not be rewritten to"
        + " obey its obligations: java.lang.IllegalStateException: bug in the binding");
    assertThat(credentials).hasValue(0);
    assertThat(audit.events()).singleElement().satisfies(refused -> {
      assertThat(refused.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(refused.get(AuditFields.FAILURE)).isEqualTo("parse");
    });
  }

  @Test
  void aDeniedCallNeverReachesTheRewrite() throws Exception {
    AtomicInteger rewrites = new AtomicInteger();
    catchThrowableOfType(CallRefusedException.class, () -> guard(POLICY).begin(FACET, null, obligations ->
        rewrites.incrementAndGet()));

    assertThat(rewrites).hasValue(0);
    assertThat(audit.events()).singleElement().satisfies(refused ->
        assertThat(refused.get(AuditFields.OBLIGATIONS)).isNull());
  }

  @Test
  void inMonitorModeTheRewriteGetsNoObligations() throws Exception {
    GuardedRequest<Obligations> started = guard(POLICY.replace("version: 1\n", "version: 1\nmode: monitor\n"))
        .begin(FACET, ACME, obligations -> obligations);

    assertThat(started.request()).isSameAs(Obligations.NONE);
  }
}
