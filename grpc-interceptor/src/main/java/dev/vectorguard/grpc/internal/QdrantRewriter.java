package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskRule;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies obligations to Qdrant requests: caps limits, turns vectors off, ANDs the tenant filter
 * into every filter (the original kept as a nested condition), and makes writes carry and stay
 * within the tenant.
 */
final class QdrantRewriter {
  /** Batch item fields whose elements are whole requests of their own. */
  private static final List<String> BATCH_ITEMS = List.of("search_points", "recommend_points", "discover_points",
      "query_points");

  private QdrantRewriter() {}

  static Message rewrite(VectorCall call, Message request, Obligations ob) {
    if (ob.isNone()) {
      return request;
    }
    checkMaskedKeys(request, ob);
    Message.Builder b = request.toBuilder();
    boolean read = call.access() == AccessLevel.READ;
    if (read) {
      rewriteRead(b, ob, call.operation());
      for (String items : BATCH_ITEMS) {
        Protos.mapRepeated(b, items, item -> {
          Message.Builder ib = item.toBuilder();
          rewriteRead(ib, ob, call.operation());
          return ib.build();
        });
      }
    } else if (call.access() == AccessLevel.WRITE && !ob.tenantFilters().isEmpty()) {
      rewriteWrite(call, b, ob.tenantFilters());
    }
    return b.build();
  }

  private static void rewriteRead(Message.Builder b, Obligations ob, Operation operation) {
    Integer max = ob.maxResults();
    if (max != null) {
      capLimit(b, "limit", max);
      capLimit(b, "group_size", max);
      FieldDescriptor ids = Protos.field(b, "ids");
      if (ids != null && ids.isRepeated() && b.getRepeatedFieldCount(ids) > max) {
        List<?> kept = List.copyOf(((List<?>) b.getField(ids)).subList(0, max));
        b.setField(ids, kept);
      }
    }
    if (ob.stripVectors()) {
      vectorsOff(b);
      Protos.mapField(b, "with_lookup", lookup -> {
        Message.Builder lb = lookup.toBuilder();
        vectorsOff(lb);
        return lb.build();
      });
    }
    List<TenantFilter> tenants = ob.tenantFilters();
    if (!tenants.isEmpty()) {
      FieldDescriptor filter = Protos.field(b, "filter");
      if (filter != null && filter.getMessageType().getFullName().equals("qdrant.Filter")) {
        Message current = b.hasField(filter) ? (Message) b.getField(filter) : null;
        b.setField(filter, QdrantFilterBuilder.withTenant(b.newBuilderForField(filter), current, tenants));
      }
      Protos.mapRepeated(b, "prefetch", prefetch -> {
        Message.Builder pb = prefetch.toBuilder();
        rewriteRead(pb, tenantOnly(tenants), operation);
        return pb.build();
      });
      // Gets and lookups have no filter: their records are checked on the way back, so the
      // tenant key must come back with them.
      if (operation == Operation.GET) {
        QdrantFilterBuilder.requirePayloadKeys(b, "with_payload", tenants);
      }
      Protos.mapField(b, "with_lookup", lookup -> {
        Message.Builder lb = lookup.toBuilder();
        QdrantFilterBuilder.requirePayloadKeys(lb, "with_payload", tenants);
        return lb.build();
      });
    }
  }

  private static Obligations tenantOnly(List<TenantFilter> tenants) {
    Obligations.Builder only = Obligations.builder();
    tenants.forEach(only::tenantFilter);
    return only.build();
  }

  private static void capLimit(Message.Builder b, String name, int max) {
    FieldDescriptor f = Protos.field(b, name);
    if (f == null || f.isRepeated()) {
      return;
    }
    Long current = Protos.number(b, name);
    if (current == null || current <= 0 || current > max) {
      Protos.setNumber(b, name, max);
    }
  }

  private static void vectorsOff(Message.Builder b) {
    FieldDescriptor f = Protos.field(b, "with_vectors");
    if (f == null) {
      return;
    }
    Message.Builder selector = b.newBuilderForField(f);
    selector.setField(Protos.field(selector, "enable"), false);
    b.setField(f, selector.build());
  }

