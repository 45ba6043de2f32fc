package dev.vectorguard.internal;

import dev.vectorguard.Actor;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditFields;
import dev.vectorguard.audit.CaptureLevel;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.token.Credential;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Builds the audit events of a guarded call; not public API. Never puts a secret or masked value in. */
public final class CallEvents {
  /** The keys of each AuditFields path, split once rather than on every call's events. */
  private static final Map<String, String[]> KEYS = new ConcurrentHashMap<>();

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
    putDecision(data, decision, enforced, approvalId, approvalNote);
    putIdentity(data, identity);
    putCredential(data, credential);
    putCall(data, call);
    putFacts(data, call);
    if (level.includes(CaptureLevel.QUERY) && !call.facts().filterFields().isEmpty()) {
      put(data, AuditFields.FACTS_FILTER_FIELDS, call.facts().filterFields());
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

  private static Map<String, Object> refusedData(Identity identity, @Nullable VectorCall call,
      @Nullable Decision decision, @Nullable String approvalId, @Nullable String approvalNote,
      @Nullable String failure, @Nullable String endpoint, String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (decision != null) {
      putDecision(data, decision, true, approvalId, approvalNote);
    }
    put(data, AuditFields.FAILURE, failure);
    put(data, AuditFields.REASON, reason);
    putIdentity(data, identity);
    if (call != null) {
      putCall(data, call);
      putFacts(data, call);
    } else {
      put(data, AuditFields.CALL_ENDPOINT, endpoint);
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
    Map<String, Object> data = refusedData(identity, call, decision, approvalId, approvalNote, null, null, reason);
    putObligations(data, obligations);
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_REFUSED, callId, at, data);
  }

  /** The {@code call.refused} event of a call whose workload identity could not be established. */
  public static AuditEvent unidentified(String callId, Instant at, @Nullable Actor actor, String endpoint,
      String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    put(data, AuditFields.FAILURE, GuardFailureException.Cause.IDENTITY.id());
    put(data, AuditFields.REASON, reason);
    putActor(data, actor);
    put(data, AuditFields.CALL_ENDPOINT, endpoint);
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
    put(data, AuditFields.CALL_BACKEND, call.backend().id());
    put(data, AuditFields.CALL_OPERATION, call.operation().id());
    put(data, AuditFields.CALL_COLLECTIONS, call.collections());
    put(data, AuditFields.OUTCOME_STATUS, outcome.status().name().toLowerCase(java.util.Locale.ROOT));
    put(data, AuditFields.OUTCOME_CODE, outcome.code());
    put(data, AuditFields.OUTCOME_LATENCY_US, latencyMicros);
    put(data, AuditFields.OUTCOME_RESULT_COUNT, outcome.resultCount());
    put(data, AuditFields.OUTCOME_BYTES_OUT, outcome.bytesOut());
    put(data, AuditFields.OUTCOME_BYTES_IN, outcome.bytesIn());
    put(data, AuditFields.OUTCOME_ERROR, outcome.error());
    putMasked(data, outcome.masked());
    if (level == CaptureLevel.QUERY && request != null) {
      put(data, AuditFields.QUERY, BodyCapture.query(request, captureLimit));
    } else if (level == CaptureLevel.FULL) {
      if (request != null) {
        put(data, AuditFields.REQUEST, BodyCapture.body(request, captureLimit));
      }
      if (response != null) {
        put(data, AuditFields.RESPONSE, BodyCapture.body(response, captureLimit));
      }
    }
    return AuditEvent.of(Ids.next("evt_"), AuditEvent.CALL_COMPLETED, callId, at, data);
  }

  private static void putDecision(Map<String, Object> data, Decision decision, boolean enforced,
      @Nullable String approvalId, @Nullable String approvalNote) {
    put(data, AuditFields.DECISION_EFFECT, decision.effect().id());
    put(data, AuditFields.DECISION_RULES, decision.rules());
    put(data, AuditFields.DECISION_REASON, decision.reason());
    put(data, AuditFields.DECISION_POLICY_VERSION, decision.policyVersion());
    put(data, AuditFields.DECISION_ENFORCED, enforced);
    put(data, AuditFields.DECISION_APPROVAL_ID, approvalId);
    put(data, AuditFields.DECISION_APPROVAL, approvalNote);
  }

  private static void putIdentity(Map<String, Object> data, Identity identity) {
    put(data, AuditFields.WORKLOAD_ID, identity.workload().id());
    put(data, AuditFields.WORKLOAD_VERIFIED, identity.workload().verified());
    if (!identity.workload().attributes().isEmpty()) {
      // Policies may match on workload.<claim>: kept so that a replay decides the call as it was decided.
      put(data, AuditFields.WORKLOAD_CLAIMS, identity.workload().attributes());
    }
    putActor(data, identity.actor());
  }

  private static void putActor(Map<String, Object> data, @Nullable Actor actor) {
    if (actor != null) {
      put(data, AuditFields.ACTOR, actor.attributes());
    }
  }

  private static void putCredential(Map<String, Object> data, Credential credential) {
    put(data, AuditFields.CREDENTIAL_KIND, credential.kind().id());
    if (!credential.fingerprint().isEmpty()) {
      put(data, AuditFields.CREDENTIAL_FINGERPRINT, credential.fingerprint());
    }
    put(data, AuditFields.CREDENTIAL_JTI, credential.tokenId());
    if (credential.expiresAt() != null) {
      put(data, AuditFields.CREDENTIAL_EXP, credential.expiresAt().toString());
    }
  }

  private static void putCall(Map<String, Object> data, VectorCall call) {
    put(data, AuditFields.CALL_BACKEND, call.backend().id());
    put(data, AuditFields.CALL_OPERATION, call.operation().id());
    put(data, AuditFields.CALL_ACCESS, call.access().id());
    put(data, AuditFields.CALL_SCOPE, call.scope().name().toLowerCase(java.util.Locale.ROOT));
    put(data, AuditFields.CALL_COLLECTIONS, call.collections());
    put(data, AuditFields.CALL_DATABASE, call.database());
    put(data, AuditFields.CALL_ENDPOINT, call.endpoint());
  }

  private static void putFacts(Map<String, Object> data, VectorCall call) {
    put(data, AuditFields.FACTS_LIMIT, call.facts().limit());
    put(data, AuditFields.FACTS_FILTER_PRESENT, call.facts().filterPresent());
    put(data, AuditFields.FACTS_VECTORS_REQUESTED, call.facts().vectorsRequested());
    if (!call.facts().outputFields().isEmpty()) {
      put(data, AuditFields.FACTS_OUTPUT_FIELDS, call.facts().outputFields());
    }
  }

  /** The {@code obligations} object of an event: what {@code call.started} records of {@code obligations}. */
  public static Map<String, Object> obligations(Obligations obligations) {
    Map<String, Object> data = new LinkedHashMap<>();
    putObligations(data, obligations);
    @SuppressWarnings("unchecked")
    Map<String, Object> recorded = (Map<String, Object>) data.get(AuditFields.OBLIGATIONS);
    return recorded;
  }

  private static void putObligations(Map<String, Object> data, Obligations obligations) {
    put(data, AuditFields.OBLIGATIONS_MAX_RESULTS, obligations.maxResults());
    put(data, AuditFields.OBLIGATIONS_STRIP_VECTORS, obligations.stripVectors());
    if (!obligations.tenantFilters().isEmpty()) {
      put(data, AuditFields.OBLIGATIONS_TENANT_FILTERS,
          obligations.tenantFilters().stream().map(TenantFilter::field).toList());
    }
    if (!obligations.maskRules().isEmpty()) {
      put(data, AuditFields.OBLIGATIONS_MASKS, obligations.maskRules().stream().map(CallEvents::maskName).toList());
    }
  }

  private static String maskName(MaskRule rule) {
    return rule.field() + ':' + rule.action().id();
  }

  private static void putMasked(Map<String, Object> data, MaskCounts counts) {
    Map<String, Object> fields = new LinkedHashMap<>();
    counts.fieldsByAction().forEach((action, n) -> fields.put(action.id(), n));
    put(data, AuditFields.MASKED_FIELDS, fields);
    put(data, AuditFields.MASKED_ENTITIES, counts.entitiesByType());
    put(data, AuditFields.MASKED_VECTORS_STRIPPED, counts.vectorsStripped());
    put(data, AuditFields.MASKED_RECORDS, counts.records());
  }

  /**
   * Puts {@code value} at the dot {@code path} of {@code data}, making the objects on the way;
   * leaves a null value out, as {@link AuditEvent#of} would.
   */
  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> data, String path, @Nullable Object value) {
    if (value == null) {
      return;
    }
    String[] keys = KEYS.computeIfAbsent(path, p -> p.split("\\."));
    Map<String, Object> map = data;
    for (int i = 0; i < keys.length - 1; i++) {
      map = (Map<String, Object>) map.computeIfAbsent(keys[i], key -> new LinkedHashMap<>());
    }
    map.put(keys[keys.length - 1], value);
  }
}
