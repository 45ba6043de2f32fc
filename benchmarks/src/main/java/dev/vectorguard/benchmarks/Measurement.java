package dev.vectorguard.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One JMH result, reduced to what the report needs.
 *
 * @param benchmark {@code SimpleClass.method}
 * @param params the {@code @Param} values, sorted by name
 * @param score the primary score: ns/op for average time, the median ns/op for sampled time
 * @param error the half-width of the 99.9% confidence interval, or NaN (too few samples, or a median)
 * @param unit JMH's unit ({@code ns/op})
 * @param samples measurement iterations behind the score
 * @param secondary secondary results by label (JMH aux counters such as {@code mb}), in their units
 */
record Measurement(String benchmark, Map<String, String> params, double score, double error, String unit,
    long samples, Map<String, Double> secondary) {

  static Measurement of(RunResult run) {
    BenchmarkParams params = run.getParams();
    String fqcn = params.getBenchmark();
    int method = fqcn.lastIndexOf('.');
    int type = fqcn.lastIndexOf('.', method - 1);
    Map<String, String> values = new TreeMap<>();
    for (String key : params.getParamsKeys()) {
      values.put(key, params.getParam(key));
    }
    Result<?> primary = run.getPrimaryResult();
    Map<String, Double> secondary = new TreeMap<>();
    run.getSecondaryResults().forEach((label, result) -> secondary.put(label, result.getScore()));
    if (params.getMode() == Mode.SampleTime) {
      // one timing per operation: the median resists bursts from other processes on a shared machine
      Statistics stats = primary.getStatistics();
      secondary.put("mean", stats.getMean());
      secondary.put("p90", stats.getPercentile(90));
      return new Measurement(fqcn.substring(type + 1), Map.copyOf(values), stats.getPercentile(50), Double.NaN,
          primary.getScoreUnit() + " p50", stats.getN(), Map.copyOf(secondary));
    }
    return new Measurement(fqcn.substring(type + 1), Map.copyOf(values), primary.getScore(),
        primary.getScoreError(), primary.getScoreUnit(), primary.getSampleCount(), Map.copyOf(secondary));
  }

  /** {@code Class.method} or {@code Class.method[name=value,...]}: how figures look results up. */
  String key() {
    if (params.isEmpty()) {
      return benchmark;
    }
    StringBuilder key = new StringBuilder(benchmark).append('[');
    new TreeMap<>(params).forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '[' ? "" : ",")
        .append(k).append('=').append(v));
    return key.append(']').toString();
  }
}
