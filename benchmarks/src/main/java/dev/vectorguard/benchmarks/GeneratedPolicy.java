package dev.vectorguard.benchmarks;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.Identity;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, realistic policy for the decision benchmarks, with the same policy for jCasbin
 * and the same requests for both engines.
 *
 * <p>For {@code w} workloads over {@code 4w} collections (named {@code f<family>-c<n>}, ten per
 * family) and {@code tenants} tenants, it generates:
 * <ul>
 *   <li>per workload, a read rule on 8 literal collections and 2 family globs ({@code f3-*}), with
 *       obligations (max results, strip vectors, 2 masked fields), and a write rule on 3 literals;
 *   <li>for every 5th workload, a template rule on {@code tenant-${actor.tenant}-*} (read and
 *       write, with a tenant filter), which only matches when the actor has a tenant;
 *   <li>for every 10th workload, a workload-glob rule ({@code .../sa/batch-<g>-*}) reading a family;
 *   <li>one deny rule on {@code secret-*} for read and write, and one broad read rule on
 *       {@code *} for the batch workloads, so that deny-beats-allow is exercised.
 * </ul>
 * 50 workloads give the "50 workloads × 200 collections" policy (117 rules).
 * Not thread-safe while building; immutable afterwards.
 */
final class GeneratedPolicy {
  static final String WORKLOAD_PREFIX = "spiffe://acme.io/ns/prod/sa/";

  /** One access request, the same for both engines. {@code action} is {@code read} or {@code write}. */
  record Request(String workload, String tenant, String collection, String action) {
    Identity identity() {
      return Identity.of(Workload.configured(workload), Actor.builder().tenant(tenant).build());
    }

    VectorCall call() {
      Operation operation = action.equals("write") ? Operation.UPSERT : Operation.SEARCH;
      String endpoint = action.equals("write") ? "PUT /collections/" + collection + "/points"
          : "POST /collections/" + collection + "/points/search";
      return VectorCall.builder(Backend.QDRANT, operation).collection(collection).endpoint(endpoint).build();
    }
  }

  /** A generated rule; {@code workload} may end in {@code *}, collections may hold {@code ${actor.tenant}}. */
  record Rule(String id, String workload, boolean needsTenant, List<String> collections, List<String> actions,
      boolean deny) {}

  private final int workloads;
  private final int collections;
  private final int families;
  private final int tenants;
  private final List<Rule> rules = new ArrayList<>();
  private final String yaml;

  private GeneratedPolicy(int workloads, int tenants) {
    this.workloads = workloads;
    this.collections = 4 * workloads;
    this.families = Math.max(1, collections / 10);
    this.tenants = tenants;
    generate();
    this.yaml = renderYaml();
  }

  /** The policy for {@code workloads} workloads over {@code 4 × workloads} collections. */
  static GeneratedPolicy of(int workloads, int tenants) {
    if (workloads < 1 || tenants < 1) {
      throw new IllegalArgumentException("workloads and tenants must be positive, but were "
          + workloads + ", " + tenants);
    }
    return new GeneratedPolicy(workloads, tenants);
  }

  /** The policy with about {@code rules} rules (the scale benchmark's x axis). */
  static GeneratedPolicy withAboutRules(int rules, int tenants) {
    // rules(w) = 2w + ceil(w/5) + ceil(w/10) + 2 ≈ 2.3w + 2
    return of(Math.max(1, (int) Math.round((rules - 2) / 2.3)), tenants);
  }

  int workloads() {
    return workloads;
  }

  int collections() {
    return collections;
  }

  List<Rule> rules() {
    return List.copyOf(rules);
  }

  String workloadId(int w) {
    return WORKLOAD_PREFIX + "svc-" + w;
  }

  /** How many batch workload groups ({@code batch-<g>-*}) the policy names. */
  int batchGroups() {
    return (workloads + 9) / 10;
  }

  /** The concrete batch workload of group {@code g} that requests use. */
  String batchWorkloadId(int g) {
    return WORKLOAD_PREFIX + "batch-" + g + "-etl";
  }

  String collection(int c) {
    return "f" + (c % families) + "-c" + c;
  }

  String tenant(int t) {
    return "tenant" + t;
  }

