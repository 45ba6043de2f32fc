package dev.vectorguard.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What machine a run was made on, read from the JVM and {@code /proc}. */
final class MachineInfo {
  private MachineInfo() {}

  static Map<String, Object> read() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("cpus", Runtime.getRuntime().availableProcessors());
    info.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    info.put("memory_total", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    info.put("load_average", loadAverage());
    info.put("os", System.getProperty("os.name") + ' ' + System.getProperty("os.version") + ' '
        + System.getProperty("os.arch"));
    info.put("jdk", System.getProperty("java.vm.name") + ' ' + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.vm.vendor") + ')');
    return info;
  }

  /** The 1-, 5- and 15-minute load averages: how busy the machine was with other work. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + ' ' + parts[1] + ' ' + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return line.substring(colon + 1).trim();
        }
      }
      return "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }
}
