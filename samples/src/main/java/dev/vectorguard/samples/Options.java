package dev.vectorguard.samples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The samples' small command-line parser: {@code --name value} pairs, names from a fixed list. */
final class Options {
  private Options() {}

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException for an unknown option or one without a value
   */
  static Map<String, String> parse(String[] args, List<String> known) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option '" + name + "'; known options are " + known);
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      options.put(name, args[++i]);
    }
    return options;
  }
}
