package dev.vectorguard.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vectorguard.Obligations;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Generated Milvus expressions over a masked field (seeded, so every run checks the same few
 * hundred): each spelling of the field ({@code salary}, {@code $meta["salary"]}, JSON keys in
 * either quote, indexed, deeper), each operator and function that reads it, nested under
 * {@code not}, parentheses, {@code and}/{@code or} in every spelling, with random spacing. None
 * may pass the rules; the same expression over an unmasked field must.
 */
class MilvusFilterFuzzTest {
  private static final long SEED = 0x5EC_0A11L;
  private static final int CASES = 400;
  private static final Obligations MASKED = Obligations.builder().mask(MaskRule.of("salary", MaskAction.REDACT))
      .mask(MaskRule.of("metadata.email", MaskAction.HASH)).build();

  /** A spelling of a masked field, and of an unmasked one in the same form. */
  private record Spelling(String masked, String control) {}

  private static final List<Spelling> FIELDS = List.of(
      new Spelling("salary", "year"),
      new Spelling("$meta[\"salary\"]", "$meta[\"year\"]"),
      new Spelling("$meta['salary']", "$meta['year']"),
      new Spelling("metadata[\"email\"]", "metadata[\"lang\"]"),
      new Spelling("metadata['email']", "metadata['lang']"),
      new Spelling("metadata[\"email\"][0]", "metadata[\"lang\"][0]"),
      new Spelling("metadata['email'][\"domain\"]", "metadata['lang'][\"code\"]"),
      new Spelling("metadata", "year"));

  /** How an expression reads field {@code f}: each shape is an oracle for its values. */
  private static final List<Function<String, String>> SHAPES = List.of(
      f -> f + " > 100000", f -> f + ">=1", f -> f + " <\t5", f -> "1 < " + f + " <= 9", f -> "9 >= " + f + " > 1",
      f -> f + " == 100000", f -> f + " != 'x'", f -> f + " in [1, 2, 3]", f -> f + " not in {values}",
      f -> f + " like \"ceo%\"", f -> f + " LIKE 'a_%'", f -> f + " =~ \"^c\"", f -> f + " !~ 'x'",
      f -> f + " is null", f -> f + " IS NOT NULL", f -> "exists " + f, f -> f + " + 1 > 2", f -> f + " ** 2 < 4",
      f -> f + " % 2 == 0", f -> "-" + f + " < 0", f -> f + " == title", f -> "title != " + f,
      f -> "json_contains(" + f + ", \"ceo\")", f -> "ARRAY_CONTAINS_ANY(" + f + ", [1, 2])",
      f -> "array_length(" + f + ") > 1", f -> "TEXT_MATCH(" + f + ", \"ceo\")",
      f -> "phrase_match(" + f + ", \"chief executive\", 2)", f -> "not " + f + " == 1",
      f -> f + " in [title]", f -> "(" + f + ") < 10", f -> f + " & 1 == 1");

  /** Clauses that read no masked field, to combine with. */
  private static final List<String> BENIGN = List.of("id > 3", "title == \"salary > 1\"", "tenant in {t}",
      "year < 2020", "metadata[\"lang\"] == 'en'", "title like 'metadata%'", "true", "random_sample(0.5)");

  private static final List<String> AND = List.of(" and ", " AND ", " && ", "&&");
  private static final List<String> OR = List.of(" or ", " OR ", " || ", "||");

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** {@code expression} nested 0 to 3 times under a negation, parentheses or a boolean with a benign clause. */
  private static String nest(Random random, String expression) {
    String out = expression;
    for (int depth = random.nextInt(4); depth > 0; depth--) {
      String benign = pick(random, BENIGN);
      out = switch (random.nextInt(6)) {
        case 0 -> "not (" + out + ")";
        case 1 -> "NOT(" + out + ")";
        case 2 -> "(" + out + ")";
        case 3 -> benign + pick(random, AND) + "(" + out + ")";
        case 4 -> "(" + out + ")" + pick(random, OR) + benign;
        default -> "!(" + benign + pick(random, OR) + out + ")";
      };
    }
    return random.nextBoolean() ? "  " + out + "\n" : out;
  }

  private static List<String[]> cases() {
    Random random = new Random(SEED);
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      Function<String, String> shape = pick(random, SHAPES);
      long state = random.nextLong();
      if (random.nextInt(8) == 0) {
        // An iterated array: $[email] is metadata's element field, masked as metadata.email.
        String op = pick(random, List.of(" > 1", " like \"a%\"", " == 'x'", " in [1]"));
        out.add(new String[] {nest(new Random(state), "element_filter(metadata, $[email]" + op + ")"),
            nest(new Random(state), "element_filter(metadata, $[lang]" + op + ")")});
        continue;
      }
      Spelling field = pick(random, FIELDS);
      out.add(new String[] {nest(new Random(state), shape.apply(field.masked())),
          nest(new Random(state), shape.apply(field.control()))});
    }
    return out;
  }

  private static UnenforceableRequestException refusal(String expression) {
    return (UnenforceableRequestException) catchThrowable(
        () -> MilvusRules.check(MilvusApi.QUERY, MilvusRulesTest.View.filtering(expression), MASKED));
  }

  @Test
  void noGeneratedReadOfAMaskedFieldPassesAndTheSameOverAnUnmaskedFieldDoes() {
    List<String[]> cases = cases();
    assertThat(cases).hasSize(CASES);
    for (String[] pair : cases) {
      UnenforceableRequestException refused = refusal(pair[0]);
      assertThat(refused).as("refused: %s", pair[0]).isNotNull();
      assertThat(refused.getMessage()).as(pair[0]).matches("filtering on '.+' would reveal values of the masked"
          + " field '(salary|metadata\\.email)'");
      assertThat(refusal(pair[1])).as("control passes: %s", pair[1]).isNull();
    }
  }

  @Test
  void theCasesAreTheSameOnEveryRun() {
    List<String> first = cases().stream().map(pair -> pair[0]).toList();
    assertThat(cases().stream().map(pair -> pair[0]).toList()).isEqualTo(first);
    assertThat(new java.util.HashSet<>(first)).hasSizeGreaterThan(CASES * 3 / 4);
  }
}
