package dev.vectorguard.internal;

import dev.vectorguard.Actor;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.audit.AuditData;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.audit.CaptureLevel;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.token.Credential;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the audit events of a guarded call, each data tree once ({@link AuditData}); not public
 * API. Never puts a secret or masked value in.
 */
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
    AuditData data = new AuditData();
    putDecision(data, decision, enforced, approvalId, approvalNote);
    putIdentity(data, identity);
    putCredential(data, credential);
    putCall(data, call);
    putFacts(data, call);
    if (level.includes(CaptureLevel.QUERY) && !call.facts().filterFields().isEmpty()) {
      data.put(AuditFields.FACTS_FILTER_FIELDS, call.facts().filterFields());
    }
    putObligations(data, applied);
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
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_REFUSED, callId, at,
        refusedData(identity, call, decision, approvalId, approvalNote, failure, endpoint, reason));
  }

  private static AuditData refusedData(Identity identity, @Nullable VectorCall call,
      @Nullable Decision decision, @Nullable String approvalId, @Nullable String approvalNote,
      @Nullable String failure, @Nullable String endpoint, String reason) {
    AuditData data = new AuditData();
    if (decision != null) {
      putDecision(data, decision, true, approvalId, approvalNote);
    }
    data.put(AuditFields.FAILURE, failure);
    data.put(AuditFields.REASON, reason);
    putIdentity(data, identity);
    if (call != null) {
      putCall(data, call);
      putFacts(data, call);
    } else {
      data.put(AuditFields.CALL_ENDPOINT, endpoint);
    }
    return data;
  }

  /**
   * The {@code call.refused} event of a call the policy allowed (or an approval let through) whose
   * request could not be made to obey {@code obligations}: the decision, the obligations and why.
   */
  public static AuditEvent unenforceable(String callId, Instant at, Identity identity, VectorCall call,
      Decision decision, @Nullable String approvalId, @Nullable String approvalNote, Obligations obligations,
      String reason) {
    AuditData data = refusedData(identity, call, decision, approvalId, approvalNote, null, null, reason);
    putObligations(data, obligations);
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_REFUSED, callId, at, data);
  }

  /** The {@code call.refused} event of a call whose workload identity could not be established. */
  public static AuditEvent unidentified(String callId, Instant at, @Nullable Actor actor, String endpoint,
      String reason) {
    AuditData data = new AuditData();
    data.put(AuditFields.FAILURE, GuardFailureException.Cause.IDENTITY.id());
    data.put(AuditFields.REASON, reason);
    putActor(data, actor);
    data.put(AuditFields.CALL_ENDPOINT, endpoint);
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
    AuditData data = new AuditData();
    putIdentity(data, identity);
    data.put(AuditFields.CALL_BACKEND, call.backend().id());
    data.put(AuditFields.CALL_OPERATION, call.operation().id());
    data.put(AuditFields.CALL_COLLECTIONS, call.collections());
    data.put(AuditFields.OUTCOME_STATUS, outcome.status().name().toLowerCase(java.util.Locale.ROOT));
    data.put(AuditFields.OUTCOME_CODE, outcome.code());
    data.put(AuditFields.OUTCOME_LATENCY_US, latencyMicros);
    data.put(AuditFields.OUTCOME_RESULT_COUNT, outcome.resultCount());
    data.put(AuditFields.OUTCOME_BYTES_OUT, outcome.bytesOut());
    data.put(AuditFields.OUTCOME_BYTES_IN, outcome.bytesIn());
    data.put(AuditFields.OUTCOME_ERROR, outcome.error());
    putMasked(data, outcome.masked());
    if (level == CaptureLevel.QUERY && request != null) {
      data.put(AuditFields.QUERY, BodyCapture.query(request, captureLimit));
    } else if (level == CaptureLevel.FULL) {
      if (request != null) {
        data.put(AuditFields.REQUEST, BodyCapture.body(request, captureLimit));
      }
      if (response != null) {
        data.put(AuditFields.RESPONSE, BodyCapture.body(response, captureLimit));
      }
    }
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_COMPLETED, callId, at, data);
  }

  private static void putDecision(AuditData data, Decision decision, boolean enforced,
      @Nullable String approvalId, @Nullable String approvalNote) {
    data.put(AuditFields.DECISION_EFFECT, decision.effect().id());
    data.put(AuditFields.DECISION_RULES, decision.rules());
    data.put(AuditFields.DECISION_REASON, decision.reason());
    data.put(AuditFields.DECISION_POLICY_VERSION, decision.policyVersion());
    data.put(AuditFields.DECISION_ENFORCED, enforced);
    data.put(AuditFields.DECISION_APPROVAL_ID, approvalId);
    data.put(AuditFields.DECISION_APPROVAL, approvalNote);
  }

  private static void putIdentity(AuditData data, Identity identity) {
    data.put(AuditFields.WORKLOAD_ID, identity.workload().id());
    data.put(AuditFields.WORKLOAD_VERIFIED, identity.workload().verified());
    if (!identity.workload().attributes().isEmpty()) {
      // Policies may match on workload.<claim>: kept so that a replay decides the call as it was decided.
      data.put(AuditFields.WORKLOAD_CLAIMS, identity.workload().attributes());
    }
    putActor(data, identity.actor());
  }

  private static void putActor(AuditData data, @Nullable Actor actor) {
    if (actor != null) {
      data.put(AuditFields.ACTOR, actor.attributes());
    }
  }

  private static void putCredential(AuditData data, Credential credential) {
    data.put(AuditFields.CREDENTIAL_KIND, credential.kind().id());
    if (!credential.fingerprint().isEmpty()) {
      data.put(AuditFields.CREDENTIAL_FINGERPRINT, credential.fingerprint());
    }
    data.put(AuditFields.CREDENTIAL_JTI, credential.tokenId());
    if (credential.expiresAt() != null) {
      data.put(AuditFields.CREDENTIAL_EXP, credential.expiresAt().toString());
    }
  }

  private static void putCall(AuditData data, VectorCall call) {
    data.put(AuditFields.CALL_BACKEND, call.backend().id());
    data.put(AuditFields.CALL_OPERATION, call.operation().id());
    data.put(AuditFields.CALL_ACCESS, call.access().id());
    data.put(AuditFields.CALL_SCOPE, call.scope().name().toLowerCase(java.util.Locale.ROOT));
    data.put(AuditFields.CALL_COLLECTIONS, call.collections());
    data.put(AuditFields.CALL_DATABASE, call.database());
    data.put(AuditFields.CALL_ENDPOINT, call.endpoint());
  }

  private static void putFacts(AuditData data, VectorCall call) {
    data.put(AuditFields.FACTS_LIMIT, call.facts().limit());
    data.put(AuditFields.FACTS_FILTER_PRESENT, call.facts().filterPresent());
    data.put(AuditFields.FACTS_VECTORS_REQUESTED, call.facts().vectorsRequested());
    if (!call.facts().outputFields().isEmpty()) {
      data.put(AuditFields.FACTS_OUTPUT_FIELDS, call.facts().outputFields());
    }
  }

  /**
   * The data {@code call.started} records of {@code obligations}, under {@link AuditFields#OBLIGATIONS};
   * for a replay to compare with what a trail recorded.
   */
  public static AuditData obligations(Obligations obligations) {
    AuditData data = new AuditData();
    putObligations(data, obligations);
    return data;
  }

  private static void putObligations(AuditData data, Obligations obligations) {
    data.put(AuditFields.OBLIGATIONS_MAX_RESULTS, obligations.maxResults());
    data.put(AuditFields.OBLIGATIONS_STRIP_VECTORS, obligations.stripVectors());
    if (!obligations.tenantFilters().isEmpty()) {
      data.put(AuditFields.OBLIGATIONS_TENANT_FILTERS,
          obligations.tenantFilters().stream().map(TenantFilter::field).toList());
    }
    if (!obligations.maskRules().isEmpty()) {
      data.put(AuditFields.OBLIGATIONS_MASKS, obligations.maskRules().stream().map(CallEvents::maskName).toList());
    }
  }

  private static String maskName(MaskRule rule) {
    return rule.field() + ':' + rule.action().id();
  }

  private static void putMasked(AuditData data, MaskCounts counts) {
    Map<String, Object> fields = new LinkedHashMap<>();
    counts.fieldsByAction().forEach((action, n) -> fields.put(action.id(), n));
    data.put(AuditFields.MASKED_FIELDS, fields);
    data.put(AuditFields.MASKED_ENTITIES, counts.entitiesByType());
    data.put(AuditFields.MASKED_VECTORS_STRIPPED, counts.vectorsStripped());
    data.put(AuditFields.MASKED_RECORDS, counts.records());
  }
}
