package dev.vectorguard.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.mask.MaskingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Chroma record responses masked by {@link ChromaBodies#mask} (two streaming passes) against
 * {@link ChromaTreeReference} (the tree-based masking it replaced), over generated get and query
 * responses and their byte mutations, under plans that mask metadata and documents, strip vectors
 * or not, and restrict output fields or not: the same bytes and counts, or the same error class and
 * message, every time.
 */
class ChromaStreamEquivalenceTest {
  private static final MaskEngine ENGINE = MaskEngine.create(MaskSettings.builder()
      .hashKey("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).build());
  private static final String[] KEYS = {"email", "ssn", "card", "tenant_id", "title", "n", "sv", "flag", "tags"};
  private static final String[] TEXTS = {"x", "plain text", "user7@example.com wrote", "ssn 123-45-6789",
      "4111111111111111", "caf\u00e9 \u2028", "\ud83d\ude00 smile", "\\ud83d\\ude00 escaped", "\\ud800 lone",
      "tab\\there \\\"quoted\\\"", "", "\\u0001 control"};
  private static final String[] NUMBERS = {"1", "-0", "0", "12.50", "1e5", "1E+2", "-3.25E-7", "0.000", "-0.0",
      "0.1", "1.0e-10", "123456789012345678901234567890", "9007199254740993", "2147483648", "-2147483649",
      "1.5e300", "2.50e-3", "100.0", "1e-5"};
  private static final byte[] ALPHABET = "{}[]\":,\\ 0123456789eE.-+tfnul\u00e9ax".getBytes(StandardCharsets.UTF_8);

  @Test
  void streamingMatchesTheTreeOnGeneratedResponses() {
    Random random = new Random(1602);
    List<MaskPlan> plans = plans();
    List<@Nullable Set<String>> allowed = Arrays.asList(null, Set.of("email", "title"), Set.of("title", "document"),
        Set.of());
    int masked = 0;
    int refused = 0;
    for (int round = 0; round < 3000; round++) {
      boolean flat = random.nextBoolean();
      byte[] body = response(random, flat).getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(4) == 0) {
        body = mutate(body, random);
      }
      MaskPlan plan = plans.get(random.nextInt(plans.size()));
      Set<String> keep = allowed.get(random.nextInt(allowed.size()));
      byte[] input = body;
      Outcome tree = run(out -> ChromaTreeReference.mask(flat, plan, keep, new ByteArrayInputStream(input), out));
      Outcome inMemory = run(out -> ChromaBodies.mask(flat, plan, keep, (target, layout) ->
          plan.maskJson(input, target, layout), out));
      Outcome streamed = run(out -> ChromaBodies.mask(flat, plan, keep, (target, layout) ->
          plan.maskJson(new ByteArrayInputStream(input), target, layout), out));
      String what = new String(body, StandardCharsets.UTF_8) + " / " + plan + " / " + keep;
      assertThat(inMemory).as(what).isEqualTo(tree);
      assertThat(streamed).as(what).isEqualTo(tree);
      if (tree.error() == null) {
        masked++;
      } else {
        refused++;
      }
    }
    assertThat(masked).isGreaterThan(1500);
    assertThat(refused).isGreaterThan(300);
  }

  @Test
  void documentErrorsAndUnreadableNumbersFailAsTheTreeDid() {
    MaskPlan plan = ENGINE.plan(List.of(MaskRule.of("document", MaskAction.REDACT)), true);
    for (String body : List.of(
        "{\"documents\":[[1]],\"metadatas\":[[\"x\"]]}",
        "{\"documents\":[\"a\"],\"distances\":[[1e999999999999]]}",
        "{\"documents\":[[\"a\"],\"b\"],\"metadatas\":[[{\"n\":1e-2147483649}]]}",
        "{\"documents\":[{\"a\":1}],\"metadatas\":[[{}]]}")) {
      for (boolean flat : List.of(true, false)) {
        byte[] input = body.getBytes(StandardCharsets.UTF_8);
        Outcome tree = run(out -> ChromaTreeReference.mask(flat, plan, null, new ByteArrayInputStream(input), out));
        Outcome stream = run(out -> ChromaBodies.mask(flat, plan, null, (t, l) -> plan.maskJson(input, t, l), out));
        assertThat(tree.error()).as(body).isNotNull();
        assertThat(stream).as(body).isEqualTo(tree);
      }
    }
  }

  private static List<MaskPlan> plans() {
    List<List<MaskRule>> rules = List.of(
        List.of(MaskRule.of("email", MaskAction.REDACT), MaskRule.of("ssn", MaskAction.HASH),
            new MaskRule("card", MaskAction.PARTIAL, 4)),
        List.of(MaskRule.of("document", MaskAction.REDACT), MaskRule.of("email", MaskAction.DROP)),
        List.of(MaskRule.of("document", MaskAction.HASH), MaskRule.of("sv.values", MaskAction.NULL)),
        List.of(new MaskRule("document", MaskAction.PARTIAL, 3), MaskRule.of("n", MaskAction.HASH)),
        List.of(MaskRule.of("document", MaskAction.DETECT_PII), MaskRule.of("**.title", MaskAction.DETECT_PII)),
        List.of(MaskRule.of("document", MaskAction.DROP), MaskRule.of("sv", MaskAction.REDACT)),
        List.of(MaskRule.of("document", MaskAction.NULL), MaskRule.of("*", MaskAction.DETECT_PII)),
        List.of());
    List<MaskPlan> plans = new ArrayList<>();
    for (List<MaskRule> r : rules) {
      plans.add(ENGINE.plan(r, true));
      plans.add(ENGINE.plan(r, false));
    }
    return plans;
  }

  /** What one masking gave: the output and counts, or the error's class and message. */
  record Outcome(@Nullable String output, @Nullable MaskCounts counts, @Nullable String error) {}

  interface Masking {
    MaskCounts mask(ByteArrayOutputStream out) throws MaskingException;
  }

  private static Outcome run(Masking masking) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MaskCounts counts = masking.mask(out);
      return new Outcome(out.toString(StandardCharsets.UTF_8), counts, null);
    } catch (MaskingException | RuntimeException e) {
      return new Outcome(null, null, e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** A get ({@code flat}) or query response, sometimes of the other shape or with odd parts. */
  private static String response(Random random, boolean flat) {
    boolean nested = random.nextInt(8) == 0 ? flat : !flat; // now and then the other shape
    String sp = random.nextInt(4) == 0 ? " " : "";
    int rows = nested ? 1 + random.nextInt(2) : 1;
    StringBuilder json = new StringBuilder("{");
    List<String> parts = new ArrayList<>();
    parts.add("\"ids\":" + rows(random, nested, rows, r -> "\"id" + random.nextInt(100) + "\""));
    parts.add("\"documents\":" + (random.nextInt(10) == 0 ? "null" : rows(random, nested, rows, r -> document(random))));
    parts.add("\"metadatas\":" + switch (random.nextInt(12)) {
      case 0 -> "null";
      case 1 -> metadata(random, sp);
      default -> rows(random, nested, rows, r -> random.nextInt(6) == 0 ? "null" : metadata(random, sp));
    });
    if (random.nextBoolean()) {
      parts.add("\"embeddings\":" + rows(random, nested, rows, r -> "[" + number(random) + "," + number(random) + "]"));
    }
    if (!flat || random.nextBoolean()) {
      parts.add("\"distances\":" + rows(random, nested, rows, r -> number(random)));
    }
    parts.add("\"include\":[\"documents\",\"metadatas\"]");
    java.util.Collections.shuffle(parts, random);
    json.append(String.join("," + sp, parts));
    return json.append('}').toString();
  }

  private static String rows(Random random, boolean nested, int rows, java.util.function.IntFunction<String> item) {
    StringBuilder json = new StringBuilder("[");
    for (int r = 0; r < rows; r++) {
      json.append(r == 0 ? "" : ",");
      int n = random.nextInt(4);
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < n; i++) {
        row.append(i == 0 ? "" : ",").append(item.apply(i));
      }
      json.append(nested ? (random.nextInt(15) == 0 ? "null" : "[" + row + "]") : row.toString());
      if (!nested) {
        break;
      }
    }
    return json.append(']').toString();
  }

  private static String document(Random random) {
    return switch (random.nextInt(20)) {
      case 0 -> "null";
      case 1 -> "7";
      case 2 -> "[\"a\"]";
      default -> "\"" + TEXTS[random.nextInt(TEXTS.length)] + "\"";
    };
  }

  private static String metadata(Random random, String sp) {
    StringBuilder json = new StringBuilder("{");
    int n = random.nextInt(6);
    List<String> keys = new ArrayList<>(Arrays.asList(KEYS));
    java.util.Collections.shuffle(keys, random);
    for (int i = 0; i < n; i++) {
      String key = keys.get(i);
      json.append(i == 0 ? "" : "," + sp).append('"').append(key).append("\":").append(sp).append(switch (key) {
        case "sv" -> "{\"#type\":\"sparse_vector\",\"indices\":[1,5],\"values\":[" + number(random) + ",0.25]}";
        case "flag" -> random.nextBoolean() ? "true" : "null";
        case "tags" -> "[\"a\"," + number(random) + "]";
        case "n" -> number(random);
        default -> random.nextInt(5) == 0 ? number(random) : "\"" + TEXTS[random.nextInt(TEXTS.length)] + "\"";
      });
    }
    return json.append('}').toString();
  }

  private static String number(Random random) {
    return NUMBERS[random.nextInt(NUMBERS.length)];
  }

  private static byte[] mutate(byte[] body, Random random) {
    byte[] out = Arrays.copyOf(body, body.length);
    int at = random.nextInt(out.length);
    switch (random.nextInt(3)) {
      case 0 -> out[at] = ALPHABET[random.nextInt(ALPHABET.length)];
      case 1 -> out = Arrays.copyOf(out, at);
      default -> {
        byte[] longer = new byte[out.length + 1];
        System.arraycopy(out, 0, longer, 0, at);
        longer[at] = ALPHABET[random.nextInt(ALPHABET.length)];
        System.arraycopy(out, at, longer, at + 1, out.length - at);
        out = longer;
      }
    }
    return out;
  }
}
