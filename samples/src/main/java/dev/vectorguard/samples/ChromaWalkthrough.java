package dev.vectorguard.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardContext;
import dev.vectorguard.okhttp.VectorGuardOkHttp;
import dev.vectorguard.okhttp.VectorGuardRefusedIOException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The demo's three services against a real Chroma server (HTTP API v2), each calling it through
 * an OkHttp client guarded by its own {@link dev.vectorguard.VectorGuard}: the same steps and
 * expectations as {@link QdrantWalkthrough}. The data goes into a new database of its own, seeded
 * without the guard and deleted by {@link #close()}.
 */
final class ChromaWalkthrough implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType TYPE = MediaType.get("application/json");
  /** A credential the application sets itself; the guard must replace it with its own. */
  private static final String APP_AUTHORIZATION = "Bearer the-applications-own-token";

  private final HttpUrl server;
  private final String database;
  private final String base;
  private final DemoGuards guards;
  private final @Nullable String token;
  private final PrintStream out;
  private final Expectations expect;
  private final CallReport report;
  /** Every request that reached the server: the wire as Chroma saw it. */
  private final List<Request> sent = new CopyOnWriteArrayList<>();
  private final OkHttpClient plain;
  private final Map<String, String> seededIds = new HashMap<>();
  private boolean created;

  /**
   * @param url the server, e.g. {@code http://127.0.0.1:8765}
   * @param token the bearer token the guards attach, or {@code null} for a server without auth
   */
  ChromaWalkthrough(HttpUrl url, DemoGuards guards, @Nullable String token, PrintStream out, Expectations expect) {
    this.server = url;
    this.database = "vectorguard_demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.base = url.resolve("api/v2/tenants/default_tenant/databases/" + database) + "";
    this.guards = guards;
    this.token = token;
    this.out = out;
    this.expect = expect;
    this.report = new CallReport(guards.recent, out);
    this.plain = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      sent.add(chain.request());
      return chain.proceed(chain.request());
    }).build();
  }

  /** Where the data is, for the demo's header. */
  String describe() {
    return "the Chroma server at " + server + " (database default_tenant/" + database + ")";
  }

  /** Creates the database and both collections through an unguarded client, as the data already is. */
  void seed() throws IOException {
    Request.Builder admin = new Request.Builder();
    if (token != null) {
      admin.header("Authorization", "Bearer " + token);
    }
    send(plain, admin.url(server.resolve("api/v2/tenants/default_tenant/databases") + "")
        .post(RequestBody.create(JSON.createObjectNode().put("name", database).toString(), TYPE)));
    created = true;
    for (String collection : List.of(DemoData.DOCS, DemoData.SALARIES)) {
      ObjectNode create = JSON.createObjectNode().put("name", collection);
      create.putObject("configuration").putObject("hnsw").put("space", "cosine");
      String id = send(plain, admin.url(base + "/collections").post(RequestBody.create(create.toString(), TYPE)))
          .get("id").asText();
      seededIds.put(collection, id);
      List<DemoData.Doc> docs = collection.equals(DemoData.DOCS) ? DemoData.docRecords() : DemoData.salaryRecords();
      ObjectNode add = JSON.createObjectNode();
      ArrayNode ids = add.putArray("ids");
      ArrayNode embeddings = add.putArray("embeddings");
      ArrayNode metadatas = add.putArray("metadatas");
      for (DemoData.Doc doc : docs) {
        ids.add(String.valueOf(doc.id()));
        doc.vector().forEach(embeddings.addArray()::add);
        metadatas.add(JSON.valueToTree(doc.payload()));
      }
      send(plain, admin.url(base + "/collections/" + id + "/add").post(RequestBody.create(add.toString(), TYPE)));
    }
  }

  void run() throws Exception {
    Service rag = new Service(DemoGuards.RAG);
    Service analytics = new Service(DemoGuards.ANALYTICS);
    Service ops = new Service(DemoGuards.OPS);
    out.println();
    out.println("0. rag-service and ops-job open '" + DemoData.DOCS + "' by name");
    out.println("   why      Chroma's data calls name collections by id; the guard learns id -> name from these answers");
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant(DemoData.TENANT_A).build())) {
      rag.collectionId(DemoData.DOCS);
    }
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().user("carol").build())) {
      ops.collectionId(DemoData.DOCS);
    }
    report.lastCall();
    ragQueries(rag, DemoData.TENANT_A, DemoData.TENANT_B, 1);
    ragQueries(rag, DemoData.TENANT_B, DemoData.TENANT_A, 2);
    analyticsReachesForSalaries(analytics);
    opsDeletesWithApproval(ops);
  }

  private void ragQueries(Service rag, String tenant, String otherTenant, int step) throws IOException {
    heading(step + ". rag-service queries '" + DemoData.DOCS + "' for " + tenant, DemoGuards.RAG + " acting for tenant="
        + tenant);
    ObjectNode query = JSON.createObjectNode().put("n_results", 20);
    DemoData.query().forEach(query.putArray("query_embeddings").addArray()::add);
    query.putArray("include").add("metadatas").add("embeddings").add("distances");
    JsonNode result;
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant(tenant).user("app-user-7").build())) {
      result = rag.post("/collections/" + rag.collectionId(DemoData.DOCS) + "/query", query.toString());
    }
    report.lastCall();
    String authorization = sent.get(sent.size() - 1).header("Authorization");
    out.println("   token    " + (authorization == null ? "none (a Chroma without auth; CHROMA_TOKEN sets one)"
        : "the guard's static bearer token"));
    List<Map<String, String>> records = new ArrayList<>();
    for (JsonNode metadata : result.path("metadatas").path(0)) {
      Map<String, String> record = new HashMap<>();
      metadata.fields().forEachRemaining(f -> record.put(f.getKey(), f.getValue().asText()));
      records.add(record);
    }
    out.println("   results  " + records.size());
    JsonNode ids = result.path("ids").path(0);
    for (int i = 0; i < Math.min(3, records.size()); i++) {
      Map<String, String> r = records.get(i);
      out.printf("     #%-3s %-14s %-30s %-18s %s%n", ids.path(i).asText(), r.get("name"), r.get("email"),
          r.get("phone"), r.get("notes"));
    }
    expect.expect(!records.isEmpty() && records.size() <= 5 && ids.size() == records.size(),
        "results capped at max_results 5 (got " + records.size() + ")");
    expect.expect(records.stream().allMatch(r -> tenant.equals(r.get("tenant_id"))),
        "every result belongs to " + tenant + ", none to " + otherTenant + " (tenant filter added by the guard)");
    JsonNode embeddings = result.path("embeddings");
    boolean noVectors = !embeddings.isArray() || !embeddings.path(0).isArray()
        || java.util.stream.StreamSupport.stream(embeddings.path(0).spliterator(), false).allMatch(JsonNode::isNull);
    expect.expect(noVectors, "embeddings stripped although the client asked for them");
    expect.expect(records.stream().allMatch(r -> String.valueOf(r.get("email")).startsWith("hmac:")),
        "emails replaced by keyed hashes");
    expect.expect(records.stream().allMatch(r -> String.valueOf(r.get("phone")).matches("\\*+\\d{4}")),
        "phone numbers cut to their last 4 digits");
    expect.expect(records.stream().allMatch(r -> String.valueOf(r.get("notes")).contains("<CARD>")
        && DemoData.CARDS.stream().noneMatch(card -> String.valueOf(r.get("notes")).contains(card))),
        "card numbers in notes detected and replaced by <CARD>");
    expect.expect(token == null ? authorization == null : ("Bearer " + token).equals(authorization),
        "the application's own Authorization header was replaced by the guard's credential");
  }

  private void analyticsReachesForSalaries(Service analytics) throws IOException {
    heading("3. analytics-job opens '" + DemoData.SALARIES + "' to query it", DemoGuards.ANALYTICS);
    int before = callsTo(DemoData.SALARIES);
    IOException byName = attempt(() -> analytics.collectionId(DemoData.SALARIES));
    out.println("   status   " + status(byName));
    report.lastCall();
    expect.expect(byName instanceof VectorGuardRefusedIOException refused && refused.decision() instanceof Decision.Deny,
        "refused by the policy");
    expect.expect(byName != null && String.valueOf(byName.getMessage()).contains("analytics-never-reads-salaries"),
        "the refusal names rule 'analytics-never-reads-salaries'");
    out.println("   then     it queries the collection by the raw id it got elsewhere");
    IOException byId = attempt(() -> analytics.post("/collections/" + seededIds.get(DemoData.SALARIES) + "/query",
        "{\"query_embeddings\":[[0,0,0,0,0,0,0,1]],\"n_results\":5}"));
    out.println("   status   " + status(byId));
    report.lastCall();
    expect.expect(byId instanceof VectorGuardRefusedIOException refused && refused.failure() != null
        && String.valueOf(refused.getMessage()).contains("is not known to the guard"),
        "refused too: the guard cannot tell which collection an id it never saw names, so it fails closed");
    expect.expect(callsTo(DemoData.SALARIES) == before, "nothing reached the server");
  }

  private void opsDeletesWithApproval(Service ops) throws IOException {
    heading("4. ops-job deletes record 3 of '" + DemoData.DOCS + "'", DemoGuards.OPS + " acting for user=carol");
    Actor carol = Actor.builder().user("carol").build();
    IOException first = deleteAs(ops, carol);
    String approvalId = first != null && first.getCause() instanceof CallRefusedException refused
        ? refused.approvalId() : null;
    out.println("   status   " + status(first));
    report.lastCall();
    expect.expect(first != null && approvalId != null, "refused until approved, with approval request " + approvalId);
    if (approvalId == null) {
      return;
    }
    String decided;
    try {
      decided = guards.approveInAnotherProcess(approvalId, "user:dana", "group:dba", "demo: delete point 3");
    } catch (IOException | InterruptedException e) {
      expect.expect(false, "the approver's CLI approves from the shared store: " + e.getMessage());
      return;
    }
    out.println("   approval user:dana (group:dba), in a second process:");
    out.println("            vectorguard approvals approve " + approvalId + " --as user:dana --group group:dba --for 10m");
    out.println("            " + decided);
    expect.expect(decided.startsWith(approvalId + "  approved"), "a second process (the CLI) approved it in the store");
    IOException second = deleteAs(ops, carol);
    out.println("   retry    " + status(second));
    report.lastCall();
    expect.expect(second == null, "with the grant, the delete goes through");
    JsonNode left = send(plain, new Request.Builder()
        .url(base + "/collections/" + seededIds.get(DemoData.DOCS) + "/get")
        .post(RequestBody.create("{\"ids\":[\"3\"],\"include\":[]}", TYPE)));
    expect.expect(left.path("ids").isArray() && left.path("ids").isEmpty(), "record 3 is gone from the server");
    IOException third = deleteAs(ops, carol);
    out.println("   again    " + status(third));
    expect.expect(third instanceof VectorGuardRefusedIOException refused
        && refused.decision() instanceof Decision.NeedsApproval,
        "the single-use grant is spent: the next delete is refused again");
  }

  private @Nullable IOException deleteAs(Service ops, Actor actor) {
    try (GuardContext.Scope scope = GuardContext.actAs(actor)) {
      return attempt(() -> ops.post("/collections/" + ops.collectionId(DemoData.DOCS) + "/delete", "{\"ids\":[\"3\"]}"));
    }
  }

  private int callsTo(String collection) {
    String id = seededIds.get(collection);
    return (int) sent.stream().map(r -> r.url().encodedPath())
        .filter(p -> p.contains("/collections/" + collection) || p.contains("/collections/" + id)).count();
  }

  private void heading(String title, String who) {
    out.println();
    out.println(title);
    out.println("   who      " + who);
  }

  private static String status(@Nullable IOException error) {
    if (error == null) {
      return "OK";
    }
    // The guard's own reason follows from its audit events.
    return error instanceof VectorGuardRefusedIOException ? "refused (VectorGuardRefusedIOException)"
        : "failed: " + error;
  }

  /** Deletes the demo's database, if {@link #seed()} created it. */
  @Override
  public void close() {
    if (!created) {
      return;
    }
    Request.Builder drop = new Request.Builder().url(base).delete();
    if (token != null) {
      drop.header("Authorization", "Bearer " + token);
    }
    try {
      send(plain, drop);
    } catch (IOException e) {
      out.println("   (could not delete the demo database " + database + ": " + e.getMessage() + ")");
    }
  }

  private static @Nullable IOException attempt(IoCall call) {
    try {
      call.run();
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private static JsonNode send(OkHttpClient client, Request.Builder request) throws IOException {
    Request built = request.build();
    try (Response response = client.newCall(built).execute()) {
      String text = response.body().string();
      if (!response.isSuccessful()) {
        throw new IOException(built.method() + " " + built.url() + " -> " + response.code() + " " + text);
      }
      return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
    }
  }

  private interface IoCall {
    void run() throws IOException;
  }

  /** One service: its guard over its own OkHttp client, and the collection ids it has looked up. */
  private final class Service {
    private final OkHttpClient client;
    private final Map<String, String> ids = new HashMap<>();

    Service(String workload) {
      this.client = VectorGuardOkHttp.builder(guards.guardFor(workload)).backend(server, Backend.CHROMA).build()
          .wrap(plain);
    }

    /** The collection's id, looked up by name through the guard on first use. */
    String collectionId(String name) throws IOException {
      String id = ids.get(name);
      if (id == null) {
        id = send(client, new Request.Builder().url(base + "/collections/" + name).get()).get("id").asText();
        ids.put(name, id);
      }
      return id;
    }

    JsonNode post(String path, String body) throws IOException {
      return send(client, new Request.Builder().url(base + path).header("Authorization", APP_AUTHORIZATION)
          .post(RequestBody.create(body, TYPE)));
    }
  }
}
