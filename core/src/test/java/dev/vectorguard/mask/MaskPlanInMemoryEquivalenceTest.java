package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MaskPlan#maskJson(byte[], java.io.OutputStream, JsonLayout)}, which copies values no rule
 * reaches from the input bytes, against the streaming {@code maskJson} as the reference: over
 * generated bodies (compact and spaced, escapes, non-ASCII text, long strings, duplicate keys,
 * deep nesting) and their byte mutations, both give the same bytes and counts or fail with the
 * same message.
 */
class MaskPlanInMemoryEquivalenceTest {
  private static final MaskEngine ENGINE = MaskEngine.create(MaskSettings.builder().hashKey(MaskFixtures.KEY)
      .maxStringLength(40).maxDepth(12).build());
  private static final List<MaskPlan> PLANS = List.of(
      ENGINE.plan(List.of(MaskRule.of("email", MaskAction.REDACT), MaskRule.of("customer.ssn", MaskAction.HASH),
          new MaskRule("card", MaskAction.PARTIAL, 4)), true),
      ENGINE.plan(List.of(MaskRule.of("**.email", MaskAction.DROP), MaskRule.of("k", MaskAction.HASH)), false),
      ENGINE.plan(List.of(MaskRule.of("*", MaskAction.NULL)), true),
      ENGINE.plan(List.of(), true));
  private static final List<JsonLayout> LAYOUTS = List.of(MaskFixtures.QDRANT_QUERY, MaskFixtures.ROOT,
      JsonLayout.of(List.of("result[*].payload"), List.of("result[*].vector")));
  private static final String[] KEYS = {"email", "customer", "ssn", "card", "k", "text", "tags", "a", "b",
      "payload", "vector", "result", "points", "id"};
  private static final String[] TEXTS = {"x", "plain ascii text", "with \\\"quote\\\"", "tab\\there", "\\u0041",
      "caf\u00e9", "\ud83d\ude00 smile", "\\ud83d\\ude00", "\\ud800 lone", "a string longer than forty characters, over the limit",
      "", "/slash/", "\u007f", "exactly-forty-characters-long-string-xx"};
  private static final byte[] ALPHABET = "{}[]\":,\\ 0123456789eE.-+tfnul\u00e9ax".getBytes(StandardCharsets.UTF_8);

  @Test
  void inMemoryMaskingMatchesStreamingOnGeneratedBodies() {
    Random random = new Random(16);
    int compared = 0;
    int failed = 0;
    int raw = 0;
    for (int round = 0; round < 4000; round++) {
      StringBuilder json = new StringBuilder();
      boolean spaced = random.nextInt(4) == 0;
      document(json, random, spaced);
      byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(3) == 0) {
        body = mutate(body, random);
      }
      for (MaskPlan plan : PLANS) {
        JsonLayout layout = LAYOUTS.get(random.nextInt(LAYOUTS.size()));
        Outcome streamed = streamed(plan, body, layout);
        Outcome inMemory = inMemory(plan, body, layout);
        assertThat(inMemory).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(streamed);
        compared++;
        failed += streamed.error() != null ? 1 : 0;
        raw += streamed.error() == null && streamed.output().contains("plain ascii text") ? 1 : 0;
      }
    }
    assertThat(compared - failed).as("bodies masked").isGreaterThan(4000);
    assertThat(failed).as("bodies refused").isGreaterThan(1000);
    // Fewer since containers of the wrong shape on a layout path are refused (LayoutShapeTest).
    assertThat(raw).as("bodies with values copied raw").isGreaterThan(800);
  }

  @Test
  void aUtf8BomOrUtf16BodyIsMaskedLikeTheStream() {
    String json = "{\"result\":{\"points\":[{\"payload\":{\"email\":\"e\",\"text\":\"keep me\"},\"vector\":[1]}]}}";
    byte[] bom = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[bom.length + utf8.length];
    System.arraycopy(bom, 0, withBom, 0, bom.length);
    System.arraycopy(utf8, 0, withBom, bom.length, utf8.length);
    for (byte[] body : List.of(withBom, json.getBytes(StandardCharsets.UTF_16BE), json.getBytes(StandardCharsets.UTF_16LE))) {
      Outcome streamed = streamed(PLANS.get(0), body, MaskFixtures.QDRANT_QUERY);
      assertThat(streamed.error()).isNull();
      assertThat(inMemory(PLANS.get(0), body, MaskFixtures.QDRANT_QUERY)).isEqualTo(streamed);
    }
  }

  /** What one masking run gave: the output and counts, or the error's class and message. */
  record Outcome(String output, MaskCounts counts, String error) {}

  private static Outcome streamed(MaskPlan plan, byte[] body, JsonLayout layout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MaskCounts counts = plan.maskJson(new ByteArrayInputStream(body), out, layout);
      return new Outcome(out.toString(StandardCharsets.UTF_8), counts, null);
    } catch (MaskingException | RuntimeException e) {
      return new Outcome(null, null, e.getClass().getName() + ": " + e.getMessage());
    }
  }

  private static Outcome inMemory(MaskPlan plan, byte[] body, JsonLayout layout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MaskCounts counts = plan.maskJson(body, out, layout);
      return new Outcome(out.toString(StandardCharsets.UTF_8), counts, null);
    } catch (MaskingException | RuntimeException e) {
      return new Outcome(null, null, e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** A Qdrant-like response most of the time, else any value. */
  private static void document(StringBuilder json, Random random, boolean spaced) {
    if (random.nextInt(5) == 0) {
      value(json, random, spaced, 0);
      return;
    }
    String sp = spaced ? " " : "";
    json.append("{\"result\":{\"points\":[");
    int points = random.nextInt(4);
    for (int i = 0; i < points; i++) {
      json.append(i == 0 ? "" : "," + sp).append("{\"id\":").append(i).append(",\"payload\":");
      value(json, random, spaced, 2);
      json.append(",\"vector\":[0.5,").append(sp).append("1e-3]}");
    }
    json.append("]},").append(sp).append("\"status\":\"ok\",\"time\":0.0012}");
  }

  private static void value(StringBuilder json, Random random, boolean spaced, int depth) {
    String sp = spaced && random.nextBoolean() ? " " : "";
    int kind = depth > 8 ? random.nextInt(4) : random.nextInt(7);
    switch (kind) {
      case 0 -> json.append('"').append(TEXTS[random.nextInt(TEXTS.length)]).append('"');
      case 1 -> json.append(List.of("1", "-0", "12.50", "1e5", "-3.25E-7", "123456789012345678901234567890")
          .get(random.nextInt(6)));
      case 2 -> json.append(List.of("true", "false", "null").get(random.nextInt(3)));
      case 3 -> json.append('"').append("plain ascii text").append('"');
      case 4, 5 -> {
        json.append('{').append(sp);
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          json.append(i == 0 ? "" : "," + sp).append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\":")
              .append(sp);
          value(json, random, spaced, depth + 1);
        }
        json.append(sp).append('}');
      }
      default -> {
        json.append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          json.append(i == 0 ? "" : ",").append(sp);
          value(json, random, spaced, depth + 1);
        }
        json.append(']');
      }
    }
  }

  private static byte[] mutate(byte[] body, Random random) {
    byte[] out = Arrays.copyOf(body, body.length);
    int at = random.nextInt(out.length);
    switch (random.nextInt(3)) {
      case 0 -> out[at] = ALPHABET[random.nextInt(ALPHABET.length)];
      case 1 -> out = Arrays.copyOf(out, at); // truncated
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
