package dev.vectorguard.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.GuardedRequest;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.rest.RestClassificationException;
import dev.vectorguard.rest.RestDialect;
import dev.vectorguard.rest.RestRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The REST wires through {@link RestDialect}, in the order the OkHttp adapter runs them:
 * classify → {@code guard.begin} → {@code leakRisk} → {@code rewrite}; a canned response goes
 * through the dialect's response handling (listings filtered by what the caller may describe).
 * Aliases and schemas are taught the way the dialect learns them: an alias listing or a describe
 * passing through it.
 */
public final class RestBinding implements TransportBinding {
  private final Wire wire;

  private RestBinding(Wire wire) {
    this.wire = wire;
  }

  public static RestBinding qdrant() {
    return new RestBinding(Wire.QDRANT_REST);
  }

  public static RestBinding milvus() {
    return new RestBinding(Wire.MILVUS_REST);
  }

  @Override
  public Wire wire() {
    return wire;
  }

  /**
   * One request and its canned response through a REST transport: what it sent and what the
   * caller got, or its refusal.
   */
  public interface Exchange {
    Outcome exchange(Spelling spelling, @Nullable String response) throws Exception;
  }

  @Override
  public Outcome send(Scenario scenario, VectorGuard guard) throws Exception {
    RestDialect dialect = RestDialect.forBackend(wire.backend());
    Actor actor = World.actor();
    return send(wire, scenario, (spelling, response) -> exchange(dialect, guard, actor, spelling, response));
  }

  /**
   * Sends {@code scenario} spelled for {@code wire} through {@code exchange}, after teaching the
   * transport the scenario's aliases and, when described, the schema of {@link World#DOCS}, by
   * passing the listing or describe responses through it: what every REST transport's binding does.
   */
  public static Outcome send(Wire wire, Scenario scenario, Exchange exchange) throws Exception {
    teachAliases(wire, exchange, scenario.aliases());
    if (scenario.described() && wire == Wire.MILVUS_REST) {
      StringBuilder fields = new StringBuilder();
      World.MILVUS_FIELDS.forEach((name, type) -> fields.append(fields.length() == 0 ? "" : ",")
          .append("{'name':'").append(name).append("','type':'").append(type).append("','primaryKey':")
          .append(name.equals("id")).append('}'));
      learn(exchange, new Spelling(wire, "POST /v2/vectordb/collections/describe",
          Spelling.json("{'collectionName':'" + World.DOCS + "'}")), Spelling.json("{'code':0,'data':{"
          + "'collectionName':'" + World.DOCS + "','fields':[" + fields + "],'enableDynamicField':true,"
          + "'aliases':[]}}"));
    }
    Spelling spelling = scenario.spelling(wire);
    if (spelling == null) {
      throw new IllegalArgumentException(scenario.id() + " is not spelled for " + wire);
    }
    return exchange.exchange(spelling, scenario.response(wire));
  }

  private static void teachAliases(Wire wire, Exchange exchange, Map<String, String> aliases) throws Exception {
    if (aliases.isEmpty()) {
      return;
    }
    if (wire.backend() == Backend.QDRANT) {
      StringBuilder listed = new StringBuilder();
      aliases.forEach((alias, collection) -> listed.append(listed.length() == 0 ? "" : ",")
          .append("{'alias_name':'").append(alias).append("','collection_name':'").append(collection).append("'}"));
      learn(exchange, new Spelling(wire, "GET /aliases", null),
          Spelling.json("{'result':{'aliases':[" + listed + "]},'status':'ok','time':0.001}"));
    } else {
      for (Map.Entry<String, String> e : aliases.entrySet()) {
        learn(exchange, new Spelling(wire, "POST /v2/vectordb/aliases/describe",
            Spelling.json("{'aliasName':'" + e.getKey() + "'}")), Spelling.json("{'code':0,'data':{'aliasName':'"
            + e.getKey() + "','collectionName':'" + e.getValue() + "','dbName':'default'}}"));
      }
    }
  }

  private static void learn(Exchange exchange, Spelling listing, String response) throws Exception {
    if (exchange.exchange(listing, response) instanceof Outcome.Refused refused) {
      throw new IllegalStateException("the guard refused to teach the transport: " + refused.reason());
    }
  }

  private static Outcome exchange(RestDialect dialect, VectorGuard guard, Actor actor, Spelling spelling,
      @Nullable String response) {
    byte[] body = spelling.body() == null ? null : spelling.body().getBytes(StandardCharsets.UTF_8);
    RestRequest request = RestRequest.of(spelling.method(), spelling.path(), body);
    VectorCall call;
    try {
      call = dialect.classify(request);
    } catch (RestClassificationException | RuntimeException e) {
      return new Outcome.Refused("Vectorguard refused " + request.describe() + ": " + e.getMessage());
    }
    GuardedRequest<byte @Nullable []> started;
    try {
      // What the OkHttp adapter does: the body is checked and rewritten before the call starts.
      started = guard.begin(call, actor, obligations -> dialect.bodyToSend(request, call, obligations));
    } catch (VectorGuardException e) {
      return new Outcome.Refused(e.getMessage());
    }
    GuardedCall guarded = started.call();
    byte[] sent = started.request();
    JsonNode delivered = null;
    if (response != null) {
      try {
        delivered = Trees.parse(respond(dialect, guard, guarded, response.getBytes(StandardCharsets.UTF_8)));
      } catch (Exception e) {
        return withheld(guarded, "the response was withheld: " + e.getMessage());
      }
    }
    guarded.complete(CallOutcome.ok("200").build());
    return new Outcome.Allowed(Trees.parse(body), Trees.parse(sent), delivered);
  }

  /** The response body the caller gets, as the OkHttp adapter would hand it on. */
  private static byte[] respond(RestDialect dialect, VectorGuard guard, GuardedCall guarded, byte[] body)
      throws Exception {
    VectorCall call = guarded.call();
    return switch (dialect.responseKind(call)) {
      case COLLECTIONS -> dialect.filterCollections(call, body, name -> visible(guard, guarded, name));
      case RECORDS -> {
        if (!dialect.masksResponse(call, guarded.obligations())) {
          yield body;
        }
        MaskPlan plan = guard.masking().plan(guarded.obligations().maskRules(), guarded.obligations().stripVectors());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dialect.maskResponse(call, guarded.obligations(), plan, new ByteArrayInputStream(body), out);
        yield out.toByteArray();
      }
      case PASS -> body;
    };
  }

  private static boolean visible(VectorGuard guard, GuardedCall guarded, String name) {
    VectorCall call = guarded.call();
    VectorCall describe = VectorCall.builder(call.backend(), Operation.DESCRIBE_COLLECTION).collection(name)
        .database(call.database()).endpoint(call.endpoint()).build();
    return guard.decide(guarded.identity(), describe).allowed();
  }

  private static Outcome withheld(GuardedCall guarded, @Nullable String detail) {
    String reason = "Vectorguard refused " + guarded.call().backend().id() + ' ' + guarded.call().operation().id()
        + " on " + guarded.call().collections() + ": " + detail;
    guarded.complete(CallOutcome.error("refused", reason).build());
    return new Outcome.Refused(reason);
  }

  @Override
  public List<String> violations(Expectation expectation, Spelling spelling, Outcome.Allowed allowed) {
    return wire == Wire.QDRANT_REST ? QdrantRestChecks.violations(expectation, spelling, allowed)
        : MilvusRestChecks.violations(expectation, spelling, allowed);
  }

  @Override
  public String toString() {
    return wire.id();
  }
}
