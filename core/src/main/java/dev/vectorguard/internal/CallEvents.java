package dev.vectorguard.internal;

import dev.vectorguard.Actor;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.CaptureLevel;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.token.Credential;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds the audit events of a guarded call; not public API. Never puts a secret or masked value in. */
public final class CallEvents {
  private CallEvents() {}

  public static AuditEvent started(String callId, Instant at, Identity identity, VectorCall call,
      Decision decision, boolean enforced, Obligations applied, Credential credential,
      @Nullable String approvalId, CaptureLevel level) {
    return started(callId, at, identity, call, decision, enforced, applied, credential, approvalId, null, level);
  }

  /**
   * The {@code call.started} event; {@code approvalNote} is the approval service's one line about
   * the grant that let the call through ("granted by user:bob"), kept as {@code decision.approval}.
   */
  public static AuditEvent started(String callId, Instant at, Identity identity, VectorCall call,
      Decision decision, boolean enforced, Obligations applied, Credential credential,
      @Nullable String approvalId, @Nullable String approvalNote, CaptureLevel level) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("decision", decision(decision, enforced, approvalId, approvalNote));
    putIdentity(data, identity);
    data.put("credential", credential(credential));
    data.put("call", call(call));
    Map<String, Object> facts = facts(call);
    if (level.includes(CaptureLevel.QUERY) && !call.facts().filterFields().isEmpty()) {
      facts.put("filter_fields", call.facts().filterFields());
    }
    data.put("facts", facts);
    data.put("obligations", obligations(applied));
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_STARTED, callId, at, data);
  }

  public static AuditEvent refused(String callId, Instant at, Identity identity, @Nullable VectorCall call,
      @Nullable Decision decision, @Nullable String approvalId, @Nullable String failure,
      @Nullable String endpoint, String reason) {
    return refused(callId, at, identity, call, decision, approvalId, null, failure, endpoint, reason);
  }

  /** The {@code call.refused} event; {@code approvalNote} is the approval request's status, kept as {@code decision.approval}. */
  public static AuditEvent refused(String callId, Instant at, Identity identity, @Nullable VectorCall call,
      @Nullable Decision decision, @Nullable String approvalId, @Nullable String approvalNote,
      @Nullable String failure, @Nullable String endpoint, String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (decision != null) {
      data.put("decision", decision(decision, true, approvalId, approvalNote));
    }
    if (failure != null) {
      data.put("failure", failure);
    }
    data.put("reason", reason);
    putIdentity(data, identity);
    if (call != null) {
      data.put("call", call(call));
      data.put("facts", facts(call));
    } else if (endpoint != null) {
      data.put("call", Map.of("endpoint", endpoint));
    }
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_REFUSED, callId, at, data);
  }

  /** The {@code call.refused} event of a call whose workload identity could not be established. */
  public static AuditEvent unidentified(String callId, Instant at, @Nullable Actor actor, String endpoint,
      String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("failure", "identity");
    data.put("reason", reason);
    if (actor != null) {
      data.put("actor", new java.util.TreeMap<>(actor.attributes()));
    }
    data.put("call", Map.of("endpoint", endpoint));
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_REFUSED, callId, at, data);
  }

  /**
   * The {@code call.completed} event. At {@link CaptureLevel#QUERY} it carries the normalised query
   * of {@code request}; at {@link CaptureLevel#FULL} the request and response bodies, vectors and
   * credential-like fields removed, each cut at {@code captureLimit} bytes.
   */
  public static AuditEvent completed(String callId, Instant at, Identity identity, VectorCall call,
      CallOutcome outcome, long latencyMicros, CaptureLevel level, @Nullable String request,
      @Nullable String response, int captureLimit) {
    Map<String, Object> data = new LinkedHashMap<>();
    putIdentity(data, identity);
    data.put("call", Map.of("backend", call.backend().id(), "operation", call.operation().id(),
        "collections", call.collections()));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
    result.put("code", outcome.code());
    result.put("latency_us", latencyMicros);
    if (outcome.resultCount() != null) {
      result.put("result_count", outcome.resultCount());
    }
    result.put("bytes_out", outcome.bytesOut());
    result.put("bytes_in", outcome.bytesIn());
    if (outcome.error() != null) {
      result.put("error", outcome.error());
    }
    data.put("outcome", result);
    data.put("masked", masked(outcome.masked()));
    if (level == CaptureLevel.QUERY && request != null) {
      data.put("query", BodyCapture.query(request, captureLimit));
    } else if (level == CaptureLevel.FULL) {
      if (request != null) {
        data.put("request", BodyCapture.body(request, captureLimit));
      }
      if (response != null) {
        data.put("response", BodyCapture.body(response, captureLimit));
      }
    }
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_COMPLETED, callId, at, data);
  }

  private static Map<String, Object> decision(Decision decision, boolean enforced, @Nullable String approvalId,
      @Nullable String approvalNote) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("effect", decision.effect().id());
    out.put("rules", decision.rules());
    out.put("reason", decision.reason());
    out.put("policy_version", decision.policyVersion());
    out.put("enforced", enforced);
    if (approvalId != null) {
      out.put("approval_id", approvalId);
    }
    if (approvalNote != null) {
      out.put("approval", approvalNote);
    }
    return out;
  }

  private static void putIdentity(Map<String, Object> data, Identity identity) {
    data.put("workload", Map.of("id", identity.workload().id(), "verified", identity.workload().verified()));
    Actor actor = identity.actor();
    if (actor != null) {
      data.put("actor", new java.util.TreeMap<>(actor.attributes()));
    }
  }

  private static Map<String, Object> credential(Credential credential) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", credential.kind().id());
    if (!credential.fingerprint().isEmpty()) {
      out.put("fingerprint", credential.fingerprint());
    }
    if (credential.tokenId() != null) {
      out.put("jti", credential.tokenId());
    }
    if (credential.expiresAt() != null) {
      out.put("exp", credential.expiresAt().toString());
    }
    return out;
  }

  private static Map<String, Object> call(VectorCall call) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backend", call.backend().id());
    out.put("operation", call.operation().id());
    out.put("access", call.access().id());
    out.put("scope", call.scope().name().toLowerCase(java.util.Locale.ROOT));
    out.put("collections", call.collections());
    if (call.database() != null) {
      out.put("database", call.database());
    }
    out.put("endpoint", call.endpoint());
    return out;
  }

  private static Map<String, Object> facts(VectorCall call) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (call.facts().limit() != null) {
      out.put("limit", call.facts().limit());
    }
    out.put("filter_present", call.facts().filterPresent());
    out.put("vectors_requested", call.facts().vectorsRequested());
    if (!call.facts().outputFields().isEmpty()) {
      out.put("output_fields", call.facts().outputFields());
    }
    return out;
  }

  private static Map<String, Object> obligations(Obligations obligations) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (obligations.maxResults() != null) {
      out.put("max_results", obligations.maxResults());
    }
    out.put("strip_vectors", obligations.stripVectors());
    if (!obligations.tenantFilters().isEmpty()) {
      out.put("tenant_filters", obligations.tenantFilters().stream().map(TenantFilter::field).toList());
    }
    if (!obligations.maskRules().isEmpty()) {
      out.put("masks", obligations.maskRules().stream().map(CallEvents::maskName).toList());
    }
    return out;
  }

  private static String maskName(MaskRule rule) {
    return rule.field() + ':' + rule.action().id();
  }

  private static Map<String, Object> masked(MaskCounts counts) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> fields = new LinkedHashMap<>();
    counts.fieldsByAction().forEach((action, n) -> fields.put(action.id(), n));
    out.put("fields", fields);
    out.put("entities", new java.util.TreeMap<>(counts.entitiesByType()));
    out.put("vectors_stripped", counts.vectorsStripped());
    out.put("records", counts.records());
    return out;
  }
}
