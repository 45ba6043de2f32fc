package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Filters collection listings to what the caller may see: Qdrant {@code ListCollectionsResponse}
 * and alias listings, Milvus {@code ShowCollectionsResponse} (its parallel arrays kept aligned) and
 * {@code ListAliasesResponse}.
 * Other responses pass unchanged.
 */
final class Listings {
  private Listings() {}

  static Message filter(Message response, Predicate<String> visible) {
    return switch (response.getDescriptorForType().getFullName()) {
      case "qdrant.ListCollectionsResponse" -> keepMessages(response, "collections", m ->
          visible.test(Protos.string(m, "name")));
      case "qdrant.ListAliasesResponse" -> keepMessages(response, "aliases", m ->
          visible.test(Protos.string(m, "alias_name")) && visible.test(Protos.string(m, "collection_name")));
      case "milvus.proto.milvus.ShowCollectionsResponse" -> milvus(response, visible);
      case "milvus.proto.milvus.ListAliasesResponse" -> keepStrings(response, "aliases", visible);
      default -> response;
    };
  }

  private static Message keepStrings(Message response, String field, Predicate<String> keep) {
    List<String> all = Protos.strings(response, field);
    List<String> kept = all.stream().filter(keep).toList();
    if (kept.size() == response.getRepeatedFieldCount(Protos.field(response, field))) {
      return response;
    }
    Message.Builder b = response.toBuilder();
    b.setField(Protos.field(b, field), kept);
    return b.build();
  }

  private static Message keepMessages(Message response, String field, Predicate<Message> keep) {
    List<Message> all = Protos.messages(response, field);
    List<Message> kept = all.stream().filter(keep).toList();
    if (kept.size() == all.size()) {
      return response;
    }
    Message.Builder b = response.toBuilder();
    b.setField(Protos.field(b, field), kept);
    return b.build();
  }

  private static Message milvus(Message response, Predicate<String> visible) {
    FieldDescriptor names = Protos.field(response, "collection_names");
    int n = response.getRepeatedFieldCount(names);
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (visible.test((String) response.getRepeatedField(names, i))) {
        keep.add(i);
      }
    }
    if (keep.size() == n) {
      return response;
    }
    Message.Builder b = response.toBuilder();
    for (FieldDescriptor f : response.getDescriptorForType().getFields()) {
      if (!f.isRepeated() || response.getRepeatedFieldCount(f) != n) {
        continue;
      }
      List<Object> values = new ArrayList<>();
      for (int i : keep) {
        values.add(response.getRepeatedField(f, i));
      }
      b.setField(f, values);
    }
    return b.build();
  }
}
