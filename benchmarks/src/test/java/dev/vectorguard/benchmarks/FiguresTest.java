package dev.vectorguard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's ratios are computed from the run's own measurements, and missing ones are left out. */
class FiguresTest {

  private static Measurement m(String benchmark, double score, Map<String, String> params) {
    return new Measurement(benchmark, params, score, 1, "ns/op", 4, Map.of());
  }

  private static Figure named(List<Figure> figures, String name) {
    return figures.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void decisionRatioAndTargets() {
    List<Figure> figures = Figures.compute(List.of(m("DecisionBenchmark.vectorguard", 400, Map.of()),
        m("DecisionBenchmark.jcasbin", 400_000, Map.of())), Map.of());
    assertThat(named(figures, "jCasbin / Vectorguard").value()).isEqualTo(1000.0);
    assertThat(named(figures, "jCasbin / Vectorguard").met()).isTrue();
    assertThat(named(figures, "Vectorguard ns per decision (117 rules)").met()).isTrue();
  }

  @Test
  void overheadRatioMissesItsTargetHonestly() {
    List<Figure> figures = Figures.compute(List.of(m("GrpcOverheadBenchmark.guarded", 1_200_000, Map.of()),
        m("GrpcOverheadBenchmark.unguarded", 1_000_000, Map.of())), Map.of());
    Figure ratio = named(figures, "Qdrant gRPC searchAsync: guarded / unguarded");
    assertThat(ratio.value()).isEqualTo(1.2);
    assertThat(ratio.target()).isEqualTo("<= 1.10");
    assertThat(ratio.met()).isFalse();
    assertThat(named(figures, "Qdrant gRPC searchAsync: overhead us/call").value()).isEqualTo(200.0);
  }

  @Test
  void growthIsComparedWithLinearGrowth() {
    List<Figure> figures = Figures.compute(List.of(
        m("ScaleDecisionBenchmark.decide", 100, Map.of("rules", "10")),
        m("ScaleDecisionBenchmark.decide", 800, Map.of("rules", "1000")),
        m("ScaleDecisionBenchmark.decide", 200, Map.of("rules", "100"))), Map.of());
    assertThat(named(figures, "decision growth / linear growth").value()).isEqualTo(8.0 / 100);
    assertThat(named(figures, "decision worst step growth / linear (100 -> 1000)").value()).isEqualTo(0.4);
  }

  @Test
  void missingMeasurementsGiveNoFigure() {
    assertThat(Figures.compute(List.of(m("GrpcOverheadBenchmark.guarded", 1, Map.of())), Map.of())).isEmpty();
  }

  @Test
  void mintCpuShareNeedsTheSimulation() {
    List<Measurement> tokens = List.of(m("TokenBenchmark.mintQdrantJwt", 10_000, Map.of()));
    assertThat(Figures.compute(tokens, Map.of())).extracting(Figure::name).containsExactly("Qdrant JWT mint ns/op");
    assertThat(named(Figures.compute(tokens, Map.of(Figures.STEADY_MINTS_PER_SECOND, 10.0)),
        "CPU spent minting at 10k calls/s (% of one core)").value()).isEqualTo(0.01);
  }

  @Test
  void unknownArgumentsAreRefusedWithTheChoices() {
    assertThatThrownBy(() -> BenchmarkMain.Arguments.parse(new String[] {"--fast"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown argument '--fast'; expected --full, --short, --only REGEX, --out FILE, --command TEXT,"
            + " --jfr DIR");
    assertThatThrownBy(() -> BenchmarkMain.Arguments.parse(new String[] {"--only"}))
        .hasMessage("--only needs a value");
    assertThat(BenchmarkMain.Arguments.parse(new String[] {"--full"}).profile()).isEqualTo(Profile.FULL);
  }
}
