package dev.vectorguard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vectorguard.Actor;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every Vectorguard integration must show, whatever its transport: denied calls never
 * reach the backend, masks and vector stripping apply to what the caller gets, tenant filters hold,
 * the guard's credential replaces the application's, and every call is audited.
 *
 * <p>An integration subclasses this suite and implements one hook, {@link #connect}: given a guard,
 * return a {@link GuardedBackend} whose collections {@value #DOCS} and {@value #SECRET} each hold
 * {@link #RECORDS} (inserted without the guard), reached through the integration's guarded client.
 * A {@link GuardedBackend#search} may be several guarded calls (a collection lookup, then the
 * query); the suite takes the last audited call as the search. The suite supplies the guard: workload {@value #WORKLOAD}, token source {@value #TOKEN}, an
 * in-memory audit sink and {@link #policy()}.
 */
public abstract class GuardBehaviourSuite {
  public static final String DOCS = "docs";
  public static final String SECRET = "secret";
  public static final String WORKLOAD = "spiffe://test.local/sa/rag";
  public static final String TOKEN = "vg-token-7f3a";
  public static final String TENANT_FIELD = "tenant";

  /** One seeded record: id, tenant, a PII field, text, and a 4-d vector. */
  public record Seed(String id, String tenant, String email, String text, List<Float> vector) {
    public Map<String, Object> payload() {
      return Map.of(TENANT_FIELD, tenant, "email", email, "text", text);
    }
  }

  /** One record {@link GuardedBackend#search} returned: id, payload fields and, if the backend sent one, its vector. */
  public record Hit(String id, Map<String, Object> payload, @Nullable List<Float> vector) {}

  public static final List<Seed> RECORDS = List.of(
      new Seed("a1", "acme", "alice@acme.io", "alpha one", List.of(1f, 0f, 0f, 0f)),
      new Seed("a2", "acme", "carol@acme.io", "alpha two", List.of(0.9f, 0.1f, 0f, 0f)),
      new Seed("g1", "globex", "bob@globex.io", "gamma one", List.of(0f, 1f, 0f, 0f)));

  /** A backend seeded with {@link #RECORDS}, reached through the integration's guarded client. */
  public interface GuardedBackend extends AutoCloseable {
    /**
     * Searches {@code collection} near {@code [1, 0, 0, 0]} for up to 10 records with their payload
     * and vectors requested, as {@code actor}.
     *
     * @throws Exception whatever the integration's client throws when the guard refuses
     */
    List<Hit> search(String collection, @Nullable Actor actor) throws Exception;

    /** Deletes record {@code id} of {@code collection} as {@code actor}. */
    void delete(String collection, String id, @Nullable Actor actor) throws Exception;

    /** Whether {@code error}, thrown by {@link #search} or {@link #delete}, is the guard's refusal. */
    boolean isRefusal(Throwable error);

    /** How many calls reached the backend so far. */
    int backendCalls();

    /**
     * The credentials the backend saw on its last call, as the guard issued them: the value of
     * {@code api-key}, the bearer token without {@code "Bearer "}, Milvus's base64 decoded.
     */
    List<String> lastCredentials();
  }

  protected final InMemoryAuditSink audit = new InMemoryAuditSink();
  protected GuardedBackend backend;

  /** The hook: a backend seeded with {@link #RECORDS} in {@link #DOCS} and {@link #SECRET}, guarded by {@code guard}. */
  protected abstract GuardedBackend connect(VectorGuard guard) throws Exception;

  /**
   * The suite's policy: {@value #SECRET} is denied; reads of {@value #DOCS} are allowed to actors
   * with a tenant, filtered to it, with {@code email} redacted, vectors stripped and at most 10
   * results; nothing else (writes included) is allowed.
   */
  public static final String POLICY = """
      version: 1
      rules:
        - id: no-secret
          collections: [secret]
          effect: deny
        - id: rag-reads-docs
          when: { actor.tenant: "*" }
          collections: [docs]
          actions: [read]
          effect: allow
          obligations:
            max_results: 10
            vectors: strip
            tenant_filter: { field: tenant, value: "${actor.tenant}" }
            mask: [ { field: email, with: redact } ]
      """;

  /** The policy the suite's guard decides with; {@link #POLICY} unless overridden. */
  protected Policy policy() throws Exception {
    return PolicyLoader.parse(POLICY, "guard-behaviour-suite.yaml");
  }

  @BeforeEach
  void connectBackend() throws Exception {
    VectorGuard guard = VectorGuard.builder(policy())
        .workload(Workload.configured(WORKLOAD))
        .tokenSource(request -> Credential.of(CredentialKind.STATIC, TOKEN, null, null))
        .auditSink(audit)
        .build();
    backend = connect(guard);
  }

  @AfterEach
  void closeBackend() throws Exception {
    if (backend != null) {
      backend.close();
    }
  }

  private static Actor tenant(String tenant) {
    return Actor.builder().user("u-" + tenant).tenant(tenant).build();
  }

  @Test
  void deniedCallNeverReachesTheBackendAndIsAudited() throws Exception {
    int before = backend.backendCalls();

    Throwable error = catchThrowable(() -> backend.search(SECRET, tenant("acme")));

    assertThat(error).isNotNull();
    assertThat(backend.isRefusal(error)).as("refusal: %s", error).isTrue();
    assertThat(backend.backendCalls()).isEqualTo(before);
    List<AuditEvent> refused = audit.ofType(AuditEvent.CALL_REFUSED);
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).get("decision.effect")).isEqualTo("deny");
    assertThat(refused.get(0).get("decision.rules")).isEqualTo(List.of("no-secret"));
    assertThat(refused.get(0).get("actor.tenant")).isEqualTo("acme");
    assertThat(audit.ofType(AuditEvent.CALL_STARTED)).isEmpty();
  }

  @Test
  void writesWithoutARuleAreDenied() throws Exception {
    int before = backend.backendCalls();

    Throwable error = catchThrowable(() -> backend.delete(DOCS, "g1", tenant("acme")));

    assertThat(backend.isRefusal(error)).as("refusal: %s", error).isTrue();
    assertThat(backend.backendCalls()).isEqualTo(before);
    assertThat(audit.ofType(AuditEvent.CALL_REFUSED)).singleElement().satisfies(e -> {
      assertThat(e.get("decision.effect")).isEqualTo("deny");
      assertThat(e.get("decision.rules")).isEqualTo(List.of());
    });
  }

  @Test
  void eachTenantSeesOnlyItsOwnRecords() throws Exception {
    assertThat(backend.search(DOCS, tenant("acme"))).extracting(Hit::id).containsExactlyInAnyOrder("a1", "a2");
    assertThat(backend.search(DOCS, tenant("globex"))).extracting(Hit::id).containsExactly("g1");
  }

  @Test
  void anActorWithoutATenantIsDenied() throws Exception {
    Throwable error = catchThrowable(() -> backend.search(DOCS, Actor.builder().user("nobody").build()));

    assertThat(backend.isRefusal(error)).as("refusal: %s", error).isTrue();
  }

  @Test
  void maskedFieldsAndVectorsNeverReachTheCaller() throws Exception {
    List<Hit> hits = backend.search(DOCS, tenant("acme"));

    assertThat(hits).isNotEmpty().allSatisfy(hit -> {
      assertThat(hit.payload()).containsEntry(TENANT_FIELD, "acme");
      assertThat(hit.payload().get("email")).isNotIn("alice@acme.io", "carol@acme.io");
      assertThat(hit.vector()).isNull();
    });
  }

  @Test
  void theGuardsCredentialReplacesTheApplicationsOwn() throws Exception {
    backend.search(DOCS, tenant("acme"));

    assertThat(backend.lastCredentials()).containsExactly(TOKEN);
  }

  @Test
  void everyAllowedCallIsAuditedFromStartToCompletion() throws Exception {
    backend.search(DOCS, tenant("globex"));

    // The search is the last call (an integration may look the collection up first).
    AuditEvent started = last(audit.ofType(AuditEvent.CALL_STARTED));
    AuditEvent completed = last(audit.ofType(AuditEvent.CALL_COMPLETED));
    assertThat(completed.callId()).isEqualTo(started.callId());
    assertThat(started.get("workload.id")).isEqualTo(WORKLOAD);
    assertThat(started.get("actor.tenant")).isEqualTo("globex");
    assertThat(started.get("decision.effect")).isEqualTo("allow");
    assertThat(started.get("call.collections")).isEqualTo(List.of(DOCS));
    assertThat(started.get("obligations.tenant_filters")).isEqualTo(List.of(TENANT_FIELD));
    assertThat(completed.get("outcome.status")).isEqualTo("ok");
    assertThat((Long) completed.get("outcome.bytes_in")).isPositive();
  }

  private static AuditEvent last(List<AuditEvent> events) {
    assertThat(events).isNotEmpty();
    return events.get(events.size() - 1);
  }
}
