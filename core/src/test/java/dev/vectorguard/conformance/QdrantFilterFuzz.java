package dev.vectorguard.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates Qdrant filters, each spelled for REST and for gRPC (protobuf JSON of a
 * {@code qdrant.Filter}), that read a masked field somewhere inside them — under any spelling
 * Qdrant's JSON-path parser reads as that field, in any condition, at any depth of
 * {@code must}/{@code should}/{@code must_not}/{@code min_should} and {@code nested} — and control
 * filters that read only unmasked fields. The masks are {@link #MASKS}. Deterministic for a seed,
 * bounded in size.
 */
public final class QdrantFilterFuzz {
  /** The policy mask entries the generated filters are judged against. */
  public static final String MASKS = "mask: [ { field: salary, with: redact }, { field: meta.ssn, with: redact } ]";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Spellings Qdrant reads as a masked field (or a part of one, which reads it too). */
  private static final List<String> MASKED = List.of("salary", "\"salary\"", "salary[]", "salary[3]", "\"salary\"[]",
      "meta.ssn", "\"meta\".ssn", "meta.\"ssn\"", "\"meta\".\"ssn\"", "meta[].ssn", "meta[0].\"ssn\"", "meta");
  /** Spellings of fields no mask covers. */
  private static final List<String> PLAIN = List.of("lang", "\"lang\"", "title", "meta.lang", "\"meta\".lang",
      "tags[]", "\"salary.band\"", "salaryx", "ssn");

  /** One generated filter in both spellings. */
  public record Case(String description, String rest, String grpc, boolean readsMaskedField) {
    @Override
    public String toString() {
      return description;
    }
  }

  private final Random random;
  private final StringBuilder description = new StringBuilder();
  private boolean masked;

  private QdrantFilterFuzz(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} cases that read a masked field, then {@code controls} that do not. */
  public static List<Case> cases(long seed, int count, int controls) {
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < count + controls; i++) {
      out.add(new QdrantFilterFuzz(seed * 1_000_003L + i).generate(i < count, i));
    }
    return out;
  }

  private Case generate(boolean readMasked, int index) {
    ObjectNode rest = JSON.createObjectNode();
    ObjectNode grpc = JSON.createObjectNode();
    int target = readMasked ? random.nextInt(4) : -1; // which top-level condition reads the masked field
    int conditions = 1 + random.nextInt(4);
    for (int i = 0; i < conditions; i++) {
      boolean here = i == Math.min(target, conditions - 1);
      clause(rest, grpc, here, 0);
    }
    if (readMasked && !masked) {
      clause(rest, grpc, true, 0);
    }
    return new Case("#" + index + " " + description.toString().strip(), rest.toString(), grpc.toString(), masked);
  }

  /** Adds one condition to a random clause of the filter pair, reading the masked field when {@code mask}. */
  private void clause(ObjectNode rest, ObjectNode grpc, boolean mask, int depth) {
    String clause = pick(List.of("must", "should", "must_not", "min_should"));
    ArrayNode restList;
    ArrayNode grpcList;
    if (clause.equals("min_should")) {
      restList = minShould(rest);
      grpcList = minShould(grpc);
    } else {
      restList = rest.withArray(clause);
      grpcList = grpc.withArray(clause);
    }
    description.append(clause).append(':');
    condition(restList.addObject(), grpcList.addObject(), mask, depth);
  }

  private static ArrayNode minShould(ObjectNode filter) {
    ObjectNode min = filter.has("min_should") ? (ObjectNode) filter.get("min_should") : filter.putObject("min_should");
    min.put("min_count", 1);
    return min.withArray("conditions");
  }

  private void condition(ObjectNode rest, ObjectNode grpc, boolean mask, int depth) {
    int kind = random.nextInt(depth >= 2 ? 4 : 6);
    if (kind == 4) { // a sub-filter
      description.append(" (");
      ObjectNode restFilter = rest;
      ObjectNode grpcFilter = grpc.putObject("filter");
      clause(restFilter, grpcFilter, mask, depth + 1);
      if (random.nextBoolean()) {
        clause(restFilter, grpcFilter, false, depth + 1);
      }
      description.append(") ");
      return;
    }
    if (kind == 5) { // a nested condition: its keys are read inside its array's elements
      String key = mask ? "meta" : pick(List.of("items", "meta"));
      String inner = mask ? pick(List.of("ssn", "\"ssn\"")) : pick(List.of("lang", "\"lang\"", "title"));
      masked |= mask;
      ObjectNode restInner = rest.putObject("nested").put("key", key).putObject("filter");
      ObjectNode grpcInner = grpc.putObject("nested").put("key", key).putObject("filter");
      description.append(" nested ").append(key).append(" {");
      field(restInner.withArray("must").addObject(), grpcInner.withArray("must").addObject(), inner);
      description.append("} ");
      return;
    }
    String key = mask ? pick(MASKED) : pick(PLAIN);
    if (mask) {
      masked = true;
    }
    switch (kind) {
      case 2 -> {
        rest.putObject("is_empty").put("key", key);
        grpc.putObject("is_empty").put("key", key);
        description.append(" is_empty ").append(key);
      }
      case 3 -> {
        rest.putObject("is_null").put("key", key);
        grpc.putObject("is_null").put("key", key);
        description.append(" is_null ").append(key);
      }
      default -> field(rest, grpc, key);
    }
  }

  private void field(ObjectNode rest, ObjectNode grpc, String key) {
    rest.put("key", key);
    ObjectNode grpcField = grpc.putObject("field").put("key", key);
    switch (random.nextInt(6)) {
      case 0 -> {
        rest.putObject("match").put("value", "x");
        grpcField.putObject("match").put("keyword", "x");
        description.append(" match.value ");
      }
      case 1 -> {
        rest.putObject("match").put("text", "ceo");
        grpcField.putObject("match").put("text", "ceo");
        description.append(" match.text ");
      }
      case 2 -> {
        rest.putObject("match").putArray("any").add("a").add("b");
        grpcField.putObject("match").putObject("keywords").putArray("strings").add("a").add("b");
        description.append(" match.any ");
      }
      case 3 -> {
        rest.putObject("match").putArray("except").add(1);
        grpcField.putObject("match").putObject("except_integers").putArray("integers").add(1);
        description.append(" match.except ");
      }
      case 4 -> {
        rest.putObject("range").put("gte", 100000);
        grpcField.putObject("range").put("gte", 100000);
        description.append(" range ");
      }
      default -> {
        rest.putObject("values_count").put("gt", 1);
        grpcField.putObject("values_count").put("gt", 1);
        description.append(" values_count ");
      }
    }
    description.append(key);
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  /** {@code filter} (a case's REST spelling) as the body of a count request. */
  public static String countBody(String filter) {
    try {
      ObjectNode body = JSON.createObjectNode();
      body.set("filter", JSON.readTree(filter));
      body.put("exact", true);
      return body.toString();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Parses a case's spelling, for tests that inspect it. */
  public static JsonNode tree(String spelling) throws java.io.IOException {
    return JSON.readTree(spelling);
  }
}
