package dev.vectorguard.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Computes the issue's figures (ratios, throughputs, growth factors) from the measurements of one
 * run. A figure whose measurements are missing is left out; the report's notes say which suites
 * did not run.
 */
final class Figures {
  /** Normalised growth above linear that is still called linear: run-to-run noise on a shared machine. */
  static final double LINEAR_TOLERANCE = 1.10;

  /** Extra input: Qdrant JWT mints per second at 10k calls/s, from {@link TokenSimulation}. */
  static final String STEADY_MINTS_PER_SECOND = "tokens.steadyMintsPerSecond";

  /** Issue #16: what the guard may allocate per guarded gRPC search, beyond the unguarded call. */
  static final double GUARD_BYTES_PER_CALL = 4096;

  /** Issue #16: events per second one audit writer thread sustains, flushing per batch. */
  static final double AUDIT_EVENTS_PER_SECOND = 500_000;

  /** JMH's {@code -prof gc} result: bytes allocated per operation, by every thread of the fork. */
  static final String ALLOCATION = "gc.alloc.rate.norm";

  /**
   * The targets of issue #16, each as the name of the figure that decides it: the run prints each
   * with met / not met, or "not measured" when its suite did not run.
   */
  static final List<String> ISSUE_TARGETS = List.of(
      "Qdrant gRPC searchAsync: guarded / unguarded with same filter",
      "Qdrant REST search (MockWebServer): guarded / unguarded",
      "Chroma query (real server): guarded / unguarded with same filter",
      "masking time / plain Jackson copy time",
      "decision ns/op at 10,000 rules",
      "decision at 10,000 rules / at 100 rules",
      "events/s, async hash-chained file, flush-per-batch",
      "Qdrant gRPC searchAsync: guard allocation bytes/call");

  /**
   * The figure that decides the allocation target when its benchmark ran: the guard's own bytes per
   * call against a canned server ({@link GrpcGuardAllocationBenchmark}); the whole-fork difference
   * of {@link GrpcOverheadBenchmark} (often undecided) stands in for it otherwise.
   */
  static final String GUARD_ALLOCATION = "Qdrant gRPC searchAsync: guard allocation bytes/call";
  static final String GUARD_ALLOCATION_CANNED = GUARD_ALLOCATION + ", canned server";

  /** The figure printed for target {@code name}: its preferred figure, when this run computed it. */
  static String preferredFigure(String name, List<Figure> figures) {
    if (name.equals(GUARD_ALLOCATION)
        && figures.stream().anyMatch(f -> f.name().equals(GUARD_ALLOCATION_CANNED))) {
      return GUARD_ALLOCATION_CANNED;
    }
    return name;
  }

  /** Decision time at 10,000 rules is at most this, and at most this times the time at 100 rules. */
  static final double DECISION_NS_AT_10K = 1000;
  static final double DECISION_FLAT = 1.5;

  private final Map<String, Measurement> byKey = new LinkedHashMap<>();
  private final List<Measurement> all;
  private final Map<String, Double> extras;
  private final List<Figure> figures = new ArrayList<>();

  private Figures(List<Measurement> measurements, Map<String, Double> extras) {
    this.all = measurements;
    this.extras = extras;
    measurements.forEach(m -> byKey.put(m.key(), m));
  }

  static List<Figure> compute(List<Measurement> measurements, Map<String, Double> extras) {
    Figures f = new Figures(measurements, extras);
    f.decision();
    f.grpc();
    f.okhttp();
    f.masking();
    f.tokens();
    f.audit();
    f.scale();
    return List.copyOf(f.figures);
  }

  private @Nullable Double ns(String key) {
    Measurement m = byKey.get(key);
    return m == null ? null : m.score();
  }

