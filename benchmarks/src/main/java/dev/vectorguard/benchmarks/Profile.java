package dev.vectorguard.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * How long to measure. {@link #SHORT} keeps a whole run under ten minutes on two cores (one fork,
 * short iterations: good for ratios, rough for absolute numbers); {@link #FULL} uses more forks and
 * longer iterations for publishable numbers.
 */
enum Profile {
  SHORT(1, 3, 1, 4, 1),
  FULL(3, 5, 2, 10, 2);

  private final int forks;
  private final int warmups;
  private final int warmupSeconds;
  private final int iterations;
  private final int iterationSeconds;

  Profile(int forks, int warmups, int warmupSeconds, int iterations, int iterationSeconds) {
    this.forks = forks;
    this.warmups = warmups;
    this.warmupSeconds = warmupSeconds;
    this.iterations = iterations;
    this.iterationSeconds = iterationSeconds;
  }

  /**
   * Options for one suite: {@code mode} (average time, or sampled time for operations long enough
   * to time one by one, whose median resists other processes' bursts) in nanoseconds, one thread;
   * or, when {@code mode} is null, the benchmarks' own mode, unit and threads. Warm-up
   * iterations are multiplied by {@code warmupFactor}: a guarded call runs through much more code
   * than a decision, and on a busy machine the JIT needs longer to compile it.
   */
  ChainedOptionsBuilder options(String include, @Nullable Mode mode, int warmupFactor, int minForks) {
    ChainedOptionsBuilder options = new OptionsBuilder().include(include);
    if (mode != null) {
      options.mode(mode).timeUnit(TimeUnit.NANOSECONDS).threads(1);
    }
    return options
        .forks(Math.max(forks, minForks))
        .warmupIterations(warmups * warmupFactor)
        .warmupTime(TimeValue.seconds(warmupSeconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(iterationSeconds))
        .shouldFailOnError(true)
        .jvmArgsAppend("-Xms1g", "-Xmx1g");
  }

  String describe() {
    return name().toLowerCase(java.util.Locale.ROOT) + ": " + forks + " fork(s), " + warmups + " x " + warmupSeconds
        + " s warm-up (x3 for call-overhead and scale suites), " + iterations + " x " + iterationSeconds
        + " s measurement, 1 thread";
  }
}
