package dev.vectorguard.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Runs every benchmark suite of the issue in one JVM session with JMH's API, computes the ratios
 * from the results of this run, prints a table and writes it as JSON.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--full] [--only REGEX] [--jfr DIR]
 *     [--out benchmarks/results/latest.json] [--command "benchmarks/run.sh"] [--compare BASELINE.json]
 * </pre>
 *
 * <p>A suite whose benchmark class is not in this build is reported as missing, and a suite that
 * fails (a Chroma server that is not running) is reported as failed; the others still run. The
 * exit status is 1 when any suite failed.
 */
public final class BenchmarkMain {

  /**
   * One group of benchmarks, run with one JMH invocation: in {@code mode}, or (null) in the
   * benchmarks' own mode, unit and threads (the throughput benchmarks written by the masking and
   * audit owners); {@code warmupFactor} multiplies the profile's warm-up iterations; at least
   * {@code minForks} forks run (a fork whose JIT compiled the masking loop badly stays slow
   * throughout, so one fork is not enough there).
   */
  record Suite(String name, String include, @Nullable Mode mode, int warmupFactor, int minForks,
      boolean allocation) {
    Suite(String name, String include, @Nullable Mode mode, int warmupFactor) {
      this(name, include, mode, warmupFactor, 1, false);
    }

    /** A call-overhead suite: also reports bytes allocated per call ({@code -prof gc}). */
    static Suite callOverhead(String name, String include) {
      return new Suite(name, include, Mode.SampleTime, 3, 1, true);
    }
  }

  static final List<Suite> SUITES = List.of(
      new Suite("decision", "\\.DecisionBenchmark\\.", Mode.AverageTime, 1),
      new Suite("tokens", "\\.TokenBenchmark\\.", Mode.AverageTime, 1),
      new Suite("approvals", "\\.ApprovalBenchmark\\.", Mode.AverageTime, 1),
      Suite.callOverhead("grpc", "\\.(GrpcOverheadBenchmark|GrpcGuardAllocationBenchmark)\\."),
      Suite.callOverhead("milvus", "\\.MilvusOverheadBenchmark\\."),
      Suite.callOverhead("okhttp", "\\.OkHttpOverheadBenchmark\\."),
      Suite.callOverhead("chroma", "\\.ChromaOverheadBenchmark\\."),
      new Suite("masking", "\\.MaskingBenchmark\\.", null, 2),
      new Suite("audit", "\\.AuditBenchmark\\.", null, 1),
      new Suite("scale-decision", "\\.ScaleDecisionBenchmark\\.", Mode.AverageTime, 1),
      new Suite("scale-masking", "\\.ScaleMaskingBenchmark\\.", Mode.SampleTime, 2, 2, false));

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    @Nullable Path baseline = compareOption(rest);
    Arguments arguments = Arguments.parse(rest.toArray(new String[0]));
    Report report = new Report(arguments.profile(), arguments.command(), Instant.now(), MachineInfo.read());
    boolean failed = false;
    Map<String, Double> extras = new HashMap<>();
    for (Suite suite : SUITES) {
      if (!arguments.only().matcher(suite.name()).find()) {
        continue;
      }
      Instant started = Instant.now();
      try {
        if (suite.name().equals("tokens")) {
          TokenSimulation.Result simulation = TokenSimulation.run();
          report.addFigures(TokenSimulation.figures(simulation));
          extras.put(Figures.STEADY_MINTS_PER_SECOND, simulation.steadyMintsPerSecond());
        }
        if (suite.include().contains("ScaleDecision")) {
          report.addFigures(ScaleMemory.figures());
        }
        ChainedOptionsBuilder options = arguments.profile().options(suite.include(), suite.mode(),
            suite.warmupFactor(), suite.minForks());
        if (suite.allocation()) {
          options.addProfiler(GCProfiler.class);
        }
        if (arguments.jfrDir() != null) {
          options.addProfiler("jfr", "dir=" + arguments.jfrDir().resolve(suite.name()));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        results.forEach(result -> report.addMeasurement(Measurement.of(result)));
        report.note(suite.name() + ": ran in " + Duration.between(started, Instant.now()).toSeconds() + " s");
      } catch (NoBenchmarksException e) {
        report.note(suite.name() + ": not measured, its benchmark class is not in this build");
      } catch (Exception e) {
        failed = true;
        report.note(suite.name() + ": FAILED: " + rootMessage(e));
      }
    }
    report.addFigures(Figures.compute(report.measurements(), extras));
    report.finish(Instant.now(), MachineInfo.loadAverage());
    report.print(System.out);
    if (baseline != null) {
      Comparison.against(baseline, report.figures()).print(System.out);
    }
    report.writeJson(arguments.out());
    Path markdown = Path.of(arguments.out().toString().replaceAll("\\.json$", "") + ".md");
    report.writeMarkdown(markdown);
    System.out.println("wrote " + arguments.out() + " and " + markdown);
    if (failed) {
      System.exit(1);
    }
  }

  /**
   * Removes {@code --compare FILE} from {@code args} and returns FILE, or null: a report option,
   * read after the run, that changes nothing about what is measured.
   */
  static @Nullable Path compareOption(List<String> args) {
    int at = args.indexOf("--compare");
    if (at < 0) {
      return null;
    }
    if (at + 1 >= args.size()) {
      throw new IllegalArgumentException("--compare needs a value: an earlier results file (benchmarks/results/*.json)");
    }
    Path file = Path.of(args.get(at + 1));
    args.subList(at, at + 2).clear();
    if (!java.nio.file.Files.isReadable(file)) {
      throw new IllegalArgumentException("--compare " + file + ": no such readable results file");
    }
    return file;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e) : e.getClass().getSimpleName() + ": " + root;
  }

  /** The command line, checked. */
  record Arguments(Profile profile, Pattern only, Path out, String command, @Nullable Path jfrDir) {
    static Arguments parse(String[] args) {
      Profile profile = Profile.SHORT;
      Pattern only = Pattern.compile(".*");
      Path out = Path.of("benchmarks/results/latest.json");
      String command = "java -jar benchmarks/target/benchmarks.jar " + String.join(" ", args);
      @Nullable Path jfrDir = null;
      List<String> rest = new ArrayList<>(List.of(args));
      while (!rest.isEmpty()) {
        String arg = rest.remove(0);
        switch (arg) {
          case "--full" -> profile = Profile.FULL;
          case "--short" -> profile = Profile.SHORT;
          case "--only" -> only = Pattern.compile(value(arg, rest));
          case "--out" -> out = Path.of(value(arg, rest));
          case "--command" -> command = value(arg, rest);
          case "--jfr" -> jfrDir = Path.of(value(arg, rest));
          default -> throw new IllegalArgumentException("unknown argument '" + arg
              + "'; expected --full, --short, --only REGEX, --out FILE, --command TEXT, --jfr DIR");
        }
      }
      return new Arguments(profile, only, out, command, jfrDir);
    }

    private static String value(String flag, List<String> rest) {
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return rest.remove(0);
    }
  }
}
