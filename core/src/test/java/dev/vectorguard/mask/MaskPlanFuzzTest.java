package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random byte mutations of a response body: masking either fails with a {@link MaskingException}
 * that quotes nothing, or produces one valid JSON document in which every record's {@code email}
 * is redacted and no point keeps a vector. No other outcome is allowed.
 */
class MaskPlanFuzzTest {
  private static final String SECRET = "zz-secret-zz";
  private static final String BODY = "{\"result\":{\"points\":[{\"id\":1,\"payload\":{\"email\":\"" + SECRET
      + "\",\"n\":[1,2,{\"email\":\"" + SECRET + "\"}],\"t\":\"x\\u0041\"},\"vector\":[0.5,1e-3]},"
      + "{\"id\":2,\"payload\":{\"email\":null,\"k\":{\"email\":\"" + SECRET + "\"}},\"vector\":{\"a\":[1]}}]},\"status\":\"ok\"}";
  private static final byte[] ALPHABET = "{}[]\":,\\ 0123456789eE.-+tfnul\u00e9ax".getBytes(StandardCharsets.UTF_8);

  @Test
  void mutatedBodiesAreMaskedCompletelyOrRefusedCleanly() throws Exception {
    MaskPlan plan = MaskFixtures.ENGINE.plan(List.of(MaskRule.of("**.email", MaskAction.REDACT)), true);
    Random random = new Random(7);
    byte[] original = BODY.getBytes(StandardCharsets.UTF_8);
    int masked = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] body = mutate(original, random, 1 + random.nextInt(3));
      String text = new String(body, StandardCharsets.UTF_8);
      MaskFixtures.Result result;
      try {
        result = MaskFixtures.mask(plan, text, MaskFixtures.QDRANT_QUERY);
      } catch (MaskingException e) {
        assertThat(e.getMessage()).as(text).doesNotContain(SECRET).doesNotContain("zz");
        continue;
      } catch (RuntimeException e) {
        fail("unexpected " + e + " for " + text, e);
        return;
      }
      masked++;
      JsonNode out = result.tree();
      for (JsonNode point : out.path("result").path("points")) {
        assertThat(point.has("vector")).as(text).isFalse();
        assertEmailsRedacted(point.path("payload"), text);
      }
    }
    assertThat(masked).isGreaterThan(100);
  }

  private static void assertEmailsRedacted(JsonNode node, String input) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("email")) {
          assertThat(e.getValue().isNull() || e.getValue().asText().equals("[REDACTED]")).as(input).isTrue();
        } else {
          assertEmailsRedacted(e.getValue(), input);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> assertEmailsRedacted(child, input));
    }
  }

  private static byte[] mutate(byte[] body, Random random, int edits) {
    byte[] out = body.clone();
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(3)) {
        case 0 -> out[at] = ALPHABET[random.nextInt(ALPHABET.length)];
        case 1 -> {
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
          out = shorter;
        }
        default -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = ALPHABET[random.nextInt(ALPHABET.length)];
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
      }
    }
    return out;
  }
}
