package dev.vectorguard.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The change of this run against an earlier results file ({@code run.sh --compare BASELINE.json}):
 * every figure present in both, as baseline, now and now / baseline. The baseline's figures are
 * computed again from its raw results by this build's {@link Figures}, so a figure added or
 * redefined since still compares like with like (a figure its raw results cannot give, such as the
 * token simulation's, keeps the value stored in the file). Figures are ratios taken
 * inside each run, so comparing them across runs is fairer than comparing absolute times taken
 * under different loads; each run's load average is printed beside it.
 */
final class Comparison {

  /** One figure in both runs. */
  record Row(String section, String name, String unit, double baseline, double now) {
    double change() {
      return now / baseline;
    }
  }

  private final String baselineDescription;
  private final List<Row> rows;

  private Comparison(String baselineDescription, List<Row> rows) {
    this.baselineDescription = baselineDescription;
    this.rows = List.copyOf(rows);
  }

  /**
   * Reads {@code baselineFile} (a {@code latest.json} written by an earlier run) and pairs its
   * figures with {@code figures} by section and name.
   *
   * @throws IOException when the file cannot be read or is not a results file, naming the file
   */
  static Comparison against(Path baselineFile, List<Figure> figures) throws IOException {
    JsonNode baseline;
    try {
      baseline = new ObjectMapper().readTree(baselineFile.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read the baseline results file " + baselineFile + ": " + e.getMessage(), e);
    }
    JsonNode computed = baseline.path("figures");
    if (!computed.isArray()) {
      throw new IOException(baselineFile + " is not a results file written by benchmarks/run.sh (no \"figures\" array)");
    }
    Map<String, Double> before = new LinkedHashMap<>();
    for (JsonNode figure : computed) {
      if (figure.path("value").isNumber()) {
        before.put(figure.path("section").asText() + '\u0000' + figure.path("name").asText(),
            figure.path("value").asDouble());
      }
    }
    for (Figure f : Figures.compute(measurements(baseline.path("results")), Map.of())) {
      before.put(f.section() + '\u0000' + f.name(), f.value());
    }
    List<Row> rows = new ArrayList<>();
    for (Figure f : figures) {
      Double old = before.get(f.section() + '\u0000' + f.name());
      if (old != null) {
        rows.add(new Row(f.section(), f.name(), f.unit(), old, f.value()));
      }
    }
    String description = baselineFile + " (" + baseline.path("date").asText("?") + ", load average at end "
        + baseline.path("machine").path("load_average_at_end").asText("?") + ")";
    return new Comparison(description, rows);
  }

  /** The raw results of a results file, as the measurements they were written from. */
  private static List<Measurement> measurements(JsonNode results) {
    List<Measurement> measurements = new ArrayList<>();
    for (JsonNode r : results) {
      Map<String, String> params = new TreeMap<>();
      r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      Map<String, Double> secondary = new TreeMap<>();
      r.path("secondary").fields().forEachRemaining(e -> {
        if (e.getValue().isNumber()) {
          secondary.put(e.getKey(), e.getValue().asDouble());
        }
      });
      double score = r.path("score").isNumber() ? r.path("score").asDouble() : Double.NaN;
      double error = r.path("error_99_9").isNumber() ? r.path("error_99_9").asDouble() : Double.NaN;
      measurements.add(new Measurement(r.path("benchmark").asText(), Map.copyOf(params), score, error,
          r.path("unit").asText(), r.path("samples").asLong(), Map.copyOf(secondary)));
    }
    return measurements;
  }

  List<Row> rows() {
    return rows;
  }

  void print(PrintStream out) {
    out.println("change against " + baselineDescription + ":");
    out.println(String.format(Locale.ROOT, "%-12s %-58s %12s %12s %-6s %10s", "section", "figure", "baseline", "now",
        "unit", "now/base"));
    for (Row row : rows) {
      out.println(String.format(Locale.ROOT, "%-12s %-58s %12s %12s %-6s %10s", row.section(), row.name(),
          Figure.format(row.baseline()), Figure.format(row.now()), row.unit(),
          row.baseline() == 0 ? "n/a" : Figure.format(row.change()) + "x"));
    }
    out.println();
  }
}