  private void decision() {
    Double vg = ns("DecisionBenchmark.vectorguard");
    Double casbin = ns("DecisionBenchmark.jcasbin");
    String s = "1 decision";
    if (vg != null) {
      figures.add(Figure.atMost(s, "Vectorguard ns per decision (117 rules)", vg, "ns", 1000,
          "DecisionBenchmark.vectorguard, average over 1024 mixed requests"));
    }
    if (casbin != null) {
      figures.add(Figure.plain(s, "jCasbin ns per decision (same requests)", casbin, "ns",
          "DecisionBenchmark.jcasbin"));
    }
    if (vg != null && casbin != null) {
      figures.add(Figure.atLeast(s, "jCasbin / Vectorguard", casbin / vg, "x", 10,
          "DecisionBenchmark.jcasbin / DecisionBenchmark.vectorguard (casbin in its fastest configuration)"));
    }
    Double patterns = ns("DecisionBenchmark.jcasbinPatterns");
    if (vg != null && patterns != null) {
      figures.add(Figure.plain(s, "jCasbin with role patterns / Vectorguard", patterns / vg, "x",
          "DecisionBenchmark.jcasbinPatterns / DecisionBenchmark.vectorguard (casbin matching workload globs itself)"));
    }
  }

  private void grpc() {
    overhead("2 grpc", "Qdrant gRPC searchAsync", "GrpcOverheadBenchmark.guarded",
        "GrpcOverheadBenchmark.unguarded", 1.10);
    filterShare("2 grpc", "Qdrant gRPC searchAsync", "GrpcOverheadBenchmark", 1.05);
    allocation("2 grpc", "Qdrant gRPC searchAsync", "GrpcOverheadBenchmark", GUARD_BYTES_PER_CALL);
    cannedAllocation();
    fixedCost();
    overhead("2 grpc", "Milvus gRPC search (SDK V2)", "MilvusOverheadBenchmark.guarded",
        "MilvusOverheadBenchmark.unguarded", Double.NaN);
    filterShare("2 grpc", "Milvus gRPC search (SDK V2)", "MilvusOverheadBenchmark", Double.NaN);
    allocation("2 grpc", "Milvus gRPC search (SDK V2)", "MilvusOverheadBenchmark", Double.NaN);
  }

  /**
   * The guard's own share: guarded against an unguarded call carrying the same tenant filter, so
   * that the server's extra work for filtering is on both sides.
   */
  private void filterShare(String section, String what, String benchmark, double target) {
    Double guarded = ns(benchmark + ".guarded");
    Double filtered = ns(benchmark + ".unguardedWithTenantFilter");
    if (guarded == null || filtered == null) {
      return;
    }
    figures.add(Figure.plain(section, what + ": unguarded, same tenant filter, us/call", filtered / 1000, "us",
        benchmark + ".unguardedWithTenantFilter"));
    String name = what + ": guarded / unguarded with same filter";
    String how = benchmark + ".guarded / " + benchmark + ".unguardedWithTenantFilter: the guard's own cost";
    figures.add(Double.isNaN(target) ? Figure.plain(section, name, guarded / filtered, "x", how)
        : Figure.atMost(section, name, guarded / filtered, "x", target, how));
  }

  private void okhttp() {
    overhead("3 okhttp", "Qdrant REST search (MockWebServer)", "OkHttpOverheadBenchmark.guarded",
        "OkHttpOverheadBenchmark.unguarded", 1.25);
    allocation("3 okhttp", "Qdrant REST search (MockWebServer)", "OkHttpOverheadBenchmark", Double.NaN);
    overhead("3 okhttp", "Chroma query (real server)", "ChromaOverheadBenchmark.guarded",
        "ChromaOverheadBenchmark.unguarded", 1.05);
    filterShare("3 okhttp", "Chroma query (real server)", "ChromaOverheadBenchmark", 1.02);
    allocation("3 okhttp", "Chroma query (real server)", "ChromaOverheadBenchmark", Double.NaN);
  }

