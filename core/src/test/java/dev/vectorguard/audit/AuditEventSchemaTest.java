package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.Effect;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyListener;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.ReloadingPolicy;
import dev.vectorguard.testing.GuardBehaviourSuite;
import dev.vectorguard.testing.TestClock;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import dev.vectorguard.token.TokenUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.vectorguard.approval.ApprovalStore;
import dev.vectorguard.approval.Approvals;
import dev.vectorguard.approval.Approver;
import dev.vectorguard.testing.ApprovalStoreSuite;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code audit-event.schema.json} describes the events the guard really writes, names
 * exactly the types of {@link AuditEvent} and the fields of {@link AuditFields}, and rejects a
 * malformed event saying where and why.
 */
class AuditEventSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The behaviour suite's policy, and deletes in {@code docs} that need approval. */
  private static final String POLICY = GuardBehaviourSuite.POLICY + """
        - id: deletes-need-approval
          collections: [docs]
          operations: [delete]
          effect: approve
          approval: { approvers: ["group:dba"], ttl: 15m }
      """;
  private static final Actor ACME = Actor.builder().user("alice").tenant("acme").build();
  private static final VectorCall SEARCH = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
      .facts(RequestFacts.builder().limit(10).filterPresent(true).vectorsRequested(true)
          .outputFields(List.of("title", "email")).filterFields(List.of("tenant_id")).build())
      .endpoint("POST /collections/docs/points/search").build();
  private static Schema schema;
  private static JsonNode schemaTree;

  @TempDir Path dir;
  private final TestClock clock = new TestClock();

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = AuditEvent.class.getResourceAsStream("audit-event.schema.json")) {
      assertThat(in).as("audit-event.schema.json is on the classpath next to AuditEvent").isNotNull();
      schemaTree = JSON.readTree(in);
    }
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaTree);
  }

  private static List<String> errors(JsonNode event) {
    return schema.validate(event, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)
        .locale(Locale.ROOT))).stream().map(Error::toString).toList();
  }

  @Test
  void everyEventTheGuardWritesToItsTrailMatchesTheSchema() throws Exception {
    try (HashChainFileSink trail = HashChainFileSink.builder(dir.resolve("trail")).clock(clock).open()) {
      guardedCalls(trail);
      approvalChanges(trail);
      policyChanges(trail);
      droppedEvents(trail);
      sinkOutage(trail);
    }
    recoveredTrail(dir.resolve("recovered"));

    List<String> lines = new ArrayList<>();
    for (Path file : trailFiles()) {
      lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
    }
    Set<String> types = new TreeSet<>();
    for (String line : lines) {
      JsonNode event = JSON.readTree(line);
      assertThat(errors(event)).as(line).isEmpty();
      types.add(event.get("type").textValue());
    }
    assertThat(types).as("every type the schema names, seen in a real trail").isEqualTo(schemaTypes());
  }

  /** Allowed, refused and failed calls through guards that differ in what they capture and how they decide. */
  private void guardedCalls(AuditSink trail) throws Exception {
    CompiledPolicy policy = PolicyLoader.parse(POLICY, "policy.yaml");
    Credential jwt = Credential.of(CredentialKind.QDRANT_JWT, "eyJhbGciOiJFUzI1NiJ9.e30.sig",
        clock.instant().plusSeconds(300), "jti-42");
    VectorGuard.Builder base = VectorGuard.builder(policy).workload(Workload.configured("spiffe://acme.io/sa/rag"))
        .tokenSource(request -> jwt).auditSink(trail).clock(clock);

    VectorGuard full = base.captureLevel(CaptureLevel.FULL).build();
    GuardedCall search = full.begin(SEARCH, ACME);
    search.captureRequest("{\"vector\":[0.1,0.2],\"limit\":10,\"api_key\":\"k\"}");
    search.captureResponse("{\"result\":[{\"id\":1,\"payload\":{\"email\":\"hmac:1f\"}}]}");
    search.complete(CallOutcome.ok("200").resultCount(1).bytes(64, 512)
        .masked(MaskCounts.of(Map.of(MaskAction.HASH, 1L), Map.of("email", 1L), 1, 1)).build());
    full.maskingFailed(full.begin(SEARCH, ACME), "the response was not JSON", null);
    catchThrowableOfType(CallRefusedException.class,
        () -> full.begin(call(Operation.SEARCH, GuardBehaviourSuite.SECRET), ACME));
    catchThrowableOfType(CallRefusedException.class, () -> full.begin(call(Operation.DELETE, "docs"), ACME));
    full.refuse(GuardFailureException.Cause.CLASSIFY, "POST /collections/docs/points/teleport", ACME,
        "no such endpoint", null);
    catchThrowableOfType(CallRefusedException.class, () -> full.begin(SEARCH, ACME, obligations -> {
      throw new UnenforceableRequestException("faceting on 'email' would reveal values of the masked field 'email'");
    }));

    GuardedCall query = base.captureLevel(CaptureLevel.QUERY).build().begin(SEARCH, ACME);
    query.captureRequest("{\"vector\":[0.1,0.2],\"limit\":10,\"filter\":{\"must\":[]}}");
    query.complete(CallOutcome.cancelled("CANCELLED").build());

    VectorGuard approved = base.captureLevel(CaptureLevel.METADATA)
        .approvals(request -> ApprovalStatus.granted("grant_1", "granted by user:bob")).build();
    approved.begin(call(Operation.DELETE, "docs"), ACME).complete(CallOutcome.ok("200").build());

    VectorGuard noToken = base.approvals(request -> ApprovalStatus.pending("apr_1", null))
        .tokenSource(request -> {
          throw new TokenUnavailableException("the token endpoint is down");
        }).build();
    catchThrowableOfType(GuardFailureException.class, () -> noToken.begin(SEARCH, ACME));

    VectorGuard nobody = base.workload(() -> null).build();
    catchThrowableOfType(GuardFailureException.class, () -> nobody.begin(SEARCH, ACME));

    CompiledPolicy monitoring = PolicyLoader.parse(POLICY.replace("version: 1\n", "version: 1\nmode: monitor\n"),
        "monitor.yaml");
    VectorGuard monitor = VectorGuard.builder(monitoring)
        .workload(Workload.verified("spiffe://acme.io/sa/job", Map.of("team", "search"))).auditSink(trail).clock(clock).build();
    monitor.begin(VectorCall.builder(Backend.MILVUS, Operation.DROP_COLLECTION).collection(GuardBehaviourSuite.SECRET)
        .database("hr").endpoint("milvus.proto.milvus.MilvusService/DropCollection").build(), null)
        .complete(CallOutcome.ok("Success").build());
  }

  /** Every approval transition: requested, voted, approved, used, rejected, revoked, expired. */
  private void approvalChanges(AuditSink trail) throws Exception {
    Approvals approvals = Approvals.builder(ApprovalStore.inMemory()).auditSink(trail).clock(clock).build();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(ApprovalStoreSuite.POLICY, "approvals.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/ops")).approvals(approvals).auditSink(trail).clock(clock)
        .build();
    Approver bob = ApprovalStoreSuite.BOB;
    String drop = approvalId(guard, Operation.DROP_COLLECTION);
    approvals.approve(drop, bob, "ticket OPS-12", null);
    approvals.approve(drop, ApprovalStoreSuite.CAROL, "agreed", null);
    guard.begin(call(Operation.DROP_COLLECTION, "docs"), ACME).complete(CallOutcome.ok("200").build());
    approvals.reject(approvalId(guard, Operation.DELETE), bob, "not now");
    approvals.revoke(approvalId(guard, Operation.DELETE), bob, "wrong collection");
    approvalId(guard, Operation.DELETE);
    clock.advance(Duration.ofDays(2));
    approvalId(guard, Operation.DELETE);
  }

  private static String approvalId(VectorGuard guard, Operation operation) {
    return catchThrowableOfType(CallRefusedException.class, () -> guard.begin(call(operation, "docs"), ACME))
        .approvalId();
  }

  /** A policy loaded, then a reload rejected. */
  private void policyChanges(AuditSink trail) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    ReloadingPolicy policy = ReloadingPolicy.load(file, PolicyListener.auditing(trail, "policy.yaml", clock));
    Files.writeString(file, "version: 1\nrules:\n  - { id: a, effect: maybe }\n");
    assertThat(policy.reloadNow()).isFalse();
  }

  /** Events dropped by a full queue in front of the trail, reported once it drains. */
  private void droppedEvents(AuditSink trail) throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AuditSink gate = event -> {
      writing.countDown();
      try {
        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      trail.write(event);
    };
    AsyncAuditSink queue = AsyncAuditSink.builder(gate).capacity(1).overflow(AsyncAuditSink.Overflow.DROP)
        .clock(clock).build();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "policy.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/rag")).auditSink(queue).clock(clock).build();
    guard.begin(SEARCH, ACME);
    assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
    guard.begin(SEARCH, ACME);
    guard.begin(SEARCH, ACME);
    assertThat(queue.dropped()).isEqualTo(1);
    release.countDown();
    queue.close();
  }

  /** A sink that failed for a while: what the guard could not write, and what the file sink lost. */
  private void sinkOutage(AuditSink trail) throws Exception {
    boolean[] full = {true};
    AuditSink disk = event -> {
      if (full[0]) {
        throw new IOException("No space left on device");
      }
      trail.write(event);
    };
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "policy.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/rag")).auditSink(disk).clock(clock).build();
    catchThrowable(() -> guard.begin(SEARCH, ACME));
    full[0] = false;
    guard.begin(SEARCH, ACME);
    trail.write(AuditEvents.lost(3, clock.instant(), "No space left on device", clock.instant()));
  }

  /** A trail reopened after a crash in the middle of a line. */
  private void recoveredTrail(Path trail) throws Exception {
    try (HashChainFileSink sink = HashChainFileSink.builder(trail).clock(clock).open()) {
      sink.write(AuditEvents.policyLoaded("policy.yaml", "sha256:9f2c41d0", 3, clock.instant()));
    }
    Path first = trail.resolve("audit-000001.jsonl");
    byte[] bytes = Files.readAllBytes(first);
    Files.write(first, Arrays.copyOf(bytes, bytes.length - 20));
    HashChainFileSink.builder(trail).clock(clock).open().close();
    Files.delete(first);
  }

  private List<Path> trailFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  private static VectorCall call(Operation operation, String collection) {
    return VectorCall.builder(Backend.QDRANT, operation).collection(collection)
        .endpoint("POST /collections/" + collection + "/points/" + operation.id()).build();
  }

  @Test
  void aMalformedEventFailsSayingWhereAndWhy() throws Exception {
    List<AuditEvent> written = new ArrayList<>();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "policy.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/rag")).auditSink(written::add).clock(clock).build();
    guard.begin(SEARCH, ACME);
    ObjectNode event = (ObjectNode) JSON.readTree(AuditJson.toJson(written.get(0)));
    assertThat(errors(event)).isEmpty();

    ObjectNode decision = (ObjectNode) event.get("data").get("decision");
    decision.put("effect", "permit");
    decision.remove("rules");
    ((ObjectNode) event.get("data")).put("secret", "s3cr3t");
    event.put("call_id", (String) null);
    assertThat(errors(event)).containsExactlyInAnyOrder(
        "/call_id: null found, string expected",
        "/data: property 'secret' is not defined in the schema and the schema does not allow additional properties",
        "/data/decision: required property 'rules' not found",
        "/data/decision/effect: does not have a value in the enumeration [\"allow\", \"deny\", \"approve\"]");

    ObjectNode unknown = (ObjectNode) JSON.readTree(AuditJson.toJson(
        AuditEvents.create("call.strated", "call_1", clock.instant(), Map.of())));
    assertThat(errors(unknown)).containsExactly("/type: does not have a value in the enumeration "
        + "[\"call.started\", \"call.refused\", \"call.completed\", \"policy.loaded\", \"policy.rejected\", "
        + "\"audit.dropped\", \"audit.recovered\", \"approval.requested\", \"approval.voted\", "
        + "\"approval.approved\", \"approval.rejected\", \"approval.revoked\", \"approval.expired\", "
        + "\"approval.used\"]");
  }

  @Test
  void aRefusalWithAnAllowingDecisionNamesTheObligationsItCouldNotMeet() throws Exception {
    List<AuditEvent> written = new ArrayList<>();
    VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(POLICY, "policy.yaml"))
        .workload(Workload.configured("spiffe://acme.io/sa/rag")).auditSink(written::add).clock(clock).build();
    catchThrowableOfType(CallRefusedException.class, () -> guard.begin(SEARCH, ACME, obligations -> {
      throw new UnenforceableRequestException("the filter reads the masked field 'email'");
    }));
    ObjectNode event = (ObjectNode) JSON.readTree(AuditJson.toJson(written.get(0)));
    assertThat(event.get("data").get("decision").get("effect").textValue()).isEqualTo("allow");
    assertThat(errors(event)).isEmpty();

    ObjectNode withoutObligations = event.deepCopy();
    ((ObjectNode) withoutObligations.get("data")).remove("obligations");
    assertThat(errors(withoutObligations)).containsExactly("/data: required property 'obligations' not found");

    ObjectNode withoutDecision = event.deepCopy();
    ((ObjectNode) withoutDecision.get("data")).remove("decision");
    ((ObjectNode) withoutDecision.get("data")).put("failure", "parse");
    assertThat(errors(withoutDecision)).containsExactly("/data: has a missing property 'decision' which is dependent"
        + " required because 'obligations' is present");
  }

  @Test
  void theSchemaIsADraft202012Schema() {
    Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    assertThat(metaSchema.validate(schemaTree)).isEmpty();
  }

  @Test
  void theSchemaNamesExactlyTheTypesOfAuditEvent() throws Exception {
    Set<String> constants = new TreeSet<>();
    for (Field field : AuditEvent.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        constants.add((String) field.get(null));
      }
    }
    assertThat(schemaTypes()).isEqualTo(constants);
  }

  @Test
  void theSchemaDescribesExactlyTheFieldsOfAuditFields() throws Exception {
    Map<String, String> constants = new java.util.TreeMap<>();
    for (Field field : AuditFields.class.getDeclaredFields()) {
      if (Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers())) {
        constants.put(field.getName(), (String) field.get(null));
      }
    }
    constants.forEach((name, path) -> assertThat(name).as("the constant for " + path)
        .isEqualTo(path.toUpperCase(Locale.ROOT).replace('.', '_')));

    Set<String> described = new TreeSet<>();
    for (JsonNode branch : schemaTree.get("allOf")) {
      collectPaths(resolve(branch.get("then").get("properties").get("data")), "", described);
    }
    assertThat(described).isEqualTo(new TreeSet<>(constants.values()));
  }

  @Test
  void theSchemaEnumsAreTheIdsOfTheJavaEnums() {
    assertThat(enumOf("backend")).isEqualTo(ids(Backend.values(), Backend::id));
    assertThat(enumOf("operation")).isEqualTo(ids(Operation.values(), Operation::id));
    assertThat(enumOf("access")).isEqualTo(ids(AccessLevel.values(), AccessLevel::id));
    assertThat(enumOf("scope")).isEqualTo(ids(Scope.values(), s -> s.name().toLowerCase(Locale.ROOT)));
    assertThat(enumOf("effect")).isEqualTo(ids(Effect.values(), Effect::id));
    assertThat(enumOf("credentialKind")).isEqualTo(ids(CredentialKind.values(), CredentialKind::id));
    assertThat(enumOf("outcomeStatus"))
        .isEqualTo(ids(CallOutcome.Status.values(), s -> s.name().toLowerCase(Locale.ROOT)));
    assertThat(enumOf("failure")).isEqualTo(ids(GuardFailureException.Cause.values(), GuardFailureException.Cause::id));
    assertThat(enumOf("maskAction")).isEqualTo(ids(MaskAction.values(), MaskAction::id));
  }

  private static Set<String> schemaTypes() {
    Set<String> types = new TreeSet<>();
    schemaTree.get("properties").get("type").get("enum").forEach(type -> types.add(type.textValue()));
    return types;
  }

  /** Every property path below {@code node}, without descending into free-form objects. */
  private static void collectPaths(JsonNode node, String prefix, Set<String> out) {
    JsonNode properties = node.get("properties");
    if (properties == null) {
      return;
    }
    properties.properties().forEach(property -> {
      String path = prefix + property.getKey();
      out.add(path);
      collectPaths(resolve(property.getValue()), path + ".", out);
    });
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : schemaTree.at(ref.textValue().substring(1));
  }

  private static List<String> enumOf(String def) {
    ArrayNode values = (ArrayNode) schemaTree.get("$defs").get(def).get("enum");
    List<String> out = new ArrayList<>();
    values.forEach(value -> out.add(value.textValue()));
    return out;
  }

  private static <E> List<String> ids(E[] values, Function<E, String> id) {
    return Arrays.stream(values).map(id).collect(Collectors.toList());
  }
}
