package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.TenantFilter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds {@code qdrant.Filter}, {@code qdrant.Condition} and {@code qdrant.PointsSelector} messages by descriptor. */
final class QdrantFilterBuilder {
  private QdrantFilterBuilder() {}

  /**
   * {@code must: [tenant conditions..., {filter: original}]}: the original filter, whatever its
   * should/must_not/min_should, is kept whole as one nested condition.
   */
  static Message withTenant(Message.Builder fresh, @Nullable Message original, List<TenantFilter> tenants) {
    FieldDescriptor must = Protos.field(fresh, "must");
    for (TenantFilter t : tenants) {
      Message.Builder condition = fresh.newBuilderForField(must);
      FieldDescriptor fieldCondition = Protos.field(condition, "field");
      Message.Builder fc = condition.newBuilderForField(fieldCondition);
      fc.setField(Protos.field(fc, "key"), t.field());
      FieldDescriptor matchField = Protos.field(fc, "match");
      Message.Builder match = fc.newBuilderForField(matchField);
      match.setField(Protos.field(match, "keyword"), t.value());
      fc.setField(matchField, match.build());
      condition.setField(fieldCondition, fc.build());
      fresh.addRepeatedField(must, condition.build());
    }
    if (original != null && !original.getAllFields().isEmpty()) {
      Message.Builder nested = fresh.newBuilderForField(must);
      nested.setField(Protos.field(nested, "filter"), original);
      fresh.addRepeatedField(must, nested.build());
    }
    return fresh.build();
  }

  /** A {@code qdrant.PointsSelector} selecting only the tenant's points among the original selection. */
  static Message selectorWithTenant(Message selector, List<TenantFilter> tenants) {
    Message.Builder out = selector.newBuilderForType();
    FieldDescriptor filterField = Protos.field(out, "filter");
    Message ids = Protos.message(selector, "points");
    Message original = Protos.message(selector, "filter");
    if (ids != null) {
      Message.Builder filter = out.newBuilderForField(filterField);
      FieldDescriptor must = Protos.field(filter, "must");
      Message.Builder condition = filter.newBuilderForField(must);
      FieldDescriptor hasIdField = Protos.field(condition, "has_id");
      Message.Builder hasId = condition.newBuilderForField(hasIdField);
      hasId.setField(Protos.field(hasId, "has_id"), ids.getField(Protos.field(ids, "ids")));
      condition.setField(hasIdField, hasId.build());
      filter.addRepeatedField(must, condition.build());
      original = filter.build();
    }
    out.setField(filterField, withTenant(out.newBuilderForField(filterField), original, tenants));
    return out.build();
  }

  /** A {@code qdrant.WithPayloadSelector} asking for {@code fields}, or for no payload when there are none. */
  static Message payloadSelector(Message.Builder selector, List<String> fields) {
    if (fields.isEmpty()) {
      selector.setField(Protos.field(selector, "enable"), false);
      return selector.build();
    }
    FieldDescriptor inField = Protos.field(selector, "include");
    Message.Builder in = selector.newBuilderForField(inField);
    in.setField(Protos.field(in, "fields"), fields);
    selector.setField(inField, in.build());
    return selector.build();
  }
}
