package dev.vectorguard.benchmarks;

import dev.vectorguard.mask.JsonLayout;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.mask.MaskSettings;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Realistic search results for the overhead and scale benchmarks: points whose payload (about
 * 1 KB as JSON) holds the three fields the benchmark policy masks ({@code email} redacted,
 * {@code customer.ssn} hashed, {@code card} partially kept) among ordinary fields, and a tenant id.
 */
final class SearchResponses {
  static final String TENANT = "acme";
  static final List<MaskRule> MASK_RULES = List.of(MaskRule.of("email", MaskAction.REDACT),
      MaskRule.of("customer.ssn", MaskAction.HASH), new MaskRule("card", MaskAction.PARTIAL, 4));
  static final JsonLayout QDRANT_SEARCH = JsonLayout.of(List.of("result[*].payload"), List.of("result[*].vector"));
  static final byte[] HASH_KEY = "benchmark-hmac-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final String TEXT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
      .repeat(6);

  private SearchResponses() {}

  static MaskEngine maskEngine() {
    return MaskEngine.create(MaskSettings.builder().hashKey(HASH_KEY).build());
  }

  /** The plan of the benchmark policy: the three mask rules, vectors stripped. */
  static MaskPlan maskPlan() {
    return maskEngine().plan(MASK_RULES, true);
  }

  /** The payload of point {@code i}, as JSON-like values. */
  static Map<String, Object> payload(int i, Random random) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("email", "user" + i + "@example.com");
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("name", "Customer " + i);
    customer.put("ssn", String.format(Locale.ROOT, "%03d-%02d-%04d", 100 + random.nextInt(500), 1 + random.nextInt(98),
        1 + random.nextInt(9998)));
    customer.put("tier", "gold");
    payload.put("customer", customer);
    payload.put("card", "4111111111111111");
    payload.put("tenant_id", TENANT);
    payload.put("title", "Quarterly report section " + i);
    payload.put("text", TEXT);
    payload.put("tags", List.of("finance", "q" + (1 + i % 4), "renewal"));
    payload.put("views", (long) random.nextInt(10_000));
    return payload;
  }

  /** A Qdrant REST search response with {@code points} results of about 1 KB each, no vectors. */
  static byte[] qdrantSearchJson(int points, long seed) {
    Random random = new Random(seed);
    StringBuilder json = new StringBuilder(points * 1100 + 64).append("{\"result\":[");
    for (int i = 0; i < points; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":").append(100_000 + i).append(",\"version\":3,\"score\":")
          .append(String.format(Locale.ROOT, "%.6f", 1 - i / (double) (points + 1)))
          .append(",\"payload\":");
      appendJson(json, payload(i, random));
      json.append('}');
    }
    return json.append("],\"status\":\"ok\",\"time\":0.0012}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A Chroma-shaped payload of {@code i}: flat metadata (Chroma metadata values are scalars). */
  static Map<String, Object> chromaMetadata(int i, Random random) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("email", "user" + i + "@example.com");
    metadata.put("ssn", String.format(Locale.ROOT, "%03d-%02d-%04d", 100 + random.nextInt(500), 1 + random.nextInt(98),
        1 + random.nextInt(9998)));
    metadata.put("card", "4111111111111111");
    metadata.put("tenant_id", TENANT);
    metadata.put("title", "Quarterly report section " + i);
    metadata.put("views", random.nextInt(10_000));
    return metadata;
  }

  @SuppressWarnings("unchecked")
  private static void appendJson(StringBuilder json, Object value) {
    if (value instanceof Map<?, ?> map) {
      json.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        json.append(first ? "" : ",").append('"').append(e.getKey()).append("\":");
        appendJson(json, e.getValue());
        first = false;
      }
      json.append('}');
    } else if (value instanceof List<?> list) {
      json.append('[');
      for (int i = 0; i < list.size(); i++) {
        json.append(i == 0 ? "" : ",");
        appendJson(json, list.get(i));
      }
      json.append(']');
    } else if (value instanceof String text) {
      json.append('"').append(text).append('"'); // generated text needs no escaping
    } else {
      json.append(value);
    }
  }
}
