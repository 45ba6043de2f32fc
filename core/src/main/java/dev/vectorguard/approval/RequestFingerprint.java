package dev.vectorguard.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Actor;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.VectorCall;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a call that needs approval asks, as a digest: workload, actor, backend, operation, access,
 * scope, collections, database, the request facts (limit, vectors, filter and output fields) and
 * the policy version. Retries of the same call share it, so a grant covers exactly that call;
 * filter values are not part of it. Not public API.
 */
final class RequestFingerprint {
  private static final ObjectMapper CANONICAL_JSON = new ObjectMapper();

  private RequestFingerprint() {}

  /** 24 hex digits naming what {@code request} asks; the same call asked again gets the same value. */
  static String of(ApprovalRequest request) {
    VectorCall call = request.call();
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("workload", request.identity().workload().id());
    Actor actor = request.identity().actor();
    key.put("actor", actor == null ? Map.of() : new TreeMap<>(actor.attributes()));
    key.put("backend", call.backend().id());
    key.put("operation", call.operation().id());
    key.put("access", call.access().id());
    key.put("scope", call.scope().name());
    key.put("collections", call.collections());
    key.put("database", String.valueOf(call.database()));
    // What the call asks for beyond its target: an approver who saw "limit 5, no vectors" has not
    // approved "limit 10000 with vectors" on the same collection.
    RequestFacts facts = call.facts();
    key.put("limit", String.valueOf(facts.limit()));
    key.put("vectors_requested", facts.vectorsRequested());
    key.put("filter_present", facts.filterPresent());
    key.put("filter_fields", facts.filterFields());
    key.put("output_fields", facts.outputFields());
    key.put("policy", request.decision().policyVersion());
    try {
      // JSON, not toString(): names containing ", " must not make two requests collide.
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL_JSON.writeValueAsBytes(key));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("could not derive the approval request id", e);
    }
  }
}