  private void overhead(String section, String what, String guardedKey, String unguardedKey, double target) {
    Double guarded = ns(guardedKey);
    Double unguarded = ns(unguardedKey);
    if (guarded == null || unguarded == null) {
      return;
    }
    figures.add(Figure.plain(section, what + ": unguarded us/call", unguarded / 1000, "us", unguardedKey));
    figures.add(Figure.plain(section, what + ": guarded us/call", guarded / 1000, "us", guardedKey));
    figures.add(Figure.plain(section, what + ": overhead us/call", (guarded - unguarded) / 1000, "us",
        guardedKey + " - " + unguardedKey));
    String how = guardedKey + " / " + unguardedKey;
    figures.add(Double.isNaN(target)
        ? Figure.plain(section, what + ": guarded / unguarded", guarded / unguarded, "x", how)
        : Figure.atMost(section, what + ": guarded / unguarded", guarded / unguarded, "x", target, how));
  }

  /**
   * Bytes allocated per call ({@code -prof gc}) on each side, and the guard's own share: guarded
   * minus the unguarded call carrying the same tenant filter (or, without one, the plain call).
   */
  private void allocation(String section, String what, String benchmark, double target) {
    Double guarded = norm(benchmark + ".guarded");
    Double unguarded = norm(benchmark + ".unguarded");
    Double filtered = norm(benchmark + ".unguardedWithTenantFilter");
    if (guarded == null) {
      return;
    }
    if (unguarded != null) {
      figures.add(Figure.plain(section, what + ": unguarded bytes/call", unguarded, "B", benchmark + ".unguarded "
          + ALLOCATION));
    }
    figures.add(Figure.plain(section, what + ": guarded bytes/call", guarded, "B", benchmark + ".guarded " + ALLOCATION));
    Double base = filtered != null ? filtered : unguarded;
    if (base == null) {
      return;
    }
    String how = benchmark + ".guarded - " + benchmark + (filtered != null ? ".unguardedWithTenantFilter" : ".unguarded")
        + " (" + ALLOCATION + ", all threads of the fork)";
    String name = what + ": guard allocation bytes/call";
    double share = guarded - base;
    if (Double.isNaN(target)) {
      figures.add(Figure.plain(section, name, share, "B", how));
    } else if (share < 0) {
      // The peer runs in the fork too; when the guard's obligations make it build less (vectors
      // stripped), the difference says nothing about the guard, so the target is left undecided.
      figures.add(new Figure(section, name, share, "B", "<= " + Figure.format(target), null, how
          + "; negative: the in-process server allocated less for the guarded call, so the guard's own"
          + " share cannot be separated from this whole-fork figure"));
    } else {
      figures.add(Figure.atMost(section, name, share, "B", target, how));
    }
  }

  /**
   * The guard's own allocation per gRPC search: guarded minus unguarded against a server that
   * answers both with the same canned response, so that the server's work cancels out.
   */
  private void cannedAllocation() {
    String benchmark = "GrpcGuardAllocationBenchmark";
    Double guarded = norm(benchmark + ".guarded");
    Double unguarded = norm(benchmark + ".unguarded");
    if (guarded == null || unguarded == null) {
      return;
    }
    String s = "2 grpc";
    figures.add(Figure.plain(s, "Qdrant gRPC searchAsync, canned server: unguarded bytes/call", unguarded, "B",
        benchmark + ".unguarded " + ALLOCATION));
    figures.add(Figure.plain(s, "Qdrant gRPC searchAsync, canned server: guarded bytes/call", guarded, "B",
        benchmark + ".guarded " + ALLOCATION));
    figures.add(Figure.atMost(s, GUARD_ALLOCATION_CANNED, guarded - unguarded, "B", GUARD_BYTES_PER_CALL,
        benchmark + ".guarded - " + benchmark + ".unguarded (" + ALLOCATION + ", all threads of the fork; the server"
            + " answers both with the same canned response, so only the guard's work differs)"));
  }

