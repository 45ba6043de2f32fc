package dev.vectorguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Decision;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.policy.Explanation;
import dev.vectorguard.policy.TraceEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders decisions, obligations and traces as JSON values (maps and lists in a stable order),
 * in the policy language's own words ({@code max_results}, {@code vectors: strip}, ...), for
 * {@code policy explain} and the expectations of {@code policy test}.
 */
final class PolicyJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private PolicyJson() {}

  /** {@code {"effect", "rules", "reason", "policy_version", "obligations", ["approval"], "trace"}}. */
  static Map<String, Object> explanation(Explanation explanation) {
    Map<String, Object> out = decision(explanation.decision());
    List<Object> trace = new ArrayList<>();
    for (TraceEntry entry : explanation.trace()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("rule", entry.rule());
      if (entry.collection() != null) {
        line.put("collection", entry.collection());
      }
      line.put("matched", entry.matched());
      line.put(entry.matched() ? "detail" : "why", entry.detail());
      trace.add(line);
    }
    out.put("trace", trace);
    return out;
  }

  static Map<String, Object> decision(Decision decision) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("effect", decision.effect().id());
    out.put("rules", decision.rules());
    out.put("reason", decision.reason());
    out.put("policy_version", decision.policyVersion());
    Obligations obligations = decision instanceof Decision.Allow allow ? allow.obligations()
        : decision instanceof Decision.NeedsApproval needs ? needs.obligations() : null;
    out.put("obligations", obligations == null ? Map.of() : obligations(obligations));
    if (decision instanceof Decision.NeedsApproval needs) {
      Map<String, Object> approval = new LinkedHashMap<>();
      approval.put("approvers", needs.approvers());
      approval.put("ttl", needs.grantTtl().toString());
      approval.put("single_use", needs.singleUse());
      out.put("approval", approval);
    }
    return out;
  }

  static Map<String, Object> obligations(Obligations obligations) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (obligations.maxResults() != null) {
      out.put("max_results", obligations.maxResults());
    }
    out.put("vectors", obligations.stripVectors() ? "strip" : "keep");
    List<Object> filters = new ArrayList<>();
    for (TenantFilter filter : obligations.tenantFilters()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("field", filter.field());
      entry.put("value", filter.value());
      filters.add(entry);
    }
    out.put("tenant_filters", filters);
    List<Object> masks = new ArrayList<>();
    for (MaskRule rule : obligations.maskRules()) {
      Map<String, Object> mask = new LinkedHashMap<>();
      mask.put("field", rule.field());
      mask.put("with", rule.action().id());
      if (rule.action() == MaskAction.PARTIAL) {
        mask.put("keep", rule.keep());
      }
      if (rule.exactLookups()) {
        mask.put("lookups", "exact"); // none, the default, is left out as the policy language leaves it out
      }
      masks.add(mask);
    }
    out.put("mask", masks);
    if (obligations.allowedOutputFields() != null) {
      out.put("output_fields", List.copyOf(obligations.allowedOutputFields()).stream().sorted().toList());
    }
    out.put("filter_listings", obligations.filterListings());
    return out;
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings, numbers and lists always serialize", e);
    }
  }
}
