package dev.vectorguard.grpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.vectorguard.Backend;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.conformance.Expectation;
import dev.vectorguard.conformance.Outcome;
import dev.vectorguard.conformance.Scenario;
import dev.vectorguard.conformance.Spelling;
import dev.vectorguard.conformance.TransportBinding;
import dev.vectorguard.conformance.Trees;
import dev.vectorguard.conformance.Wire;
import dev.vectorguard.conformance.World;
import dev.vectorguard.grpc.internal.Dialects;
import dev.vectorguard.grpc.internal.GrpcDialect;
import dev.vectorguard.grpc.internal.GuardedExchange;
import dev.vectorguard.model.AliasBook;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gRPC wires through {@link GuardedExchange}, the pipeline both the {@code io.grpc} interceptor
 * and the Milvus SDK's shaded one run: the row's protobuf JSON is parsed into the official client's
 * request type, decided and rewritten; a canned response goes through {@code onResponse} (listings
 * filtered, aliases learned). Aliases are taught by an alias listing ({@code ListAliases},
 * Milvus {@code DescribeAlias}) passing through the same {@link AliasBook}; a described collection
 * by a Milvus {@code DescribeCollection} passing through (the gRPC binding learns nothing from it:
 * its results are typed).
 */
final class GrpcBinding implements TransportBinding {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private final Wire wire;

  private GrpcBinding(Wire wire) {
    this.wire = wire;
  }

  static GrpcBinding qdrant() {
    return new GrpcBinding(Wire.QDRANT_GRPC);
  }

  static GrpcBinding milvus() {
    return new GrpcBinding(Wire.MILVUS_GRPC);
  }

  @Override
  public Wire wire() {
    return wire;
  }

  @Override
  public Outcome send(Scenario scenario, VectorGuard guard) throws Exception {
    AliasBook aliases = new AliasBook();
    teachAliases(guard, aliases, scenario.aliases());
    if (scenario.described() && wire == Wire.MILVUS_GRPC) {
      StringBuilder fields = new StringBuilder();
      World.MILVUS_FIELDS.forEach((name, type) -> fields.append(fields.length() == 0 ? "" : ",")
          .append("{\"name\":\"").append(name).append("\",\"data_type\":\"").append(type)
          .append("\",\"is_primary_key\":").append(name.equals("id")).append('}'));
      learn(guard, aliases, "milvus.proto.milvus.MilvusService/DescribeCollection",
          "{\"collection_name\":\"" + World.DOCS + "\"}", "{\"collection_name\":\"" + World.DOCS
              + "\",\"db_name\":\"default\",\"schema\":{\"name\":\"" + World.DOCS + "\",\"fields\":["
              + fields + "],\"enable_dynamic_field\":true}}");
    }
    Spelling spelling = scenario.spelling(wire);
    if (spelling == null) {
      throw new IllegalArgumentException(scenario.id() + " is not spelled for " + wire);
    }
    return exchange(guard, aliases, spelling.target(), spelling.body(), scenario.response(wire));
  }

  private void teachAliases(VectorGuard guard, AliasBook book, Map<String, String> aliases) throws Exception {
    if (aliases.isEmpty()) {
      return;
    }
    if (wire.backend() == Backend.QDRANT) {
      StringBuilder listed = new StringBuilder();
      aliases.forEach((alias, collection) -> listed.append(listed.length() == 0 ? "" : ",")
          .append("{\"alias_name\":\"").append(alias).append("\",\"collection_name\":\"").append(collection)
          .append("\"}"));
      learn(guard, book, "qdrant.Collections/ListAliases", "{}", "{\"aliases\":[" + listed + "]}");
    } else {
      for (Map.Entry<String, String> alias : aliases.entrySet()) {
        learn(guard, book, "milvus.proto.milvus.MilvusService/DescribeAlias", "{\"alias\":\"" + alias.getKey() + "\"}",
            "{\"db_name\":\"default\",\"alias\":\"" + alias.getKey() + "\",\"collection\":\""
                + alias.getValue() + "\"}");
      }
    }
  }

  private static void learn(VectorGuard guard, AliasBook book, String method, String request, String response)
      throws Exception {
    if (exchange(guard, book, method, request, response) instanceof Outcome.Refused refused) {
      throw new IllegalStateException("the guard refused to teach the transport: " + refused.reason());
    }
  }

  private static Outcome exchange(VectorGuard guard, AliasBook aliases, String method, @Nullable String json,
      @Nullable String cannedResponse) throws InvalidProtocolBufferException {
    GrpcMessages.Types types = GrpcMessages.of(method);
    Message request = parse(types.request(), json == null ? "{}" : json);
    GrpcDialect dialect = Dialects.forMethod(method);
    if (dialect == null) {
      throw new IllegalArgumentException("no dialect speaks " + method);
    }
    GuardedExchange.Start start = GuardedExchange.begin(guard, dialect, method, request, header -> null,
        World.actor(), aliases);
    if (start instanceof GuardedExchange.Refused refused) {
      return new Outcome.Refused(refused.code() + ": " + refused.description());
    }
    GuardedExchange.Proceed proceed = (GuardedExchange.Proceed) start;
    JsonNode delivered = null;
    if (cannedResponse != null) {
      try {
        delivered = tree((Message) proceed.onResponse(parse(types.response(), cannedResponse)));
      } catch (GuardFailureException e) {
        proceed.onClose("CANCELLED", e.getMessage());
        return new Outcome.Refused("the response was withheld: " + e.getMessage());
      }
    }
    proceed.onClose("OK", null);
    return new Outcome.Allowed(tree(request), tree(proceed.request()), delivered);
  }

  private static Message parse(Message prototype, String json) throws InvalidProtocolBufferException {
    Message.Builder builder = prototype.newBuilderForType();
    PARSER.merge(json, builder);
    return builder.build();
  }

  private static JsonNode tree(Message message) throws InvalidProtocolBufferException {
    return Trees.parse(PRINTER.print(message));
  }

  @Override
  public List<String> violations(Expectation expectation, Spelling spelling, Outcome.Allowed allowed) {
    return wire == Wire.QDRANT_GRPC ? QdrantGrpcChecks.violations(expectation, spelling, allowed)
        : MilvusGrpcChecks.violations(expectation, spelling, allowed);
  }

  @Override
  public String toString() {
    return wire.id();
  }
}
