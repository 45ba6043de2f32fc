package dev.vectorguard.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time of a JFR recording went: the hottest top frames and the methods most often on
 * the stack (inclusive), from its {@code jdk.ExecutionSample} events, for the profiling notes. With
 * {@code --alloc}, where its allocation went instead: the {@code jdk.ObjectAllocationSample} events
 * weighted by the bytes each stands for, by allocating frame, by method on the stack and by class.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vectorguard.benchmarks.JfrSummary [--alloc] profile.jfr [THREAD-SUBSTRING] [N]
 * </pre>
 */
public final class JfrSummary {
  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    boolean alloc = args.length > 0 && args[0].equals("--alloc");
    String[] rest = alloc ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
    if (rest.length < 1) {
      System.err.println("usage: JfrSummary [--alloc] FILE.jfr [THREAD-SUBSTRING] [N]");
      System.exit(2);
    }
    String thread = rest.length > 1 ? rest[1] : "";
    int n = rest.length > 2 ? Integer.parseInt(rest[2]) : 15;
    String type = alloc ? "jdk.ObjectAllocationSample" : "jdk.ExecutionSample";
    Map<String, Long> top = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> classes = new HashMap<>();
    long total = 0;
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(rest[0]))) {
      if (!event.getEventType().getName().equals(type)) {
        continue;
      }
      String field = alloc ? "eventThread" : "sampledThread";
      String name = event.getThread(field) == null ? "" : event.getThread(field).getJavaName();
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || name == null || !name.contains(thread)) {
        continue;
      }
      // An allocation sample stands for the bytes allocated since the thread's last sample.
      long weight = alloc ? event.getLong("weight") : 1;
      samples++;
      total += weight;
      if (alloc) {
        classes.merge(event.getClass("objectClass").getName(), weight, Long::sum);
      }
      List<RecordedFrame> frames = stack.getFrames();
      if (!frames.isEmpty()) {
        top.merge(describe(frames.get(0)), weight, Long::sum);
      }
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = describe(frame);
        if (seen.add(method)) {
          inclusive.merge(method, weight, Long::sum);
        }
      }
    }
    System.out.println(samples + (alloc ? " allocation samples, " + total + " bytes" : " execution samples")
        + (thread.isEmpty() ? "" : " on threads matching '" + thread + "'"));
    print(alloc ? "allocating frames" : "top frames (self time)", top, total, n);
    print("on the stack (inclusive)", inclusive, total, n);
    if (alloc) {
      print("classes allocated", classes, total, n);
    }
  }

  private static String describe(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + '.' + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Long> counts, long samples, int n) {
    System.out.println("-- " + title);
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    sorted.forEach((method, count) -> System.out.printf(java.util.Locale.ROOT, "%5.1f%%  %s%n",
        100.0 * count / Math.max(1, samples), method));
  }
}
