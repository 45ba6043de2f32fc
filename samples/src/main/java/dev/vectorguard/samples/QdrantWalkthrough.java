package dev.vectorguard.samples;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import com.nimbusds.jwt.SignedJWT;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.grpc.VectorGuardGrpc;
import io.grpc.Metadata;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.io.PrintStream;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The demo's three services, each calling Qdrant through the official Java client over a channel
 * guarded by its own {@link VectorGuard}: a RAG service searching for two tenants, an analytics
 * job reaching for salaries, and an ops job deleting points with a just-in-time approval.
 */
final class QdrantWalkthrough {
  private static final Metadata.Key<String> APPROVAL_ID =
      Metadata.Key.of("vectorguard-approval-id", Metadata.ASCII_STRING_MARSHALLER);

  private final QdrantTarget target;
  private final DemoGuards guards;
  private final PrintStream out;
  private final Expectations expect;
  private final CallReport report;

  QdrantWalkthrough(QdrantTarget target, DemoGuards guards, PrintStream out, Expectations expect) {
    this.target = target;
    this.guards = guards;
    this.out = out;
    this.expect = expect;
    this.report = new CallReport(guards.recent, out);
  }

  void run() throws Exception {
    try (Service rag = new Service(DemoGuards.RAG);
        Service analytics = new Service(DemoGuards.ANALYTICS);
        Service ops = new Service(DemoGuards.OPS)) {
      ragSearches(rag, DemoData.TENANT_A, DemoData.TENANT_B, 1);
      ragSearches(rag, DemoData.TENANT_B, DemoData.TENANT_A, 2);
      analyticsReachesForSalaries(analytics);
      opsDeletesWithApproval(ops);
    }
  }

