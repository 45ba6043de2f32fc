package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.qdrant.QdrantApi;
import dev.vectorguard.qdrant.QdrantRequestKind;
import dev.vectorguard.qdrant.QdrantRules;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
    QdrantApi api = QdrantDialect.apiOf(call.endpoint());
    if (api != null) {
      ModelRules.enforce(() -> QdrantRules.check(api, QdrantProtoView.of(request), ob));
    }
    Message.Builder b = request.toBuilder();
    boolean read = call.access() == AccessLevel.READ;
    if (read) {
      QdrantRequestKind kind = api == null ? QdrantRequestKind.NONE : api.kind();
      rewriteRead(b, ob, kind);
      for (String items : BATCH_ITEMS) {
        FieldDescriptor itemsField = Protos.field(b, items);
        int entries = itemsField == null ? 0 : b.getRepeatedFieldCount(itemsField);
        Obligations each = ModelRules.apply(() -> QdrantRules.batchEntries(entries, ob));
        Protos.mapRepeated(b, items, item -> {
          Message.Builder ib = item.toBuilder();
          rewriteRead(ib, each, kind);
          return ib.build();
        });
      }
    } else if (call.access() == AccessLevel.WRITE && !ob.tenantFilters().isEmpty()) {
      rewriteWrite(call, b, ob);
    }
    return b.build();
  }

  private static void rewriteRead(Message.Builder b, Obligations ob, QdrantRequestKind kind) {
    Integer max = ob.maxResults();
    if (max != null) {
      if (Protos.isType(b, "qdrant.SearchMatrixPoints")) {
        long limit = orDefault(Protos.number(b, "limit"), QdrantRules.DEFAULT_MATRIX_LIMIT);
        long sample = orDefault(Protos.number(b, "sample"), QdrantRules.DEFAULT_MATRIX_SAMPLE);
        long[] within = QdrantRules.matrixWithin(limit, sample, max);
        Protos.setNumber(b, "limit", within[0]);
        Protos.setNumber(b, "sample", within[1]);
      } else if (Protos.field(b, "group_size") != null) {
        long size = orDefault(Protos.number(b, "group_size"), QdrantRules.DEFAULT_GROUP_SIZE);
        long groups = orDefault(Protos.number(b, "limit"), QdrantRules.DEFAULT_LIMIT);
        long[] within = QdrantRules.groupsWithin(size, groups, max);
        Protos.setNumber(b, "group_size", within[0]);
        Protos.setNumber(b, "limit", within[1]);
      } else {
        capLimit(b, "limit", max);
      }
      FieldDescriptor ids = Protos.field(b, "ids");
      if (ids != null && ids.isRepeated() && b.getRepeatedFieldCount(ids) > max) {
        int keep = QdrantRules.idsWithin(b.getRepeatedFieldCount(ids), max);
        b.setField(ids, List.copyOf(((List<?>) b.getField(ids)).subList(0, keep)));
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
    java.util.Set<String> allowed = ob.allowedOutputFields();
    if (allowed != null) {
      restrictPayload(b, QdrantRules.returnsPayloadByDefault(kind), allowed);
      Protos.mapField(b, "with_lookup", lookup -> {
        Message.Builder lb = lookup.toBuilder();
        restrictPayload(lb, true, allowed);
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
    }
    if (!tenants.isEmpty() || max != null) {
      // A prefetch chooses the candidates the query scores: confined to the tenant and capped, at any depth.
      Obligations prefetch = prefetchObligations(ob);
      Protos.mapRepeated(b, "prefetch", p -> {
        Message.Builder pb = p.toBuilder();
        rewriteRead(pb, prefetch, QdrantRequestKind.QUERY);
        return pb.build();
      });
    }
  }

  private static Obligations prefetchObligations(Obligations ob) {
    Obligations.Builder only = Obligations.builder();
    ob.tenantFilters().forEach(only::tenantFilter);
    if (ob.maxResults() != null) {
      only.maxResults(ob.maxResults());
    }
    return only.build();
  }

  /** Restricts the {@code with_payload} selector of {@code b} to the allowed output fields, per the model's rule. */
  private static void restrictPayload(Message.Builder b, boolean byDefault, java.util.Set<String> allowed) {
    FieldDescriptor f = Protos.field(b, "with_payload");
    if (f == null) {
      return;
    }
    Message current = b.hasField(f) ? (Message) b.getField(f) : null;
    if (current == null && !byDefault) {
      return; // the server returns no payload: asking for the allowed fields would widen the call
    }
    QdrantRules.PayloadAsk ask;
    List<String> fields = List.of();
    Message include = current == null ? null : Protos.message(current, "include");
    Message exclude = current == null ? null : Protos.message(current, "exclude");
    Object enable = current == null ? null : QdrantDialect.fieldValue(current, "enable");
    if (include != null) {
      ask = QdrantRules.PayloadAsk.INCLUDE;
      fields = Protos.strings(include, "fields");
    } else if (exclude != null) {
      ask = QdrantRules.PayloadAsk.EXCLUDE;
      fields = Protos.strings(exclude, "fields");
    } else if (Boolean.FALSE.equals(enable)) {
      return;
    } else if (current == null || Boolean.TRUE.equals(enable)) {
      ask = QdrantRules.PayloadAsk.ALL;
    } else {
      return; // an empty selector: the server's default, which is no payload here
    }
    b.setField(f, QdrantFilterBuilder.payloadSelector(b.newBuilderForField(f),
        QdrantRules.payloadWithin(ask, fields, allowed)));
  }

  /** Caps a result size, reading an absent (or zero) one as Qdrant's default, so that the cap never raises it. */
  private static void capLimit(Message.Builder b, String name, int max) {
    FieldDescriptor f = Protos.field(b, name);
    if (f == null || f.isRepeated()) {
      return;
    }
    Long current = Protos.number(b, name);
    long effective = current == null || current <= 0 ? QdrantRules.DEFAULT_LIMIT : current;
    if (effective > max) {
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

  private static void rewriteWrite(VectorCall call, Message.Builder b, Obligations ob) {
    rewriteWrite(call.endpoint().substring(call.endpoint().indexOf('/') + 1), call.endpoint(), b, ob);
  }

  /** The point operations of {@code UpdateBatch}, by their oneof field, as the methods they stand for. */
  private static final java.util.Map<String, String> BATCH_OPERATIONS = java.util.Map.of("upsert", "Upsert",
      "set_payload", "SetPayload", "overwrite_payload", "OverwritePayload", "delete_payload", "DeletePayload",
      "update_vectors", "UpdateVectors", "delete_vectors", "DeleteVectors", "delete_points", "Delete",
      "clear_payload", "ClearPayload", "clear_payload_deprecated", "ClearPayload");

  private static void rewriteWrite(String method, String endpoint, Message.Builder b, Obligations ob) {
    List<TenantFilter> tenants = ob.tenantFilters();
    switch (method) {
      case "UpdateBatch" -> Protos.mapRepeated(b, "operations", operation -> {
        Message.Builder opBuilder = operation.toBuilder();
        java.util.Map<FieldDescriptor, Object> set = operation.getAllFields();
        if (set.size() != 1) {
          throw new RequestRejectedException(Cause.PARSE, "each batch operation must hold exactly one operation");
        }
        FieldDescriptor kind = set.keySet().iterator().next();
        if (kind.getName().equals("delete_deprecated")) {
          selectorWithTenant(opBuilder, "delete_deprecated", tenants);
          return opBuilder.build();
        }
        String inner = BATCH_OPERATIONS.get(kind.getName());
        if (inner == null) {
          throw new RequestRejectedException(Cause.PARSE, "the batch operation '" + kind.getName()
              + "' cannot be confined to one tenant; the policy's tenant filter forbids it");
        }
        Message.Builder ib = ((Message) operation.getField(kind)).toBuilder();
        rewriteWrite(inner, endpoint, ib, ob);
        opBuilder.setField(kind, ib.build());
        return opBuilder.build();
      });
      case "Upsert" -> {
        for (Message point : Protos.messages(b, "points")) {
          checkTenantPayload(point, "payload", ob, true, "point " + pointId(point));
        }
        andFilterField(b, "update_filter", tenants);
      }
      case "UpdateVectors" -> andFilterField(b, "update_filter", tenants);
      case "Delete" -> selectorWithTenant(b, "points", tenants);
      case "ClearPayload" -> ModelRules.enforce(() -> QdrantRules.checkClearPayload(ob));
      case "DeleteVectors" -> selectorWithTenant(b, "points_selector", tenants);
      case "SetPayload", "OverwritePayload" -> {
        String key = Protos.string(b, "key");
        if (!key.isEmpty()) {
          ModelRules.enforce(() -> QdrantRules.checkPayloadKey(key, ob));
        } else {
          // Overwrite replaces the whole payload: it must carry the tenant; set only the keys it names.
          checkTenantPayload(b.build(), "payload", ob, method.equals("OverwritePayload"), "the payload");
        }
        selectorWithTenant(b, "points_selector", tenants);
      }
      case "DeletePayload" -> {
        List<String> keys = Protos.strings(b, "keys");
        ModelRules.enforce(() -> QdrantRules.checkDeletedKeys(keys, ob));
        selectorWithTenant(b, "points_selector", tenants);
      }
      default -> throw new RequestRejectedException(Cause.PARSE, endpoint
          + " cannot be confined to one tenant; the policy's tenant filter forbids it");
    }
  }

  private static void andFilterField(Message.Builder b, String name, List<TenantFilter> tenants) {
    FieldDescriptor f = Protos.field(b, name);
    if (f == null) {
      // Older Qdrant clients (1.13, which Spring AI 1.1 brings) have no update_filter: without it an
      // upsert of an id another tenant owns would overwrite that tenant's point.
      throw new RequestRejectedException(Cause.PARSE, b.getDescriptorForType().getFullName() + " of this Qdrant"
          + " client has no " + name + ", so the write cannot be confined to the tenant; the policy's tenant filter"
          + " forbids it (use a Qdrant client whose protocol has " + name + ", such as 1.18)");
    }
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
    Message ids = selector == null ? null : Protos.message(selector, "points");
    boolean empty = selector == null || selector.getAllFields().isEmpty()
        || ids != null && Protos.message(selector, "filter") == null && Protos.messages(ids, "ids").isEmpty();
    ModelRules.enforce(() -> QdrantRules.checkSelectorNotEmpty(empty, name));
    b.setField(f, QdrantFilterBuilder.selectorWithTenant(selector, tenants));
  }

  /**
   * Checks the payload map {@code payloadField} of {@code m} against the model's tenant rule:
   * each tenant field must hold the caller's value; with {@code whole} false (set payload), a
   * payload that does not name the field's top-level key leaves it as it was.
   */
  private static void checkTenantPayload(Message m, String payloadField, Obligations ob, boolean whole, String what) {
    Map<String, Object> payload = QdrantValues.payload(m, payloadField);
    for (TenantFilter t : ob.tenantFilters()) {
      FieldPath path = FieldPath.selector(t.field());
      if (!whole && !payload.containsKey(path.first())) {
        continue;
      }
      Object value = valueAt(payload, path);
      ModelRules.enforce(() -> QdrantRules.checkTenantValue(value, t, what));
    }
  }

  /** The value at {@code path} in a payload tree, or {@code null}. */
  private static @Nullable Object valueAt(Map<String, Object> payload, FieldPath path) {
    Object node = payload;
    for (String key : path.keys()) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }

  private static String pointId(Message point) {
    Message id = Protos.message(point, "id");
    if (id == null) {
      return "without an id";
    }
    String uuid = Protos.string(id, "uuid");
    return uuid.isEmpty() ? String.valueOf(Protos.number(id, "num")) : uuid;
  }

  private static long orDefault(@Nullable Long value, long fallback) {
    return value == null || value <= 0 ? fallback : value;
  }
}