  private static void rewriteWrite(VectorCall call, Message.Builder b, List<TenantFilter> tenants) {
    String method = call.endpoint().substring(call.endpoint().indexOf('/') + 1);
    switch (method) {
      case "Upsert" -> {
        Protos.mapRepeated(b, "points", point -> withTenantPayload(point, "payload", tenants, true));
        andFilterField(b, "update_filter", tenants);
      }
      case "UpdateVectors" -> andFilterField(b, "update_filter", tenants);
      case "Delete" -> selectorWithTenant(b, "points", tenants);
      case "DeleteVectors" -> selectorWithTenant(b, "points_selector", tenants);
      case "SetPayload", "OverwritePayload" -> {
        if (!Protos.string(b, "key").isEmpty()) {
          throw new RequestRejectedException(Cause.PARSE,
              "a payload update under a nested key cannot be checked against the tenant filter");
        }
        // Overwrite replaces the whole payload: it must carry the tenant.
        Message checked = withTenantPayload(b.build(), "payload", tenants, method.equals("OverwritePayload"));
        b.clear().mergeFrom(checked);
        selectorWithTenant(b, "points_selector", tenants);
      }
      case "DeletePayload" -> {
        for (TenantFilter t : tenants) {
          if (Protos.strings(b, "keys").contains(t.field())) {
            throw new RequestRejectedException(Cause.PARSE,
                "the request deletes the tenant field '" + t.field() + "', which the tenant filter protects");
          }
        }
        selectorWithTenant(b, "points_selector", tenants);
      }
      default -> throw new RequestRejectedException(Cause.PARSE, call.endpoint()
          + " cannot be confined to one tenant; the policy's tenant filter forbids it");
    }
  }

  private static void andFilterField(Message.Builder b, String name, List<TenantFilter> tenants) {
    FieldDescriptor f = Objects.requireNonNull(Protos.field(b, name), name);
    Message current = b.hasField(f) ? (Message) b.getField(f) : null;
    b.setField(f, QdrantFilterBuilder.withTenant(b.newBuilderForField(f), current, tenants));
  }

  /** Confines a {@code qdrant.PointsSelector} to the tenant: ids become {@code has_id} AND tenant. */
  private static void selectorWithTenant(Message.Builder b, String name, List<TenantFilter> tenants) {
    FieldDescriptor f = Protos.field(b, name);
    if (f == null) {
      return;
    }
    Message selector = b.hasField(f) ? (Message) b.getField(f) : null;
    // An empty selector (neither ids nor filter) is an error to Qdrant; with the tenant condition
    // alone it would select every point of the tenant.
    if (selector == null || selector.getAllFields().isEmpty()) {
      throw new RequestRejectedException(Cause.PARSE, "the request selects no points");
    }
    b.setField(f, QdrantFilterBuilder.selectorWithTenant(selector, tenants));
  }

  /** The point (or request) with its payload map carrying every tenant value; a different value is refused. */
  private static Message withTenantPayload(Message m, String payloadField, List<TenantFilter> tenants, boolean add) {
    Map<String, Object> payload = QdrantValues.payload(m, payloadField);
    boolean changed = false;
    for (TenantFilter t : tenants) {
      Object value = payload.get(t.field());
      if (value == null && !payload.containsKey(t.field())) {
        if (add) {
          payload.put(t.field(), t.value());
          changed = true;
        }
      } else if (!t.value().equals(value)) {
        throw new RequestRejectedException(Cause.PARSE, "the request writes " + t.field() + "=" + value
            + " but the tenant filter requires " + t.field() + "=" + t.value());
      }
    }
    if (!changed) {
      return m;
    }
    Message.Builder b = m.toBuilder();
    QdrantValues.setPayload(b, payloadField, payload);
    return b.build();
  }

  /** Facets, groups and orderings on a masked key, or one outside the allowed output fields, reveal its values: refused. */
  private static void checkMaskedKeys(Message request, Obligations ob) {
    java.util.Set<String> allowed = ob.allowedOutputFields();
    if (ob.maskRules().isEmpty() && allowed == null) {
      return;
    }
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    revealedKeys(request, keys, 0);
    for (String key : keys) {
      if (allowed != null && allowed.stream().noneMatch(f -> key.equals(f) || key.startsWith(f + "."))) {
        throw new RequestRejectedException(Cause.PARSE, "the request facets, groups or orders by '" + key
            + "', which is not among the policy's allowed output fields");
      }
      for (MaskRule rule : ob.maskRules()) {
        if (key.equals(rule.field()) || key.startsWith(rule.field() + ".") || rule.field().startsWith(key + ".")) {
          throw new RequestRejectedException(Cause.PARSE, "the request facets, groups or orders by '" + key
              + "', which is masked by the policy");
        }
      }
    }
  }
  /**
   * Payload keys whose values come back as such, at any depth: {@code group_by}, a facet's key,
   * every {@code qdrant.OrderBy} (Scroll's, a {@code Query}'s, a prefetch's, a batch item's).
   */
  private static void revealedKeys(Message m, java.util.Set<String> out, int depth) {
    if (depth > 64) {
      throw new RequestRejectedException(Cause.PARSE, "the request nests deeper than 64 messages");
    }
    out.addAll(Protos.strings(m, "group_by"));
    if (Protos.isType(m, "qdrant.FacetCounts") || Protos.isType(m, "qdrant.OrderBy")) {
      out.addAll(Protos.strings(m, "key"));
    }
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE || e.getKey().isMapField()) {
        continue;
      }
      if (e.getKey().isRepeated()) {
        for (Object element : (List<?>) e.getValue()) {
          revealedKeys((Message) element, out, depth + 1);
        }
      } else {
        revealedKeys((Message) e.getValue(), out, depth + 1);
      }
    }
  }
}