  /** The guard's fixed cost per gRPC search: the canned server that finds nothing, so nothing is masked. */
  private void fixedCost() {
    String benchmark = "GrpcGuardAllocationBenchmark";
    String s = "2 grpc";
    Double fixedTime = ns(benchmark + ".guardedNoResults");
    Double plainTime = ns(benchmark + ".unguardedNoResults");
    Double fixedBytes = norm(benchmark + ".guardedNoResults");
    Double plainBytes = norm(benchmark + ".unguardedNoResults");
    if (fixedTime != null && plainTime != null) {
      figures.add(Figure.plain(s, "Qdrant gRPC searchAsync, no results: guard's fixed cost us/call",
          (fixedTime - plainTime) / 1000, "us", benchmark + ".guardedNoResults - " + benchmark
              + ".unguardedNoResults (a server that finds nothing: nothing to mask)"));
    }
    if (fixedBytes != null && plainBytes != null) {
      figures.add(Figure.plain(s, "Qdrant gRPC searchAsync, no results: guard's fixed allocation bytes/call",
          fixedBytes - plainBytes, "B", benchmark + ".guardedNoResults - " + benchmark + ".unguardedNoResults ("
              + ALLOCATION + ")"));
    }
  }

  private @Nullable Double norm(String key) {
    Measurement m = byKey.get(key);
    return m == null ? null : m.secondary().get(ALLOCATION);
  }

  private void flatDecision() {
    Double at100 = ns("ScaleDecisionBenchmark.decide[rules=100]");
    Double at10k = ns("ScaleDecisionBenchmark.decide[rules=10000]");
    if (at10k == null) {
      return;
    }
    figures.add(Figure.atMost("7 scale", "decision ns/op at 10,000 rules", at10k, "ns", DECISION_NS_AT_10K,
        "ScaleDecisionBenchmark.decide[rules=10000]"));
    if (at100 != null) {
      figures.add(Figure.atMost("7 scale", "decision at 10,000 rules / at 100 rules", at10k / at100, "x",
          DECISION_FLAT, "ScaleDecisionBenchmark.decide[rules=10000] / [rules=100]: flat from 100 rules on"));
    }
  }

  private void masking() {
    String s = "4 masking";
    Measurement mask = byKey.get("MaskingBenchmark.mask");
    Measurement inMemory = byKey.get("MaskingBenchmark.maskInMemory");
    Measurement pii = byKey.get("MaskingBenchmark.maskWithDetectPii");
    Measurement copy = byKey.get("MaskingBenchmark.plainJacksonCopy");
    for (Measurement m : new Measurement[] {mask, inMemory, pii, copy}) {
      if (m != null && m.secondary().containsKey("mb")) {
        figures.add(Figure.plain(s, m.benchmark().substring(m.benchmark().indexOf('.') + 1) + " MB/s (1 MB body)",
            m.secondary().get("mb"), "MB/s", m.key() + " aux counter mb"));
      }
    }
    // throughput (ops/s): time per body is 1 / score, so masking time / copy time = copy ops / mask ops
    if (mask != null && copy != null) {
      figures.add(Figure.atMost(s, "masking time / plain Jackson copy time", copy.score() / mask.score(), "x", 1.15,
          "MaskingBenchmark.plainJacksonCopy ops/s / MaskingBenchmark.mask ops/s"));
    }
    if (inMemory != null && copy != null) {
      figures.add(Figure.plain(s, "masking in memory (REST path) time / plain Jackson copy time",
          copy.score() / inMemory.score(), "x", "MaskingBenchmark.plainJacksonCopy ops/s / MaskingBenchmark.maskInMemory ops/s"));
    }
    if (pii != null && copy != null) {
      figures.add(Figure.plain(s, "masking with detect-pii time / plain copy time", copy.score() / pii.score(), "x",
          "MaskingBenchmark.plainJacksonCopy ops/s / MaskingBenchmark.maskWithDetectPii ops/s"));
    }
  }

  private void tokens() {
    String s = "5 tokens";
    Double cached = ns("TokenBenchmark.cachedToken");
    Double mint = ns("TokenBenchmark.mintQdrantJwt");
    if (cached != null) {
      figures.add(Figure.atMost(s, "cached token fast path ns/op", cached, "ns", 1000,
          "TokenBenchmark.cachedToken (issue: well under a microsecond)"));
    }
    if (mint != null) {
      figures.add(Figure.plain(s, "Qdrant JWT mint ns/op", mint, "ns", "TokenBenchmark.mintQdrantJwt"));
    }
    Double mintsPerSecond = extras.get(STEADY_MINTS_PER_SECOND);
    if (mint != null && mintsPerSecond != null) {
      figures.add(Figure.plain(s, "CPU spent minting at 10k calls/s (% of one core)", mintsPerSecond * mint / 1e7, "%",
          "steady mints/s x TokenBenchmark.mintQdrantJwt ns / 1e9 x 100"));
    }
  }

