package dev.vectorguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.Effect;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedRequest;
import dev.vectorguard.Identity;
import dev.vectorguard.RequestRewrite;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.approval.ApprovalStatus;
import dev.vectorguard.grpc.GrpcCalls;
import dev.vectorguard.grpc.GrpcClassificationException;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.rest.RestDialect;
import dev.vectorguard.rest.RestRequest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs a raw request through the guard's whole request path (decide, approve, check the masks,
 * the leak check and the rewrite) with the adapters' own code, {@link VectorGuard#begin(VectorCall,
 * dev.vectorguard.Actor, RequestRewrite)}, and says what would be sent, or why nothing would be.
 * Nothing is sent and nothing is audited.
 */
final class RequestPath {
  private RequestPath() {}

  /** The rewrite the OkHttp adapter runs, giving what it would send: method, path and body. */
  static RequestRewrite<Object> rest(RestDialect dialect, RestRequest request, VectorCall call) {
    return obligations -> {
      byte[] body = dialect.bodyToSend(request, call, obligations);
      Map<String, Object> sent = new LinkedHashMap<>();
      sent.put("method", request.method());
      sent.put("path", request.rawPath() + (request.query() == null ? "" : "?" + request.query()));
      sent.put("body", body == null ? null : json(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
      return sent;
    };
  }

  /** The rewrite the gRPC adapter runs, giving what it would send: the method and the message. */
  static RequestRewrite<Object> grpc(String method, Message request, VectorCall call) {
    return obligations -> {
      Message rewritten;
      try {
        rewritten = GrpcCalls.rewrite(method, request, call, obligations);
      } catch (GrpcClassificationException e) {
        throw new IllegalStateException("the method was classified, so a binding speaks it: " + e.getMessage(), e);
      }
      Map<String, Object> sent = new LinkedHashMap<>();
      sent.put("method", method);
      try {
        sent.put("message", json(JsonFormat.printer().print(rewritten)));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("a message of a known type prints as JSON", e);
      }
      return sent;
    };
  }

  /**
   * What the guard would do with {@code call}: {@code {"outcome": "sent", "sent": ...}},
   * {@code {"outcome": "needs_approval", "sent": ...}} (what a grant would let through), or
   * {@code {"outcome": "refused", "refusal": ..., ["failure": ...]}}.
   */
  static Map<String, Object> run(Policy policy, Identity identity, VectorCall call, RequestRewrite<Object> rewrite) {
    VectorGuard guard = VectorGuard.builder(policy)
        .workload(identity.workload())
        // A grant is assumed, so that an approve rule shows what would be sent once approved.
        .approvals(request -> ApprovalStatus.granted("explain", "assumed by vectorguard policy explain"))
        // Responses are never masked here; a hash mask only needs some key to be accepted.
        .masking(MaskEngine.create(MaskSettings.builder().hashKey(throwawayKey()).build()))
        .build();
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      GuardedRequest<Object> started = guard.begin(call, identity.actor(), rewrite);
      started.call().complete(CallOutcome.cancelled("not sent: vectorguard policy explain").build());
      boolean approve = started.call().decision().effect() == Effect.APPROVE;
      out.put("outcome", approve ? "needs_approval" : "sent");
      out.put("sent", started.request());
    } catch (CallRefusedException e) {
      out.put("outcome", "refused");
      out.put("refusal", e.getMessage());
    } catch (GuardFailureException e) {
      out.put("outcome", "refused");
      out.put("failure", e.failure().id());
      out.put("refusal", e.getMessage());
    }
    return out;
  }

  private static byte[] throwawayKey() {
    byte[] key = new byte[MaskSettings.MIN_HASH_KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static @Nullable JsonNode json(String text) {
    try {
      return PolicyJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      // A body the dialect sends as it is need not be JSON; show it as a string then.
      return PolicyJson.MAPPER.getNodeFactory().textNode(text);
    }
  }
}
