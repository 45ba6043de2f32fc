package dev.vectorguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The table of {@code vectorguard policy test}: each case is an identity and a call, and the
 * decision expected for it.
 *
 * <pre>{@code
 * cases:
 *   - name: tenant A searches docs
 *     workload: spiffe://acme.io/ns/prod/sa/rag
 *     actor: { tenant: a }          # optional; claims: {...} for verified workload claims
 *     backend: qdrant
 *     operation: search
 *     collections: [docs]           # or collection: docs; database: and access: are optional
 *     expect:
 *       effect: allow               # allow, deny or approve
 *       rules: [rag-reads-docs]     # optional: exactly these rules, in order
 *       reason_contains: tenant     # optional
 *       obligations:                # optional: only the keys given are checked
 *         max_results: 5
 *         vectors: strip
 *         tenant_filters: [{ field: tenant_id, value: a }]
 *         mask: [{ field: phone, with: partial, keep: 4 }]
 * }</pre>
 */
final class PolicyCases {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final List<String> CASE_KEYS = List.of("name", "workload", "claims", "actor", "backend",
      "operation", "collection", "collections", "database", "access", "expect");
  private static final List<String> EXPECT_KEYS = List.of("effect", "rules", "reason_contains", "obligations");
  private static final List<String> OBLIGATION_KEYS = List.of("max_results", "vectors", "tenant_filters", "mask",
      "output_fields", "filter_listings");
  private static final Set<String> UNORDERED = Set.of("tenant_filters", "mask", "output_fields");

  /** One case: what to decide and what is expected. */
  record Case(String name, Identity identity, VectorCall call, String effect, @Nullable List<String> rules,
      @Nullable String reasonContains, @Nullable JsonNode obligations) {}

  /** The cases file is malformed; the message names the file and the case. */
  static final class CasesException extends Exception {
    private static final long serialVersionUID = 1L;

    CasesException(String message) {
      super(message);
    }
  }

  private PolicyCases() {}

  static List<Case> read(Path file) throws IOException, CasesException {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new CasesException(file + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.path("cases").isArray()) {
      throw new CasesException(file + ": expected a map with a list of cases under 'cases'");
    }
    keys(root, List.of("cases"), file + "");
    List<Case> cases = new ArrayList<>();
    int number = 0;
    for (JsonNode node : root.get("cases")) {
      number++;
      String where = file + ": case " + number + (node.hasNonNull("name") ? " ('" + node.get("name").asText() + "')" : "");
      if (!node.isObject()) {
        throw new CasesException(where + ": expected a map");
      }
      keys(node, CASE_KEYS, where);
      cases.add(readCase(node, number, where));
    }
    if (cases.isEmpty()) {
      throw new CasesException(file + ": no cases");
    }
    return cases;
  }

  private static Case readCase(JsonNode node, int number, String where) throws CasesException {
    JsonNode expect = node.path("expect");
    if (!expect.isObject()) {
      throw new CasesException(where + ": missing 'expect' (a map with at least effect)");
    }
    keys(expect, EXPECT_KEYS, where + ": expect");
    String effect = text(expect, "effect", where);
    if (effect == null || !List.of("allow", "deny", "approve").contains(effect)) {
      throw new CasesException(where + ": expect.effect must be allow, deny or approve, but was " + expect.get("effect"));
    }
    JsonNode obligations = expect.get("obligations");
    if (obligations != null) {
      if (!obligations.isObject()) {
        throw new CasesException(where + ": expect.obligations must be a map");
      }
      keys(obligations, OBLIGATION_KEYS, where + ": expect.obligations");
    }
    List<String> collections = strings(node, "collections", where);
    String single = text(node, "collection", where);
    if (single != null) {
      if (collections != null) {
        throw new CasesException(where + ": give collection or collections, not both");
      }
      collections = List.of(single);
    }
    try {
      Identity identity = PolicyCallOptions.identity(text(node, "workload", where), map(node, "claims", where),
          map(node, "actor", where));
      VectorCall call = PolicyCallOptions.call(text(node, "backend", where), text(node, "operation", where),
          collections == null ? List.of() : collections, text(node, "database", where), text(node, "access", where));
      String name = node.hasNonNull("name") ? node.get("name").asText() : "case " + number;
      return new Case(name, identity, call, effect, strings(expect, "rules", where),
          text(expect, "reason_contains", where), obligations);
    } catch (IllegalArgumentException e) {
      throw new CasesException(where + ": " + e.getMessage());
    }
  }

  /** What differs between the expectation and {@code decision}; empty when the case passes. */
  static List<String> check(Case c, Decision decision) {
    List<String> problems = new ArrayList<>();
    if (!decision.effect().id().equals(c.effect())) {
      problems.add("expected effect " + c.effect() + ", got " + decision.effect().id());
    }
    if (c.rules() != null && !c.rules().equals(decision.rules())) {
      problems.add("expected rules " + c.rules() + ", got " + decision.rules());
    }
    if (c.reasonContains() != null && !decision.reason().contains(c.reasonContains())) {
      problems.add("expected the reason to contain '" + c.reasonContains() + "', got '" + decision.reason() + "'");
    }
    if (c.obligations() != null) {
      Obligations actual = decision instanceof Decision.Allow allow ? allow.obligations()
          : decision instanceof Decision.NeedsApproval needs ? needs.obligations() : Obligations.NONE;
      ObjectNode actualJson = PolicyJson.MAPPER.valueToTree(PolicyJson.obligations(actual));
      for (Map.Entry<String, JsonNode> field : c.obligations().properties()) {
        JsonNode got = actualJson.get(field.getKey());
        if (!same(field.getKey(), field.getValue(), got)) {
          problems.add("expected obligations." + field.getKey() + " " + field.getValue() + ", got "
              + (got == null ? "none" : got));
        }
      }
    }
    return problems;
  }

  private static boolean same(String key, JsonNode expected, @Nullable JsonNode actual) {
    if (actual == null) {
      return false;
    }
    if (UNORDERED.contains(key) && expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        return false;
      }
      for (JsonNode item : expected) {
        boolean found = false;
        for (JsonNode candidate : actual) {
          found |= candidate.equals(item);
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    return expected.equals(actual);
  }

  private static void keys(JsonNode node, List<String> allowed, String where) throws CasesException {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new CasesException(where + ": unknown key '" + name + "'; allowed keys: " + String.join(", ", allowed));
      }
    }
  }

  private static @Nullable String text(JsonNode node, String key, String where) throws CasesException {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new CasesException(where + ": " + key + " must be a string");
    }
    return value.asText();
  }

  private static @Nullable List<String> strings(JsonNode node, String key, String where) throws CasesException {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new CasesException(where + ": " + key + " must be a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isValueNode()) {
        throw new CasesException(where + ": each of " + key + " must be a string");
      }
      out.add(item.asText());
    }
    return out;
  }

  private static Map<String, String> map(JsonNode node, String key, String where) throws CasesException {
    JsonNode value = node.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return out;
    }
    if (!value.isObject()) {
      throw new CasesException(where + ": " + key + " must be a map of names to values");
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      if (!field.getValue().isValueNode() || field.getValue().isNull()) {
        throw new CasesException(where + ": " + key + "." + field.getKey() + " must be a string");
      }
      out.put(field.getKey(), field.getValue().asText());
    }
    return out;
  }
}