  private void audit() {
    String s = "6 audit";
    for (Measurement m : all) {
      if (m.benchmark().equals("AuditBenchmark.write")) {
        String durability = m.params().getOrDefault("durability", "default");
        String name = "events/s, async hash-chained file, " + durability;
        String how = m.key() + " (" + m.unit() + ", one writer thread; producer threads as the benchmark sets them)";
        figures.add(durability.equals("flush-per-batch")
            ? Figure.atLeast(s, name, m.score(), "1/s", AUDIT_EVENTS_PER_SECOND, how)
            : Figure.plain(s, name, m.score(), "1/s", how));
      }
    }
  }

  private void scale() {
    growth("7 scale", "decision", "ScaleDecisionBenchmark.decide", "rules", "rules");
    flatDecision();
    growth("7 scale", "masking", "ScaleMaskingBenchmark.mask", "kilobytes", "KB");
    growth("7 scale", "plain Jackson copy", "ScaleMaskingBenchmark.plainJacksonCopy", "kilobytes", "KB");
    for (Measurement m : all) {
      if (m.benchmark().equals("ScaleMaskingBenchmark.mask")) {
        Measurement copy = byKey.get(m.key().replace(".mask[", ".plainJacksonCopy["));
        if (copy != null) {
          figures.add(Figure.plain("7 scale", "masking / plain copy at " + m.params().get("kilobytes") + " KB",
              m.score() / copy.score(), "x", m.key() + " / " + copy.key()));
        }
      }
    }
  }

  /**
   * Figures for a benchmark measured at several sizes: the time at each size, and the growth from
   * the smallest to the largest size divided by the growth of the size (1 = linear).
   */
  private void growth(String section, String what, String benchmark, String param, String sizeUnit) {
    List<Measurement> points = new ArrayList<>(all.stream()
        .filter(m -> m.benchmark().equals(benchmark) && m.params().containsKey(param))
        .toList());
    if (points.isEmpty()) {
      return;
    }
    points.sort(Comparator.comparingDouble(m -> Double.parseDouble(m.params().get(param))));
    for (Measurement m : points) {
      figures.add(Figure.plain(section, what + " ns/op at " + m.params().get(param) + ' ' + sizeUnit, m.score(), "ns",
          m.key()));
    }
    if (points.size() < 2) {
      return;
    }
    Measurement first = points.get(0);
    Measurement last = points.get(points.size() - 1);
    double sizeGrowth = Double.parseDouble(last.params().get(param)) / Double.parseDouble(first.params().get(param));
    double timeGrowth = last.score() / first.score();
    figures.add(Figure.plain(section, what + " time growth " + first.params().get(param) + " -> "
        + last.params().get(param) + ' ' + sizeUnit, timeGrowth, "x", "size grew " + Figure.format(sizeGrowth) + "x"));
    figures.add(Figure.atMost(section, what + " growth / linear growth", timeGrowth / sizeGrowth, "x",
        LINEAR_TOLERANCE, "(t_last / t_first) / (size_last / size_first); 1 = linear, < 1 = sublinear"));
    double worst = 0;
    String worstStep = "";
    for (int i = 1; i < points.size(); i++) {
      Measurement a = points.get(i - 1);
      Measurement b = points.get(i);
      double step = (b.score() / a.score())
          / (Double.parseDouble(b.params().get(param)) / Double.parseDouble(a.params().get(param)));
      if (step > worst) {
        worst = step;
        worstStep = a.params().get(param) + " -> " + b.params().get(param);
      }
    }
    figures.add(Figure.atMost(section, what + " worst step growth / linear (" + worstStep + ")", worst, "x",
        LINEAR_TOLERANCE, "max over consecutive sizes of (t_b / t_a) / (size_b / size_a)"));
  }
}
