package dev.vectorguard.grpc;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.testkit.RecordedCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QdrantGuardTest {
  private QdrantFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private static SearchPoints search(String collection) {
    return SearchPoints.newBuilder().setCollectionName(collection).addAllVector(List.of(1f, 0f)).setLimit(10)
        .setWithPayload(enable(true)).setWithVectors(WithVectorsSelectorFactory.enable(true)).build();
  }

  private static StatusRuntimeException failure(Future<?> future) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, future::get);
    assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
    return (StatusRuntimeException) e.getCause();
  }

  @Test
  void allowedSearchStripsVectorsCapsTheLimitAndSendsTheGuardsTokenOnly() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ,
        Obligations.builder().stripVectors(true).maxResults(2).build()).build());

    List<ScoredPoint> hits = fx.client.searchAsync(search("docs")).get();

    assertThat(hits).hasSize(2);
    assertThat(hits).allSatisfy(p -> assertThat(p.hasVectors()).isFalse());
    assertThat(hits.get(0).getPayloadMap()).containsKey("email");
    RecordedCall seen = fx.server.lastCall();
    assertThat(seen.method()).isEqualTo("qdrant.Points/Search");
    SearchPoints sent = (SearchPoints) seen.request();
    assertThat(sent.getLimit()).isEqualTo(2);
    assertThat(sent.getWithVectors().getEnable()).isFalse();
    assertThat(seen.headerValues("api-key")).containsExactly("tok:docs:read");
    assertThat(fx.server.calls()).flatExtracting(c -> c.headers().values())
        .noneMatch(values -> values.toString().contains(QdrantFixture.CLIENT_KEY));
  }

  @Test
  void deniedCollectionIsClosedWithPermissionDeniedAndNothingIsSent() {
    fx = new QdrantFixture(TestPolicy.builder()
        .allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ, Obligations.NONE)
        .deny("never-secret", Set.of("secret")).build());

    StatusRuntimeException e = failure(fx.client.searchAsync(search("secret")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription())
        .isEqualTo("Vectorguard refused qdrant search on [secret]: denied by [never-secret]");
    Metadata trailers = Status.trailersFromThrowable(e);
    assertThat(trailers.get(key(GuardTrailers.RULES))).isEqualTo("never-secret");
    assertThat(trailers.get(key(GuardTrailers.CALL_ID))).startsWith("call_");
    assertThat(fx.server.calls()).isEmpty();
    assertThat(fx.audit.ofType(AuditEvent.CALL_REFUSED)).singleElement()
        .satisfies(ev -> assertThat(ev.get("decision.effect")).isEqualTo("deny"));
  }

  @Test
  void unknownCollectionMatchesNoRuleAndIsDeniedByDefault() {
    fx = new QdrantFixture(TestPolicy.builder()
        .allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ, Obligations.NONE).build());

    StatusRuntimeException e = failure(fx.client.searchAsync(search("secret")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription()).isEqualTo("Vectorguard refused qdrant search on [secret]: no rule matched");
    assertThat(fx.server.calls()).isEmpty();
  }

  @Test
  void writesNeedWriteAccess() {
    fx = new QdrantFixture(TestPolicy.builder()
        .allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ, Obligations.NONE).build());

    StatusRuntimeException e = failure(fx.client.upsertAsync("docs",
        List.of(QdrantFixture.point(9, "acme", "x@acme.io", 1f, 1f))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(fx.server.points("docs")).doesNotContainKey(id(9));
  }

  @Test
  void tenantsSeeOnlyTheirOwnPointsAndTheOriginalFilterIsKept() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE, "tenant").build());
    SearchPoints withFilter = search("docs").toBuilder()
        .setFilter(Filter.newBuilder().addShould(matchKeyword("title", "doc 2")).addShould(matchKeyword("title", "doc 3")))
        .build();

    List<ScoredPoint> acme;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      acme = fx.client.searchAsync(search("docs")).get();
    }
    List<ScoredPoint> globexFiltered;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("globex").build())) {
      globexFiltered = fx.client.searchAsync(withFilter).get();
    }

    assertThat(acme).extracting(p -> p.getId().getNum()).containsExactly(1L, 2L);
    assertThat(globexFiltered).extracting(p -> p.getId().getNum()).containsExactly(3L);
    Filter sent = ((SearchPoints) fx.server.lastCall().request()).getFilter();
    assertThat(sent.getMust(0)).isEqualTo(matchKeyword("tenant", "globex"));
    assertThat(sent.getMust(1).getFilter()).isEqualTo(withFilter.getFilter());
  }

  @Test
  void aCallWithoutTenantMatchesNoTenantRule() {
    fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE, "tenant").build());

    assertThat(failure(fx.client.searchAsync(search("docs"))).getStatus().getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(fx.server.calls()).isEmpty();
  }

  @Test
  void tenantWritesMustCarryTheTenantAndCannotTouchAnotherTenantsPoints() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-writes", Set.of("docs"), AccessLevel.WRITE,
        Obligations.NONE, "tenant").build());
    PointStruct noTenant = PointStruct.newBuilder(QdrantFixture.point(7, "x", "e@acme.io", 1f, 1f))
        .removePayload("tenant").build();
    PointStruct overwriteGlobex = QdrantFixture.point(3, "acme", "evil@acme.io", 1f, 1f);

    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      // Adding the tenant for the caller would write more than it asked for: refused, as on REST.
      StatusRuntimeException missing = failure(fx.client.upsertAsync("docs", List.of(noTenant)));
      assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(missing.getStatus().getDescription()).endsWith("point 7 lacks the tenant field 'tenant'");
      fx.client.upsertAsync("docs", List.of(overwriteGlobex)).get();
      fx.client.deleteAsync("docs", List.of(id(4), id(2))).get();
      StatusRuntimeException e = failure(fx.client.upsertAsync("docs",
          List.of(QdrantFixture.point(8, "globex", "m@globex.io", 1f, 1f))));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).endsWith(
          "point 8 has a tenant field 'tenant' that differs from the caller's tenant");
    }

    var points = fx.server.points("docs");
    assertThat(points).doesNotContainKey(id(7)).doesNotContainKey(id(8));
    assertThat(points.get(id(3)).get("email")).isEqualTo(value("carol@globex.io"));
    assertThat(points).containsKey(id(4)).doesNotContainKey(id(2));
    assertThat(fx.server.calls("qdrant.Points/Upsert")).hasSize(1);
    UpsertPoints sent = (UpsertPoints) fx.server.calls("qdrant.Points/Upsert").get(0).request();
    assertThat(sent.getUpdateFilter().getMust(0)).isEqualTo(matchKeyword("tenant", "acme"));
  }

  @Test
  void everyCallIsAuditedFromStartToCompletion() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE).build());

    fx.client.searchAsync(search("docs")).get();

    AuditEvent started = fx.audit.ofType(AuditEvent.CALL_STARTED).get(0);
    assertThat(started.get("call.endpoint")).isEqualTo("qdrant.Points/Search");
    assertThat(started.get("call.collections")).isEqualTo(List.of("docs"));
    assertThat(started.get("credential.kind")).isEqualTo("static");
    List<AuditEvent> completed = fx.audit.ofCall(started.callId()).stream()
        .filter(e -> e.type().equals(AuditEvent.CALL_COMPLETED)).toList();
    assertThat(completed).singleElement().satisfies(e -> {
      assertThat(e.get("outcome.status")).isEqualTo("ok");
      assertThat(e.get("outcome.code")).isEqualTo("OK");
      assertThat((Long) e.get("outcome.bytes_out")).isPositive();
      assertThat((Long) e.get("outcome.bytes_in")).isPositive();
    });
  }

  @Test
  void cancelledCallsAndPassedDeadlinesAreAudited() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("rag-reads-docs", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE).build());
    // Without client call credentials (withApiKey applies them on another thread), and on a
    // connected channel, a call reaches the in-process server before searchAsync returns.
    StatusRuntimeException late;
    try (QdrantClient client = new QdrantClient(QdrantGrpcClient
        .newBuilder(VectorGuardGrpc.create(fx.guard).guardedChannel(fx.server.newChannel()), true, false).build())) {
      client.searchAsync(search("docs")).get();
      fx.audit.clear();
      fx.server.holdResponses();

      Future<List<ScoredPoint>> cancelled = client.searchAsync(search("docs"));
      assertThat(fx.server.heldResponses()).isEqualTo(1);
      cancelled.cancel(true);
      late = failure(client.searchAsync(search("docs"), Duration.ofNanos(1)));
      fx.server.releaseResponses();
    }

    assertThat(late.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(fx.audit.ofType(AuditEvent.CALL_COMPLETED)).extracting(e -> e.get("outcome.code"))
        .containsExactlyInAnyOrder("CANCELLED", "DEADLINE_EXCEEDED");
    assertThat(fx.audit.ofType(AuditEvent.CALL_COMPLETED)).extracting(e -> e.get("outcome.status"))
        .containsOnly("cancelled");
  }

  @Test
  void theClientsVersionCheckIsAHealthCallTheGuardDecides() {
    fx = new QdrantFixture(TestPolicy.builder().allow("health", Set.of("*"), AccessLevel.NONE, Obligations.NONE)
        .build());

    try (QdrantClient checked = new QdrantClient(QdrantGrpcClient
        .newBuilder(VectorGuardGrpc.create(fx.guard).guardedChannel(fx.server.newChannel()), true, true).build())) {
      assertThat(fx.server.calls("qdrant.Qdrant/HealthCheck")).hasSize(1);
      assertThat(fx.audit.ofType(AuditEvent.CALL_STARTED)).singleElement()
          .satisfies(e -> assertThat(e.get("call.operation")).isEqualTo("health"));
      assertThat(failure(checked.searchAsync(search("docs"))).getStatus().getCode())
          .isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void approvalNeededNamesTheApprovalRequestInTrailers() {
    fx = new QdrantFixture(TestPolicy.builder().approve("ops-writes", Set.of("docs"), AccessLevel.MANAGE).build());

    StatusRuntimeException e = failure(fx.client.deleteAsync("docs", List.of(id(1))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    String approvalId = Status.trailersFromThrowable(e).get(key(GuardTrailers.APPROVAL_ID));
    assertThat(approvalId).startsWith("apr_");
    assertThat(e.getStatus().getDescription()).contains("needs approval").contains(approvalId);
    assertThat(fx.server.calls()).isEmpty();
    assertThat(fx.server.points("docs")).containsKey(id(1));
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
