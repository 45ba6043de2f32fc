package dev.vectorguard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #16's targets: allocation per call, flat decisions, the audit rate, and the change against a baseline. */
class IssueTargetsTest {

  private static Measurement m(String benchmark, double score, Map<String, String> params, Map<String, Double> aux) {
    return new Measurement(benchmark, params, score, 1, "ns/op", 4, aux);
  }

  private static Figure named(List<Figure> figures, String name) {
    return figures.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void guardAllocationIsGuardedMinusTheSameFilterUnguarded() {
    List<Figure> figures = Figures.compute(List.of(
        m("GrpcOverheadBenchmark.guarded", 110, Map.of(), Map.of(Figures.ALLOCATION, 30_000.0)),
        m("GrpcOverheadBenchmark.unguarded", 90, Map.of(), Map.of(Figures.ALLOCATION, 20_000.0)),
        m("GrpcOverheadBenchmark.unguardedWithTenantFilter", 100, Map.of(), Map.of(Figures.ALLOCATION, 25_000.0))),
        Map.of());
    Figure guard = named(figures, "Qdrant gRPC searchAsync: guard allocation bytes/call");
    assertThat(guard.value()).isEqualTo(5_000.0);
    assertThat(guard.target()).isEqualTo("<= 4,096");
    assertThat(guard.met()).isFalse();
    Figure share = named(figures, "Qdrant gRPC searchAsync: guarded / unguarded with same filter");
    assertThat(share.value()).isEqualTo(1.1);
    assertThat(share.met()).isFalse();
  }

  @Test
  void aNegativeGuardShareLeavesTheTargetUndecided() {
    List<Figure> figures = Figures.compute(List.of(
        m("GrpcOverheadBenchmark.guarded", 110, Map.of(), Map.of(Figures.ALLOCATION, 20_000.0)),
        m("GrpcOverheadBenchmark.unguardedWithTenantFilter", 100, Map.of(), Map.of(Figures.ALLOCATION, 25_000.0))),
        Map.of());
    Figure guard = named(figures, "Qdrant gRPC searchAsync: guard allocation bytes/call");
    assertThat(guard.value()).isEqualTo(-5_000.0);
    assertThat(guard.met()).isNull();
    Report report = new Report(Profile.SHORT, "test", Instant.EPOCH, Map.of());
    report.addFigures(figures);
    assertThat(report.targetLines()).filteredOn(line -> line.startsWith("Qdrant gRPC searchAsync: guard allocation"))
        .singleElement().asString().endsWith("UNDECIDED (see the figure's how)");
  }

  @Test
  void decisionsMustStayFlatFromAHundredRules() {
    List<Figure> figures = Figures.compute(List.of(
        m("ScaleDecisionBenchmark.decide", 400, Map.of("rules", "100"), Map.of()),
        m("ScaleDecisionBenchmark.decide", 900, Map.of("rules", "10000"), Map.of())), Map.of());
    assertThat(named(figures, "decision ns/op at 10,000 rules").met()).isTrue();
    Figure flat = named(figures, "decision at 10,000 rules / at 100 rules");
    assertThat(flat.value()).isEqualTo(2.25);
    assertThat(flat.met()).isFalse();
  }

  @Test
  void auditRateHasATargetOnlyWhenFlushingPerBatch() {
    List<Figure> figures = Figures.compute(List.of(
        m("AuditBenchmark.write", 600_000, Map.of("durability", "flush-per-batch"), Map.of()),
        m("AuditBenchmark.write", 90_000, Map.of("durability", "fsync-per-batch"), Map.of())), Map.of());
    assertThat(named(figures, "events/s, async hash-chained file, flush-per-batch").met()).isTrue();
    assertThat(named(figures, "events/s, async hash-chained file, fsync-per-batch").target()).isNull();
  }

  @Test
  void everyTargetIsPrintedMetNotMetOrNotMeasured() {
    Report report = new Report(Profile.SHORT, "test", Instant.EPOCH, Map.of());
    report.addFigures(Figures.compute(List.of(
        m("AuditBenchmark.write", 100_000, Map.of("durability", "flush-per-batch"), Map.of())), Map.of()));
    List<String> lines = report.targetLines();
    assertThat(lines).hasSize(Figures.ISSUE_TARGETS.size());
    assertThat(lines).filteredOn(line -> line.startsWith("events/s")).singleElement().asString()
        .contains(">= 500,000").endsWith("NOT MET");
    assertThat(lines).filteredOn(line -> line.endsWith("not measured in this run")).hasSize(lines.size() - 1);
  }

  @Test
  void comparesWithAnEarlierResultsFile(@TempDir Path dir) throws IOException {
    Path baseline = dir.resolve("baseline.json");
    Report before = new Report(Profile.SHORT, "before", Instant.EPOCH, Map.of());
    before.addFigures(Figures.compute(List.of(
        m("ScaleDecisionBenchmark.decide", 8000, Map.of("rules", "10000"), Map.of())), Map.of()));
    before.writeJson(baseline);
    List<Figure> now = Figures.compute(List.of(
        m("ScaleDecisionBenchmark.decide", 800, Map.of("rules", "10000"), Map.of())), Map.of());
    List<Comparison.Row> rows = Comparison.against(baseline, now).rows();
    assertThat(rows).hasSize(now.size());
    assertThat(rows).filteredOn(row -> row.name().equals("decision ns/op at 10,000 rules")).singleElement()
        .satisfies(row -> {
      assertThat(row.baseline()).isEqualTo(8000.0);
      assertThat(row.change()).isEqualTo(0.1);
    });
  }

  @Test
  void baselineFiguresAreRecomputedFromItsRawResults(@TempDir Path dir) throws IOException {
    Path baseline = dir.resolve("baseline.json");
    Report before = new Report(Profile.SHORT, "before", Instant.EPOCH, Map.of());
    before.addMeasurement(m("GrpcOverheadBenchmark.guarded", 200, Map.of(), Map.of(Figures.ALLOCATION, 9000.0)));
    before.addMeasurement(m("GrpcOverheadBenchmark.unguardedWithTenantFilter", 100, Map.of(),
        Map.of(Figures.ALLOCATION, 1000.0)));
    before.writeJson(baseline); // no figures stored: an older build did not compute them
    List<Figure> now = Figures.compute(List.of(
        m("GrpcOverheadBenchmark.guarded", 110, Map.of(), Map.of(Figures.ALLOCATION, 3000.0)),
        m("GrpcOverheadBenchmark.unguardedWithTenantFilter", 100, Map.of(), Map.of(Figures.ALLOCATION, 1000.0))),
        Map.of());
    List<Comparison.Row> rows = Comparison.against(baseline, now).rows();
    assertThat(rows).filteredOn(row -> row.name().equals("Qdrant gRPC searchAsync: guard allocation bytes/call"))
        .singleElement().satisfies(row -> {
          assertThat(row.baseline()).isEqualTo(8000.0);
          assertThat(row.now()).isEqualTo(2000.0);
        });
    assertThat(rows).filteredOn(row -> row.name().equals("Qdrant gRPC searchAsync: guarded / unguarded with same filter"))
        .singleElement().satisfies(row -> assertThat(row.baseline()).isEqualTo(2.0));
  }

  @Test
  void aFileThatIsNotAResultsFileIsRefusedByName(@TempDir Path dir) throws IOException {
    Path other = Files.writeString(dir.resolve("other.json"), "{\"results\": []}");
    assertThatThrownBy(() -> Comparison.against(other, List.of()))
        .hasMessage(other + " is not a results file written by benchmarks/run.sh (no \"figures\" array)");
    List<String> args = new ArrayList<>(List.of("--only", "audit", "--compare", dir.resolve("missing.json").toString()));
    assertThatThrownBy(() -> BenchmarkMain.compareOption(args))
        .hasMessage("--compare " + dir.resolve("missing.json") + ": no such readable results file");
    List<String> valid = new ArrayList<>(List.of("--only", "audit", "--compare", other.toString()));
    assertThat(BenchmarkMain.compareOption(valid)).isEqualTo(other);
    assertThat(valid).containsExactly("--only", "audit");
  }
}
