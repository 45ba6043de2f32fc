package dev.vectorguard.grpc.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.GuardFailureException.Cause;
import dev.vectorguard.Obligations;
import dev.vectorguard.milvus.MilvusApi;
import dev.vectorguard.milvus.MilvusExpressions.Confined;
import dev.vectorguard.milvus.MilvusRequestKind;
import dev.vectorguard.milvus.MilvusRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes what {@link MilvusRules} decides into Milvus protobuf requests: the confined
 * {@code dsl}/{@code expr} of the request, its {@code sub_reqs} and hybrid {@code requests}, with
 * the values in {@code expr_template_values}; {@code topk}/{@code limit} in
 * {@code search_params}, {@code query_params} and {@code rank_params}; {@code output_fields}.
 */
final class MilvusRewriter {
  private MilvusRewriter() {}

  static Message rewrite(MilvusApi api, Message request, Obligations ob) {
    if (ob.isNone()) {
      return request;
    }
    ModelRules.enforce(() -> MilvusRules.check(api, new MilvusMessageView(request), ob));
    Message.Builder b = request.toBuilder();
    switch (api.kind()) {
      case SEARCH -> search(b, ob);
      case HYBRID_SEARCH -> {
        capParams(b, "rank_params", ob);
        outputFields(b, ob);
        Protos.mapRepeated(b, "requests", r -> {
          Message.Builder rb = r.toBuilder();
          search(rb, ob);
          return rb.build();
        });
      }
      case QUERY -> {
        capParams(b, "query_params", ob);
        if (Protos.messages(b, "query_params").stream().noneMatch(kv -> Protos.string(kv, "key").equals("limit"))) {
          Long limit = MilvusRules.limit(null, null, ob); // Milvus reads a query without a limit as unbounded
          if (limit != null) {
            addParam(b, "query_params", "limit", String.valueOf(limit));
          }
        }
        outputFields(b, ob);
        confine(b, "expr", MilvusRequestKind.QUERY, ob);
      }
      case DELETE -> confine(b, "expr", MilvusRequestKind.DELETE, ob);
      default -> { }
    }
    return b.build();
  }

  /** A search's own parameters, output fields and expression, then each sub-request's. */
  private static void search(Message.Builder b, Obligations ob) {
    capParams(b, "search_params", ob);
    outputFields(b, ob);
    confine(b, "dsl", MilvusRequestKind.SEARCH, ob);
    Protos.mapRepeated(b, "sub_reqs", sub -> {
      Message.Builder sb = sub.toBuilder();
      capParams(sb, "search_params", ob);
      confine(sb, "dsl", MilvusRequestKind.SEARCH, ob);
      return sb.build();
    });
  }

  private static void confine(Message.Builder b, String exprField, MilvusRequestKind kind, Obligations ob) {
    FieldDescriptor templates = Protos.field(b, "expr_template_values");
    if (templates == null) {
      throw new IllegalStateException(b.getDescriptorForType().getFullName() + " has no expr_template_values");
    }
    List<String> names = new ArrayList<>();
    for (Message entry : Protos.messages(b, "expr_template_values")) {
      names.add(Protos.string(entry, "key"));
    }
    Confined confined = ModelRules.apply(() -> MilvusRules.confine(kind, Protos.string(b, exprField), names, ob));
    if (confined == null) {
      return;
    }
    FieldDescriptor dslType = Protos.field(b, "dsl_type");
    if (dslType != null && exprField.equals("dsl")) {
      // Milvus 2.x parses every dsl as a boolean expression; say so explicitly.
      b.setField(dslType, dslType.getEnumType().findValueByName("BoolExprV1"));
    }
    for (Map.Entry<String, String> parameter : confined.parameters().entrySet()) {
      Message.Builder entry = b.newBuilderForField(templates);
      FieldDescriptor valueField = Protos.field(entry, "value");
      Message.Builder value = entry.newBuilderForField(valueField);
      value.setField(Protos.field(value, "string_val"), parameter.getValue());
      entry.setField(Protos.field(entry, "key"), parameter.getKey());
      entry.setField(valueField, value.build());
      b.addRepeatedField(templates, entry.build());
    }
    b.setField(Protos.field(b, exprField), confined.expression());
  }

  private static void outputFields(Message.Builder b, Obligations ob) {
    FieldDescriptor output = Protos.field(b, "output_fields");
    if (output == null) {
      return;
    }
    Set<String> vectors = MilvusMessageView.annsFields(b);
    List<String> requested = Protos.strings(b, "output_fields");
    List<String> sent = MilvusRules.outputFields(requested, vectors, ob);
    List<String> outgoing = sent == null ? requested : sent;
    ModelRules.enforce(() -> MilvusRules.checkNoWildcardUnderStrip(outgoing, ob, "output_fields '*'"));
    if (sent != null) {
      b.setField(output, sent);
    }
  }

  private static void capParams(Message.Builder b, String field, Obligations ob) {
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
      Long capped = MilvusRules.limit(value, null, ob);
      if (capped == null) {
        return kv;
      }
      Message.Builder kb = kv.toBuilder();
      kb.setField(Protos.field(kb, "value"), String.valueOf(capped));
      return kb.build();
    });
  }

  private static void addParam(Message.Builder b, String field, String key, String value) {
    FieldDescriptor f = Protos.field(b, field);
    Message.Builder kv = b.newBuilderForField(f);
    kv.setField(Protos.field(kv, "key"), key);
    kv.setField(Protos.field(kv, "value"), value);
    b.addRepeatedField(f, kv.build());
  }
}
