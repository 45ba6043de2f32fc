package dev.vectorguard.policy;

import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reads a rule's {@code obligations} and {@code approval} blocks for {@link PolicyCompiler}; not public API. */
final class ObligationsReader {
  private static final int DEFAULT_PARTIAL_KEEP = 4;

  private final PolicyCompiler compiler;
  private final Attributes table;
  private final Obligations.Builder builder = Obligations.builder();
  private Rule.@Nullable TenantFilterSpec tenantFilter;

  ObligationsReader(PolicyCompiler compiler, Attributes table) {
    this.compiler = compiler;
    this.table = table;
  }

  Obligations obligations() {
    if (tenantFilter != null && !tenantFilter.value().hasReferences()) {
      builder.tenantFilter(new TenantFilter(tenantFilter.field(), tenantFilter.value().toString()));
    }
    return builder.build();
  }

  Rule.@Nullable TenantFilterSpec tenantFilter() {
    return tenantFilter;
  }

  void read(Node node) {
    Node.MapNode map = compiler.map(node, "obligations");
    if (map == null) {
      return;
    }
    compiler.checkKeys(map, " in obligations", PolicyCompiler.OBLIGATION_KEYS);
    for (Node.Entry entry : map.entries().values()) {
      Node value = entry.value();
      switch (entry.key()) {
        case "max_results" -> maxResults(value);
        case "vectors" -> {
          String text = compiler.string(value, "vectors");
          if ("strip".equals(text) || "keep".equals(text)) {
            builder.stripVectors(text.equals("strip"));
          } else if (text != null) {
            compiler.error(value, "vectors must be strip or keep, but was '" + text + "'");
          }
        }
        case "tenant_filter" -> tenantFilter(value);
        case "mask" -> mask(value);
        case "output_fields" -> {
          List<Node.Scalar> fields = compiler.stringList(entry);
          if (fields != null) {
            builder.allowedOutputFields(fields.stream().map(Node.Scalar::text)
                .collect(Collectors.toCollection(LinkedHashSet::new)));
          }
        }
        case "filter_listings" -> {
          if (value instanceof Node.Scalar scalar && scalar.isBoolean()) {
            builder.filterListings(Boolean.parseBoolean(scalar.text()));
          } else {
            compiler.error(value, "filter_listings must be true or false, but was " + value.kind());
          }
        }
        default -> { } // reported by checkKeys
      }
    }
  }

  private void maxResults(Node value) {
    if (!(value instanceof Node.Scalar scalar) || !scalar.isInteger()) {
      compiler.error(value, "max_results must be an integer, but was " + value.kind());
      return;
    }
    long max;
    try {
      max = Long.parseLong(scalar.text());
    } catch (NumberFormatException e) {
      max = Long.MAX_VALUE;
    }
    if (max < 1) {
      compiler.error(value, "max_results must be at least 1, but was " + scalar.text());
    } else if (max > Integer.MAX_VALUE) {
      compiler.error(value, "max_results must be at most " + Integer.MAX_VALUE + ", but was " + scalar.text());
    } else {
      builder.maxResults((int) max);
    }
  }

  private void tenantFilter(Node node) {
    Node.MapNode map = compiler.map(node, "tenant_filter");
    if (map == null) {
      return;
    }
    compiler.checkKeys(map, " in tenant_filter", List.of("field", "value"));
    Node.Entry field = map.entries().get("field");
    Node.Entry value = map.entries().get("value");
    if (field == null || value == null) {
      compiler.error(map, "tenant_filter needs both field and value, such as "
          + "{ field: tenant_id, value: \"${actor.tenant}\" }");
      return;
    }
    String fieldText = compiler.string(field.value(), "tenant_filter.field");
    String valueText = compiler.string(value.value(), "tenant_filter.value");
    if (fieldText == null || valueText == null) {
      return;
    }
    try {
      tenantFilter = new Rule.TenantFilterSpec(fieldText, Template.compile(valueText, table, "tenant_filter.value"));
    } catch (Attributes.SyntaxException e) {
      compiler.error(value.value(), e.getMessage());
    }
  }

  private void mask(Node node) {
    if (!(node instanceof Node.ListNode list) || list.items().isEmpty()) {
      compiler.error(node, "mask must be a non-empty list of { field, with, keep?, lookups? }, but was "
          + (node instanceof Node.ListNode ? "empty" : node.kind()));
      return;
    }
    for (Node item : list.items()) {
      Node.MapNode map = compiler.map(item, "each mask entry");
      if (map == null) {
        continue;
      }
      compiler.checkKeys(map, " in mask", List.of("field", "with", "keep", "lookups"));
      Node.Entry field = map.entries().get("field");
      Node.Entry with = map.entries().get("with");
      if (field == null || with == null) {
        compiler.error(map, "a mask entry needs field and with, such as { field: email, with: hash }");
        continue;
      }
      String fieldText = compiler.string(field.value(), "mask field");
      String actionText = compiler.string(with.value(), "mask with");
      if (fieldText == null || actionText == null) {
        continue;
      }
      MaskAction action = MaskAction.fromId(actionText);
      if (action == null || !action.id().equals(actionText)) {
        compiler.error(with.value(), "unknown mask action '" + actionText + "'; valid actions: "
            + Arrays.stream(MaskAction.values()).map(MaskAction::id).collect(Collectors.joining(", ")));
        continue;
      }
      int keep = action == MaskAction.PARTIAL ? DEFAULT_PARTIAL_KEEP : 0;
      Node.Entry keepEntry = map.entries().get("keep");
      if (keepEntry != null) {
        if (action != MaskAction.PARTIAL) {
          compiler.errorAtKey(keepEntry, "keep applies only to with: partial, but with is " + action.id());
          continue;
        }
        if (!(keepEntry.value() instanceof Node.Scalar scalar) || !scalar.isInteger()
            || scalar.text().length() > 4 || Integer.parseInt(scalar.text()) < 0) {
          compiler.error(keepEntry.value(), "keep must be an integer from 0 to 9999, but was "
              + describe(keepEntry.value()));
          continue;
        }
        keep = Integer.parseInt(((Node.Scalar) keepEntry.value()).text());
      }
      boolean exactLookups = false;
      Node.Entry lookups = map.entries().get("lookups");
      if (lookups != null) {
        String lookupsText = compiler.string(lookups.value(), "mask lookups");
        if (lookupsText == null) {
          continue;
        }
        if (!lookupsText.equals("exact") && !lookupsText.equals("none")) {
          compiler.error(lookups.value(), "lookups must be none (the default: no filter may read the masked field) or"
              + " exact (filters testing it for equality are allowed), but was '" + lookupsText + "'");
          continue;
        }
        exactLookups = lookupsText.equals("exact");
      }
      try {
        builder.mask(new MaskRule(fieldText, action, keep, exactLookups));
      } catch (IllegalArgumentException e) {
        compiler.error(field.value(), e.getMessage());
      }
    }
  }

  Rule.@Nullable Approval approval(Node node) {
    return new ApprovalReader(compiler).read(node);
  }

  private static String describe(Node node) {
    return node instanceof Node.Scalar scalar && !scalar.text().isEmpty()
        ? "'" + scalar.text() + "'" : node.kind();
  }
}
