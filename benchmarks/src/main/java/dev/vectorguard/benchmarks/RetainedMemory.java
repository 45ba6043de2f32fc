package dev.vectorguard.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Estimates the heap an object graph retains: heap used after full collections with and without
 * {@code copies} instances alive, divided by the copies. Building many copies of a small object
 * lifts its footprint above the collector's noise. Single-threaded; call it when nothing else in
 * the JVM allocates.
 */
final class RetainedMemory {
  private RetainedMemory() {}

  /** The median over {@code rounds} of the bytes one object built by {@code build} retains. */
  static long bytesPerCopy(Supplier<?> build, int copies, int rounds) {
    long[] samples = new long[rounds];
    for (int round = 0; round < rounds; round++) {
      List<Object> kept = new ArrayList<>(copies);
      long before = settledHeapUsed();
      for (int i = 0; i < copies; i++) {
        kept.add(build.get());
      }
      long after = settledHeapUsed();
      Reference.reachabilityFence(kept);
      samples[round] = Math.max(0, (after - before) / copies);
    }
    Arrays.sort(samples);
    return samples[rounds / 2];
  }

  private static long settledHeapUsed() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return used;
  }
}