  private void ragSearches(Service rag, String tenant, String otherTenant, int step) throws Exception {
    heading(step + ". rag-service searches '" + DemoData.DOCS + "' for " + tenant,
        DemoGuards.RAG + " acting for tenant=" + tenant);
    List<ScoredPoint> results;
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant(tenant).user("app-user-7").build())) {
      results = rag.client.searchAsync(SearchPoints.newBuilder()
          .setCollectionName(DemoData.DOCS)
          .addAllVector(DemoData.query())
          .setLimit(20)
          .setWithPayload(enable(true))
          .setWithVectors(WithVectorsSelectorFactory.enable(true))
          .build()).get();
    }
    report.lastCall();
    out.println("   token    Qdrant JWT with access " + accessClaim(target.lastApiKey()));
    out.println("   results  " + results.size());
    for (ScoredPoint point : results.subList(0, Math.min(3, results.size()))) {
      Map<String, Value> payload = point.getPayloadMap();
      out.printf("     #%-3d %-14s %-30s %-18s %s%n", point.getId().getNum(), text(payload, "name"),
          text(payload, "email"), text(payload, "phone"), text(payload, "notes"));
    }
    expect.expect(!results.isEmpty() && results.size() <= 5, "results capped at max_results 5 (got " + results.size() + ")");
    expect.expect(results.stream().allMatch(p -> tenant.equals(text(p.getPayloadMap(), "tenant_id"))),
        "every result belongs to " + tenant + ", none to " + otherTenant + " (tenant filter added by the guard)");
    expect.expect(results.stream().noneMatch(ScoredPoint::hasVectors), "vectors stripped although the client asked for them");
    expect.expect(results.stream().allMatch(p -> text(p.getPayloadMap(), "email").startsWith("hmac:")),
        "emails replaced by keyed hashes");
    expect.expect(results.stream().allMatch(p -> text(p.getPayloadMap(), "phone").matches("\\*+\\d{4}")),
        "phone numbers cut to their last 4 digits");
    expect.expect(results.stream().allMatch(p -> text(p.getPayloadMap(), "notes").contains("<CARD>")
        && DemoData.CARDS.stream().noneMatch(card -> text(p.getPayloadMap(), "notes").contains(card))),
        "card numbers in notes detected and replaced by <CARD>");
    if (target.lastApiKey() != null) {
      expect.expect(List.of(Map.of("collection", DemoData.DOCS, "access", "r")).equals(accessList(target.lastApiKey())),
          "the server got a JWT granting read on 'docs' only");
    }
  }

  private void analyticsReachesForSalaries(Service analytics) throws Exception {
    heading("3. analytics-job searches '" + DemoData.SALARIES + "'", DemoGuards.ANALYTICS);
    int before = target.callsTo(DemoData.SALARIES);
    Status status = refusal(() -> analytics.client.searchAsync(SearchPoints.newBuilder()
        .setCollectionName(DemoData.SALARIES).addAllVector(DemoData.query()).setLimit(5).build()).get());
    out.println("   status   " + (status == null ? "OK" : status.getCode()));
    report.lastCall();
    expect.expect(status != null && status.getCode() == Status.Code.PERMISSION_DENIED,
        "refused with PERMISSION_DENIED");
    expect.expect(status != null && String.valueOf(status.getDescription()).contains("analytics-never-reads-salaries"),
        "the refusal names rule 'analytics-never-reads-salaries'");
    if (before >= 0) {
      expect.expect(target.callsTo(DemoData.SALARIES) == before, "nothing reached the server");
    }
  }

  private void opsDeletesWithApproval(Service ops) throws Exception {
    heading("4. ops-job deletes point 3 of '" + DemoData.DOCS + "'", DemoGuards.OPS + " acting for user=carol");
    Actor carol = Actor.builder().user("carol").build();
    Refusal first = deleteAs(ops, carol);
    out.println("   status   " + (first.status == null ? "OK" : first.status.getCode()));
    report.lastCall();
    expect.expect(first.status != null && first.approvalId != null,
        "refused until approved, with approval request " + first.approvalId);
    if (first.approvalId == null) {
      return;
    }
    String decided;
    try {
      decided = guards.approveInAnotherProcess(first.approvalId, "user:dana", "group:dba", "demo: delete point 3");
    } catch (java.io.IOException | InterruptedException e) {
      expect.expect(false, "the approver's CLI approves from the shared store: " + e.getMessage());
      return;
    }
    out.println("   approval user:dana (group:dba), in a second process:");
    out.println("            vectorguard approvals approve " + first.approvalId + " --as user:dana --group group:dba --for 10m");
    out.println("            " + decided);
    expect.expect(decided.startsWith(first.approvalId + "  approved"), "a second process (the CLI) approved it in the store");
    Refusal second = deleteAs(ops, carol);
    out.println("   retry    " + (second.status == null ? "OK" : second.status.getCode()));
    report.lastCall();
    expect.expect(second.status == null, "with the grant, the delete goes through");
    Refusal third = deleteAs(ops, carol);
    out.println("   again    " + (third.status == null ? "OK" : third.status.getCode()));
    expect.expect(third.status != null && third.status.getCode() == Status.Code.PERMISSION_DENIED,
        "the single-use grant is spent: the next delete is refused again");
  }

  private Refusal deleteAs(Service ops, Actor actor) throws Exception {
    try (GuardContext.Scope scope = GuardContext.actAs(actor)) {
      ops.client.deleteAsync(DemoData.DOCS, List.of(id(3))).get();
      return new Refusal(null, null);
    } catch (ExecutionException e) {
      Status status = Status.fromThrowable(e.getCause());
      Metadata trailers = Status.trailersFromThrowable(e.getCause());
      return new Refusal(status, trailers == null ? null : trailers.get(APPROVAL_ID));
    }
  }

  private void heading(String title, String who) {
    out.println();
    out.println(title);
    out.println("   who      " + who);
  }

  private static @Nullable Status refusal(ThrowingCall call) throws InterruptedException {
    try {
      call.run();
      return null;
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause());
    }
  }

  private static String text(Map<String, Value> payload, String field) {
    Value value = payload.get(field);
    return value == null ? "" : value.hasStringValue() ? value.getStringValue() : value.toString().trim();
  }

  private static @Nullable Object accessList(String jwt) {
    try {
      return SignedJWT.parse(jwt).getJWTClaimsSet().getClaim("access");
    } catch (ParseException e) {
      return null;
    }
  }

  static String accessClaim(@Nullable String jwt) {
    if (jwt == null) {
      return "(not visible on a real server)";
    }
    try {
      return String.valueOf(SignedJWT.parse(jwt).getJWTClaimsSet().getClaim("access"));
    } catch (ParseException e) {
      return "(not a JWT: " + e.getMessage() + ")";
    }
  }

  private interface ThrowingCall {
    void run() throws InterruptedException, ExecutionException;
  }

  private record Refusal(@Nullable Status status, @Nullable String approvalId) {}

  /** One service: its guard and its official Qdrant client over a guarded channel. */
  private final class Service implements AutoCloseable {
    final QdrantClient client;

    Service(String workload) {
      VectorGuard guard = guards.guardFor(workload);
      this.client = new QdrantClient(QdrantGrpcClient
          .newBuilder(VectorGuardGrpc.create(guard).guardedChannel(target.newChannel()), true, false)
          .build());
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
