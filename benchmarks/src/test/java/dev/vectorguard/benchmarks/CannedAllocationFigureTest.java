package dev.vectorguard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard's allocation per gRPC search measured against a canned server decides the issue's allocation target. */
class CannedAllocationFigureTest {

  private static Measurement m(String benchmark, double bytes) {
    return new Measurement(benchmark, Map.of(), 100, 1, "ns/op", 4, Map.of(Figures.ALLOCATION, bytes));
  }

  private static final List<Measurement> WHOLE_FORK = List.of(
      m("GrpcOverheadBenchmark.guarded", 20_000),
      m("GrpcOverheadBenchmark.unguardedWithTenantFilter", 25_000));

  private static Report report(List<Figure> figures) {
    Report report = new Report(Profile.SHORT, "test", Instant.EPOCH, Map.of());
    report.addFigures(figures);
    return report;
  }

  private static String allocationLine(Report report) {
    return report.targetLines().stream().filter(line -> line.startsWith(Figures.GUARD_ALLOCATION)).findFirst()
        .orElseThrow();
  }

  @Test
  void theCannedServerFigureIsGuardedMinusUnguardedAndDecidesTheTarget() {
    List<Measurement> measurements = new java.util.ArrayList<>(WHOLE_FORK);
    measurements.add(m("GrpcGuardAllocationBenchmark.guarded", 53_000));
    measurements.add(m("GrpcGuardAllocationBenchmark.unguarded", 50_000));
    Report report = report(Figures.compute(measurements, Map.of()));
    Figure canned = report.figures().stream().filter(f -> f.name().equals(Figures.GUARD_ALLOCATION_CANNED))
        .findFirst().orElseThrow();
    assertThat(canned.value()).isEqualTo(3_000.0);
    assertThat(canned.met()).isTrue();
    // One line per target: the canned figure replaces the undecided whole-fork one.
    assertThat(report.targetLines()).hasSize(Figures.ISSUE_TARGETS.size());
    assertThat(allocationLine(report)).startsWith(Figures.GUARD_ALLOCATION_CANNED).endsWith(" met");
  }

  @Test
  void moreThanFourKilobytesIsNotMet() {
    Report report = report(Figures.compute(List.of(m("GrpcGuardAllocationBenchmark.guarded", 60_000),
        m("GrpcGuardAllocationBenchmark.unguarded", 50_000)), Map.of()));
    assertThat(allocationLine(report)).contains("10,000").contains("<= 4,096").endsWith("NOT MET");
  }

  @Test
  void withoutTheCannedBenchmarkTheWholeForkFigureStandsIn() {
    Report report = report(Figures.compute(WHOLE_FORK, Map.of()));
    assertThat(allocationLine(report)).doesNotContain("canned").endsWith("UNDECIDED (see the figure's how)");
    assertThat(report(List.of()).targetLines()).filteredOn(line -> line.startsWith(Figures.GUARD_ALLOCATION))
        .singleElement().asString().endsWith("not measured in this run");
  }

  @Test
  void aBaselineWithoutTheCannedBenchmarkStillCompares(@TempDir Path dir) throws IOException {
    Path baseline = dir.resolve("baseline.json");
    Report before = new Report(Profile.SHORT, "before", Instant.EPOCH, Map.of());
    WHOLE_FORK.forEach(before::addMeasurement);
    before.addFigures(Figures.compute(WHOLE_FORK, Map.of()));
    before.writeJson(baseline);
    List<Measurement> measurements = new java.util.ArrayList<>(WHOLE_FORK);
    measurements.add(m("GrpcGuardAllocationBenchmark.guarded", 53_000));
    measurements.add(m("GrpcGuardAllocationBenchmark.unguarded", 50_000));
    List<Comparison.Row> rows = Comparison.against(baseline, Figures.compute(measurements, Map.of())).rows();
    assertThat(rows).extracting(Comparison.Row::name).contains(Figures.GUARD_ALLOCATION)
        .doesNotContain(Figures.GUARD_ALLOCATION_CANNED);
  }

  @Test
  void theNoResultsPairGivesTheGuardsFixedCost() {
    List<Figure> figures = Figures.compute(List.of(
        new Measurement("GrpcGuardAllocationBenchmark.guardedNoResults", Map.of(), 30_000, 1, "ns/op", 4,
            Map.of(Figures.ALLOCATION, 12_000.0)),
        new Measurement("GrpcGuardAllocationBenchmark.unguardedNoResults", Map.of(), 2_000, 1, "ns/op", 4,
            Map.of(Figures.ALLOCATION, 2_000.0))), Map.of());
    assertThat(figures).filteredOn(f -> f.name().endsWith("guard's fixed cost us/call")).singleElement()
        .satisfies(f -> assertThat(f.value()).isEqualTo(28.0));
    assertThat(figures).filteredOn(f -> f.name().endsWith("guard's fixed allocation bytes/call")).singleElement()
        .satisfies(f -> assertThat(f.value()).isEqualTo(10_000.0));
  }
}
