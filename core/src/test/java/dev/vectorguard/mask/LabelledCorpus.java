package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A labelled PII corpus ({@code label TAB types TAB text} per line) and the precision and recall
 * of the detectors on it, per entity type. A line counts as a true positive for a type when it is
 * labelled with that type and the type is found in it.
 */
final class LabelledCorpus {
  static final List<String> TYPES = List.of("EMAIL", "PHONE", "CARD", "IBAN", "SSN", "IP", "SECRET");

  record Line(int number, boolean pii, Set<String> expected, String text) {}

  /** Counts for one type; precision and recall are 1 when nothing was found or expected. */
  record Score(int truePositives, int falsePositives, int falseNegatives) {
    double precision() {
      return ratio(truePositives, truePositives + falsePositives);
    }

    double recall() {
      return ratio(truePositives, truePositives + falseNegatives);
    }

    private static double ratio(int num, int den) {
      return den == 0 ? 1.0 : (double) num / den;
    }
  }

  /** Scores per type, and the lines each type got wrong. */
  record Result(String name, Map<String, Score> scores, List<String> misses) {
    /** A printable table, for the test's output and for the PII docs. */
    String report() {
      StringBuilder out = new StringBuilder("PII corpus " + name + ":\n");
      scores.forEach((type, s) -> out.append(String.format(Locale.ROOT,
          "  %-7s precision %.3f  recall %.3f  (tp %d, fp %d, fn %d)%n",
          type, s.precision(), s.recall(), s.truePositives(), s.falsePositives(), s.falseNegatives())));
      if (!misses.isEmpty()) {
        out.append("  misses: ").append(misses).append('\n');
      }
      return out.toString();
    }
  }

  private final String resource;
  private final List<Line> lines;

  private LabelledCorpus(String resource, List<Line> lines) {
    this.resource = resource;
    this.lines = List.copyOf(lines);
  }

  static LabelledCorpus load(String resource) {
    List<Line> lines = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(LabelledCorpus.class.getResourceAsStream(resource), resource);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String row;
      int number = 0;
      while ((row = reader.readLine()) != null) {
        number++;
        String[] cols = row.split("\t", 3);
        Set<String> expected = cols[1].equals("-") ? Set.of() : Set.of(cols[1].split(","));
        lines.add(new Line(number, cols[0].equals("pii"), expected, cols[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LabelledCorpus(resource, lines);
  }

  List<Line> lines() {
    return lines;
  }

  /**
   * Checks the corpus itself: at least 300 lines, labels consistent with the types, only known
   * types, and at least {@code minPerType} lines for each.
   */
  void assertWellFormed(int minPerType) {
    assertThat(lines).as(resource).hasSizeGreaterThanOrEqualTo(300);
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.pii()).as("line " + line.number()).isEqualTo(!line.expected().isEmpty());
      assertThat(TYPES).containsAll(line.expected());
    });
    for (String type : TYPES) {
      assertThat(lines.stream().filter(l -> l.expected().contains(type)).count()).as(type)
          .isGreaterThanOrEqualTo(minPerType);
    }
  }

  /** Each built-in detector run alone on every line. */
  Result scoreEachDetectorAlone() {
    TreeMap<String, Score> scores = new TreeMap<>();
    List<String> misses = new ArrayList<>();
    for (PiiDetector detector : PiiDetectors.defaults()) {
      scores.put(detector.type(), score(detector.type(),
          text -> detector.find(text).isEmpty() ? Set.of() : Set.of(detector.type()), misses));
    }
    return new Result(resource + " (each detector alone, " + lines.size() + " lines)", scores, misses);
  }

  /** What {@code detect-pii} reports: all detectors, overlaps resolved by {@link PiiDetectors#scan}. */
  Result scoreCombinedScan() {
    TreeMap<String, Score> scores = new TreeMap<>();
    List<String> misses = new ArrayList<>();
    Function<String, Set<String>> scan = text -> PiiDetectors.scan(text, PiiDetectors.defaults()).stream()
        .map(PiiMatch::type).collect(Collectors.toSet());
    for (String type : TYPES) {
      scores.put(type, score(type, scan, misses));
    }
    return new Result(resource + " (combined scan, " + lines.size() + " lines)", scores, misses);
  }

  private Score score(String type, Function<String, Set<String>> found, List<String> misses) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (Line line : lines) {
      boolean f = found.apply(line.text()).contains(type);
      boolean e = line.expected().contains(type);
      tp += f && e ? 1 : 0;
      fp += f && !e ? 1 : 0;
      fn += !f && e ? 1 : 0;
      if (f != e) {
        misses.add(type + (f ? " false positive" : " missed") + " on line " + line.number());
      }
    }
    return new Score(tp, fp, fn);
  }
}
