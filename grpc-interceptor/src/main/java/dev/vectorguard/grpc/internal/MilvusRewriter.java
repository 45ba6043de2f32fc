package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import java.util.List;

/**
 * Applies obligations to Milvus requests: caps {@code topk}/{@code limit}, ANDs the tenant
 * clause (as a template parameter) into every {@code dsl}/{@code expr} (top level, sub-requests,
 * hybrid requests), and makes inserts and upserts carry the tenant in every row.
 */
final class MilvusRewriter {
  private MilvusRewriter() {}

  static Message rewrite(VectorCall call, Message request, Obligations ob) {
    if (ob.isNone()) {
      return request;
    }
    String method = call.endpoint().substring(call.endpoint().indexOf('/') + 1);
    List<TenantFilter> tenants = ob.tenantFilters();
    checkGroupBy(request, ob);
    Message.Builder b = request.toBuilder();
    switch (method) {
      case "Search" -> search(b, ob);
      case "HybridSearch" -> {
        capParams(b, "rank_params", ob.maxResults());
        Protos.mapRepeated(b, "requests", r -> {
          Message.Builder rb = r.toBuilder();
          search(rb, ob);
          return rb.build();
        });
      }
      case "Query" -> {
        capParams(b, "query_params", ob.maxResults());
        if (ob.maxResults() != null && !hasParam(b, "query_params", "limit")) {
          addParam(b, "query_params", "limit", String.valueOf(ob.maxResults()));
        }
        andTenant(b, "expr", tenants);
      }
      case "Delete" -> {
        // Milvus refuses a delete without an expression; the tenant clause alone would delete all the tenant's rows.
        if (!tenants.isEmpty() && Protos.string(b, "expr").isBlank()) {
          throw new RequestRejectedException(Cause.PARSE,
              "the delete has no filter expression, so it cannot be confined to the tenant");
        }
        andTenant(b, "expr", tenants);
      }
      case "Insert" -> {
        if (!tenants.isEmpty()) {
          MilvusColumns.requireTenantColumns(b, tenants);
        }
      }
      case "Upsert" -> {
        if (!tenants.isEmpty()) {
          // Milvus replaces the row with the same primary key whoever's it is, and has no
          // conditional upsert: another tenant's row could be taken over.
          throw new RequestRejectedException(Cause.PARSE, "a Milvus upsert replaces rows by primary key whatever "
              + "their tenant, so the policy's tenant filter forbids it; insert and delete instead");
        }
      }
      default -> {
        if (!tenants.isEmpty() && call.access() == AccessLevel.WRITE) {
          throw new RequestRejectedException(Cause.PARSE, call.endpoint()
              + " cannot be confined to one tenant; the policy's tenant filter forbids it");
        }
      }
    }
    return b.build();
  }

  /**
   * A grouped search returns each group's value of the {@code group_by_field}: grouping by a field
   * outside the allowed output fields would show it. Checked in the request's own
   * {@code search_params}/{@code rank_params} and in those of its sub-requests.
   */
  private static void checkGroupBy(Message request, Obligations ob) {
    java.util.Set<String> allowed = ob.allowedOutputFields();
    if (allowed == null) {
      return;
    }
    List<Message> holders = new java.util.ArrayList<>(List.of(request));
    holders.addAll(Protos.messages(request, "requests"));
    holders.addAll(Protos.messages(request, "sub_reqs"));
    for (Message holder : holders) {
      for (String params : List.of("search_params", "rank_params")) {
        for (Message kv : Protos.messages(holder, params)) {
          String field = Protos.string(kv, "value").trim();
          if (Protos.string(kv, "key").equals("group_by_field") && !allowed.contains(field)) {
            throw new RequestRejectedException(Cause.PARSE, "the request groups by '" + field
                + "', which is not among the policy's allowed output fields");
          }
        }
      }
    }
  }

  private static void search(Message.Builder b, Obligations ob) {
    capParams(b, "search_params", ob.maxResults());
    andTenant(b, "dsl", ob.tenantFilters());
    Protos.mapRepeated(b, "sub_reqs", sub -> {
      Message.Builder sb = sub.toBuilder();
      capParams(sb, "search_params", ob.maxResults());
      andTenant(sb, "dsl", ob.tenantFilters());
      return sb.build();
    });
  }

  private static void andTenant(Message.Builder b, String exprField, List<TenantFilter> tenants) {
    if (tenants.isEmpty()) {
      return;
    }
    FieldDescriptor templates = Protos.field(b, "expr_template_values");
    if (templates == null) {
      throw new IllegalStateException(b.getDescriptorForType().getFullName() + " has no expr_template_values");
    }
    for (int i = 0; i < b.getRepeatedFieldCount(templates); i++) {
      String key = Protos.string((Message) b.getRepeatedField(templates, i), "key");
      if (key.startsWith(MilvusExpressions.RESERVED_PREFIX)) {
        throw new RequestRejectedException(Cause.PARSE,
            "the request uses the template parameter '" + key + "', which is reserved for the guard");
      }
    }
    FieldDescriptor dslType = Protos.field(b, "dsl_type");
    if (dslType != null && exprField.equals("dsl")) {
      // Milvus 2.x parses every dsl as a boolean expression; say so explicitly.
      b.setField(dslType, dslType.getEnumType().findValueByName("BoolExprV1"));
    }
    String expr = Protos.string(b, exprField);
    for (int i = 0; i < tenants.size(); i++) {
      String param = MilvusExpressions.RESERVED_PREFIX + "t" + i;
      expr = MilvusExpressions.andTenant(expr, tenants.get(i).field(), param);
      Message.Builder entry = b.newBuilderForField(templates);
      FieldDescriptor valueField = Protos.field(entry, "value");
      Message.Builder value = entry.newBuilderForField(valueField);
      value.setField(Protos.field(value, "string_val"), tenants.get(i).value());
      entry.setField(Protos.field(entry, "key"), param);
      entry.setField(valueField, value.build());
      b.addRepeatedField(templates, entry.build());
    }
    b.setField(Protos.field(b, exprField), expr);
  }

  private static void capParams(Message.Builder b, String field, Integer max) {
    if (max == null) {
      return;
    }
    Protos.mapRepeated(b, field, kv -> {
      String key = Protos.string(kv, "key");
      if (!key.equals("topk") && !key.equals("limit")) {
        return kv;
      }
      long value;
      try {
        value = Long.parseLong(Protos.string(kv, "value").trim());
      } catch (NumberFormatException e) {
        throw new RequestRejectedException(Cause.PARSE, "the " + key + " parameter is not a number");
      }
      if (value > 0 && value <= max) {
        return kv;
      }
      Message.Builder kb = kv.toBuilder();
      kb.setField(Protos.field(kb, "value"), String.valueOf(max));
      return kb.build();
    });
  }

  private static boolean hasParam(Message.Builder b, String field, String key) {
    return Protos.messages(b, field).stream().anyMatch(kv -> Protos.string(kv, "key").equals(key));
  }

  private static void addParam(Message.Builder b, String field, String key, String value) {
    FieldDescriptor f = Protos.field(b, field);
    Message.Builder kv = b.newBuilderForField(f);
    kv.setField(Protos.field(kv, "key"), key);
    kv.setField(Protos.field(kv, "value"), value);
    b.addRepeatedField(f, kv.build());
  }
}
