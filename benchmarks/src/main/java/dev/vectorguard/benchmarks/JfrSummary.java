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
 * the stack (inclusive), from its {@code jdk.ExecutionSample} events, for the profiling notes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vectorguard.benchmarks.JfrSummary profile.jfr [THREAD-SUBSTRING] [N]
 * </pre>
 */
public final class JfrSummary {
  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrSummary FILE.jfr [THREAD-SUBSTRING] [N]");
      System.exit(2);
    }
    String thread = args.length > 1 ? args[1] : "";
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Map<String, Integer> top = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      String name = event.getThread("sampledThread") == null ? "" : event.getThread("sampledThread").getJavaName();
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || name == null || !name.contains(thread)) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      if (!frames.isEmpty()) {
        top.merge(describe(frames.get(0)), 1, Integer::sum);
      }
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = describe(frame);
        if (seen.add(method)) {
          inclusive.merge(method, 1, Integer::sum);
        }
      }
    }
    System.out.println(samples + " execution samples" + (thread.isEmpty() ? "" : " on threads matching '" + thread + "'"));
    print("top frames (self time)", top, samples, n);
    print("on the stack (inclusive)", inclusive, samples, n);
  }

  private static String describe(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + '.' + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int n) {
    System.out.println("-- " + title);
    Map<String, Integer> sorted = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    sorted.forEach((method, count) -> System.out.printf(java.util.Locale.ROOT, "%5.1f%%  %s%n",
        100.0 * count / Math.max(1, samples), method));
  }
}
