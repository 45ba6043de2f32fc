package dev.vectorguard.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What one run measured and computed; printed as a table and written as JSON. Not thread-safe. */
final class Report {
  private final Profile profile;
  private final String command;
  private final Instant started;
  private final Map<String, Object> machine;
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private @Nullable Instant finished;
  private String loadAtEnd = "unknown";

  Report(Profile profile, String command, Instant started, Map<String, Object> machine) {
    this.profile = profile;
    this.command = command;
    this.started = started;
    this.machine = machine;
  }

  void addMeasurement(Measurement measurement) {
    measurements.add(measurement);
  }

  void addFigures(List<Figure> more) {
    figures.addAll(more);
  }

  void note(String note) {
    notes.add(note);
  }

  List<Measurement> measurements() {
    return List.copyOf(measurements);
  }

  List<Figure> figures() {
    return List.copyOf(figures);
  }

  void finish(Instant at, String loadAverage) {
    this.finished = at;
    this.loadAtEnd = loadAverage;
  }

  void print(PrintStream out) {
    out.println();
    out.println("Vectorguard benchmarks, " + profile.describe());
    out.println("machine: " + machine);
    out.println("command: " + command);
    out.println("started " + started + ", finished " + finished + ", load average at end " + loadAtEnd);
    out.println();
    out.println(String.format(Locale.ROOT, "%-62s %14s %12s  %s", "benchmark", "score", "± 99.9%", "unit"));
    for (Measurement m : measurements) {
      out.println(String.format(Locale.ROOT, "%-62s %14s %12s  %s", m.key(), Figure.format(m.score()),
          Figure.format(m.error()), m.unit()));
    }
    out.println();
    out.println(String.format(Locale.ROOT, "%-12s %-52s %14s %-6s %-10s %s", "section", "figure", "value", "unit",
        "target", "met"));
    for (Figure f : figures) {
      out.println(String.format(Locale.ROOT, "%-12s %-52s %14s %-6s %-10s %s", f.section(), f.name(),
          Figure.format(f.value()), f.unit(), f.target() == null ? "" : f.target(),
          f.met() == null ? "" : f.met() ? "yes" : "NO"));
    }
    out.println();
    out.println("issue #16 targets:");
    for (String line : targetLines()) {
      out.println("  " + line);
    }
    out.println();
    notes.forEach(note -> out.println("note: " + note));
  }

  /** One line per target of issue #16: the figure, its target and met / not met, or "not measured". */
  List<String> targetLines() {
    List<String> lines = new ArrayList<>();
    for (String target : Figures.ISSUE_TARGETS) {
      String name = Figures.preferredFigure(target, figures);
      Figure f = figures.stream().filter(figure -> figure.name().equals(name)).findFirst().orElse(null);
      lines.add(f == null
          ? String.format(Locale.ROOT, "%-66s not measured in this run", name)
          : String.format(Locale.ROOT, "%-66s %12s %-4s %-10s %s", name, Figure.format(f.value()), f.unit(),
              f.target(), f.met() == null ? "UNDECIDED (see the figure's how)" : f.met() ? "met" : "NOT MET"));
    }
    return lines;
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", started.toString());
    json.put("finished", String.valueOf(finished));
    json.put("command", command);
    json.put("profile", profile.describe());
    Map<String, Object> machineJson = new LinkedHashMap<>(machine);
    machineJson.put("load_average_at_end", loadAtEnd);
    json.put("machine", machineJson);
    List<Map<String, Object>> results = new ArrayList<>();
    for (Measurement m : measurements) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("key", m.key());
      r.put("benchmark", m.benchmark());
      r.put("params", m.params());
      r.put("score", finite(m.score()));
      r.put("error_99_9", finite(m.error()));
      r.put("unit", m.unit());
      r.put("samples", m.samples());
      Map<String, Object> secondary = new LinkedHashMap<>();
      m.secondary().forEach((label, value) -> secondary.put(label, finite(value)));
      r.put("secondary", secondary);
      results.add(r);
    }
    json.put("results", results);
    List<Map<String, Object>> computed = new ArrayList<>();
    for (Figure f : figures) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("section", f.section());
      r.put("name", f.name());
      r.put("value", finite(f.value()));
      r.put("unit", f.unit());
      r.put("target", f.target());
      r.put("met", f.met());
      r.put("how", f.how());
      computed.add(r);
    }
    json.put("figures", computed);
    json.put("notes", notes);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
  }

  /** The figures and measurements as Markdown tables, for {@code benchmarks/README.md}. */
  void writeMarkdown(Path file) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("Run ").append(started).append(" – ").append(finished).append(", ").append(profile.describe())
        .append(".\n\nMachine: ").append(machine).append("; load average at end ").append(loadAtEnd)
        .append(".\n\nCommand: `").append(command).append("`\n\n");
    md.append("| section | figure | value | unit | target | met |\n|---|---|---:|---|---|---|\n");
    for (Figure f : figures) {
      md.append("| ").append(f.section()).append(" | ").append(f.name()).append(" | ").append(Figure.format(f.value()))
          .append(" | ").append(f.unit()).append(" | ").append(f.target() == null ? "" : f.target().replace("<", "&lt;"))
          .append(" | ").append(f.met() == null ? "" : f.met() ? "yes" : "**no**").append(" |\n");
    }
    md.append("\nIssue #16 targets:\n\n");
    targetLines().forEach(line -> md.append("    ").append(line).append('\n'));
    md.append("\n| benchmark | score | ± 99.9% | unit |\n|---|---:|---:|---|\n");
    for (Measurement m : measurements) {
      md.append("| ").append(m.key()).append(" | ").append(Figure.format(m.score())).append(" | ")
          .append(Figure.format(m.error())).append(" | ").append(m.unit()).append(" |\n");
    }
    md.append('\n');
    notes.forEach(note -> md.append("- ").append(note).append('\n'));
    Files.writeString(file, md.toString());
  }

  private static @Nullable Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