  private void generate() {
    for (int w = 0; w < workloads; w++) {
      List<String> reads = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        reads.add(collection(Math.floorMod(w * 7 + k * 13, collections)));
      }
      reads.add("f" + (w % families) + "-*");
      reads.add("f" + ((w + 7) % families) + "-*");
      rules.add(new Rule("svc-" + w + "-read", workloadId(w), false, dedupe(reads), List.of("read"), false));
      List<String> writes = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        writes.add(collection(Math.floorMod(w * 7 + k * 29, collections)));
      }
      rules.add(new Rule("svc-" + w + "-write", workloadId(w), false, dedupe(writes), List.of("write"), false));
      if (w % 5 == 0) {
        rules.add(new Rule("svc-" + w + "-tenant", workloadId(w), true,
            List.of("tenant-${actor.tenant}-*"), List.of("read", "write"), false));
      }
      if (w % 10 == 0) {
        int g = w / 10;
        rules.add(new Rule("batch-" + g + "-family", WORKLOAD_PREFIX + "batch-" + g + "-*", false,
            List.of("f" + (g % families) + "-*"), List.of("read"), false));
      }
    }
    rules.add(new Rule("batch-read-all", WORKLOAD_PREFIX + "batch-*", false, List.of("*"), List.of("read"), false));
    rules.add(new Rule("no-secrets", "*", false, List.of("secret-*"), List.of("read", "write"), true));
  }

  private static List<String> dedupe(List<String> values) {
    return values.stream().distinct().toList();
  }

  /** The policy as YAML for {@code PolicyLoader}. */
  String yaml() {
    return yaml;
  }

  private String renderYaml() {
    StringBuilder y = new StringBuilder(rules.size() * 400);
    y.append("version: 1\nmode: enforce\ndefaults: { effect: deny }\nrules:\n");
    for (Rule rule : rules) {
      y.append("  - id: ").append(rule.id()).append('\n');
      if (!rule.workload().equals("*") || rule.needsTenant()) {
        y.append("    when:\n");
        if (!rule.workload().equals("*")) {
          y.append("      workload: \"").append(rule.workload()).append("\"\n");
        }
        if (rule.needsTenant()) {
          y.append("      actor.tenant: \"*\"\n");
        }
      }
      y.append("    collections: [");
      y.append(String.join(", ", rule.collections().stream().map(c -> '"' + c + '"').toList()));
      y.append("]\n    actions: [").append(String.join(", ", rule.actions())).append("]\n");
      y.append("    effect: ").append(rule.deny() ? "deny" : "allow").append('\n');
      if (!rule.deny() && rule.actions().equals(List.of("read"))) {
        y.append("    obligations: { max_results: 50, vectors: strip, mask: [")
            .append("{ field: email, with: redact }, { field: customer.ssn, with: redact }] }\n");
      } else if (rule.needsTenant()) {
        y.append("    obligations: { tenant_filter: { field: tenant_id, value: \"${actor.tenant}\" } }\n");
      }
    }
    return y.toString();
  }

  /**
   * {@code n} requests drawn with a fixed seed: mostly a workload's own literal and family
   * collections, plus tenant collections (own and other tenants'), secret collections, batch
   * workloads and unrelated collections, reads and writes.
   */
  List<Request> requests(int n, long seed) {
    Random random = new Random(seed);
    List<Request> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int w = random.nextInt(workloads);
      String tenant = tenant(random.nextInt(tenants));
      String workload = random.nextInt(10) == 0
          ? batchWorkloadId(random.nextInt(batchGroups()))
          : workloadId(w);
      int pick = random.nextInt(100);
      String collection;
      if (pick < 50) {
        collection = collection(Math.floorMod(w * 7 + random.nextInt(8) * 13, collections));
      } else if (pick < 65) {
        collection = collection(random.nextInt(collections));
      } else if (pick < 80) {
        String owner = random.nextBoolean() ? tenant : tenant(random.nextInt(tenants));
        collection = "tenant-" + owner + "-docs";
      } else if (pick < 90) {
        collection = "secret-" + random.nextInt(10);
      } else {
        collection = "other-" + random.nextInt(1000);
      }
      String action = random.nextInt(5) == 0 ? "write" : "read";
      requests.add(new Request(workload, tenant, collection, action));
    }
    return requests;
  }
}
