package dev.vectorguard.mask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Shared engine set-up and helpers for the masking tests. */
final class MaskFixtures {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final MaskEngine ENGINE = MaskEngine.create(MaskSettings.builder().hashKey(KEY).build());
  static final JsonLayout ROOT = JsonLayout.ROOT_RECORD;
  static final JsonLayout QDRANT_QUERY = JsonLayout.of(
      List.of("result.points[*].payload"), List.of("result.points[*].vector"));

  private MaskFixtures() {}

  record Result(String json, MaskCounts counts) {
    JsonNode tree() {
      try {
        return MAPPER.readTree(json);
      } catch (Exception e) {
        throw new AssertionError("output is not JSON: " + json, e);
      }
    }
  }

  static MaskPlan plan(MaskRule... rules) {
    return ENGINE.plan(Arrays.asList(rules), false);
  }

  static Result mask(MaskPlan plan, String json, JsonLayout layout) throws MaskingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MaskCounts counts = plan.maskJson(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, layout);
    return new Result(out.toString(StandardCharsets.UTF_8), counts);
  }

  /** Masks {@code json} as one record at the document root. */
  static Result maskRoot(MaskPlan plan, String json) throws MaskingException {
    return mask(plan, json, ROOT);
  }

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
