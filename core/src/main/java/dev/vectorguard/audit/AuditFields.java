package dev.vectorguard.audit;

/**
 * The fields of an audit event's {@link AuditEvent#data() data}, as the dot paths that
 * {@link AuditEvent#get(String)} takes: {@code event.get(AuditFields.DECISION_EFFECT)}. Each
 * constant's name is its path in upper case with {@code _} for {@code .}; its Javadoc names the
 * event types that carry it and its JSON type. A field that is not marked optional is always
 * there in the events named. The event types are {@link AuditEvent#CALL_STARTED} and its
 * siblings; {@code audit-event.schema.json} in this package describes the same events as a JSON
 * Schema (draft 2020-12).
 *
 * <p>Secrets, masked values and vectors are never in an event: a credential appears as its kind
 * and fingerprint, a captured body with its vectors and credential-like fields replaced.
 */
public final class AuditFields {
  // The decision (call.started, call.refused)

  /**
   * {@code call.started}; {@code call.refused}, optional (absent when the guard could not
   * decide): object, the policy's decision.
   */
  public static final String DECISION = "decision";
  /** In {@link #DECISION}: string, {@code allow}, {@code deny} or {@code approve}. */
  public static final String DECISION_EFFECT = "decision.effect";
  /** In {@link #DECISION}: array of strings, the ids of the rules that made it (empty for the default deny). */
  public static final String DECISION_RULES = "decision.rules";
  /** In {@link #DECISION}: string, the one-line explanation. */
  public static final String DECISION_REASON = "decision.reason";
  /** In {@link #DECISION}: string, the version (content digest) of the policy that decided. */
  public static final String DECISION_POLICY_VERSION = "decision.policy_version";
  /** In {@link #DECISION}: boolean, {@code false} when a monitor-mode policy only recorded it. */
  public static final String DECISION_ENFORCED = "decision.enforced";
  /** In {@link #DECISION}, optional (effect {@code approve}): string, the approval request's id. */
  public static final String DECISION_APPROVAL_ID = "decision.approval_id";
  /**
   * In {@link #DECISION}, optional (effect {@code approve}): string, the approval service's one
   * line about the grant ({@code call.started}) or the request's status ({@code call.refused}).
   */
  public static final String DECISION_APPROVAL = "decision.approval";

  // Why a call was refused (call.refused)

  /**
   * {@code call.refused}, optional (absent when the policy refused): string, why the guard could
   * not go on, a {@link dev.vectorguard.GuardFailureException.Cause#id() cause id}: {@code classify},
   * {@code parse}, {@code identity}, {@code decide}, {@code token}, {@code audit} or {@code mask}.
   */
  public static final String FAILURE = "failure";
  /** {@code call.refused}: string, the refusal as the caller was told it. */
  public static final String REASON = "reason";

  // Who called (call.*)

  /**
   * {@code call.started}, {@code call.completed}; {@code call.refused} unless its
   * {@link #FAILURE} is {@code identity}: object, the calling workload.
   */
  public static final String WORKLOAD = "workload";
  /** In {@link #WORKLOAD}: string, the workload's id ({@code spiffe://acme.io/ns/prod/sa/rag}). */
  public static final String WORKLOAD_ID = "workload.id";
  /** In {@link #WORKLOAD}: boolean, whether it came from a verified token rather than configuration. */
  public static final String WORKLOAD_VERIFIED = "workload.verified";
  /**
   * In {@link #WORKLOAD}, optional (absent when there are none): object of strings, the verified
   * claims of the workload's token, which policies match as {@code workload.<claim>}.
   */
  public static final String WORKLOAD_CLAIMS = "workload.claims";
  /**
   * {@code call.*}, optional (absent when the call had no actor): object of strings, the actor's
   * attributes ({@code user}, {@code agent}, {@code tenant}, …).
   */
  public static final String ACTOR = "actor";

  // The credential attached (call.started)

  /** {@code call.started}: object, the credential the guard attached. */
  public static final String CREDENTIAL = "credential";
  /**
   * In {@link #CREDENTIAL}: string, a {@link dev.vectorguard.token.CredentialKind#id() kind id}
   * ({@code qdrant_jwt}, {@code none}, …).
   */
  public static final String CREDENTIAL_KIND = "credential.kind";
  /** In {@link #CREDENTIAL}, optional (absent for no credential): string, a fingerprint of the secret. */
  public static final String CREDENTIAL_FINGERPRINT = "credential.fingerprint";
  /** In {@link #CREDENTIAL}, optional: string, the token's id ({@code jti}). */
  public static final String CREDENTIAL_JTI = "credential.jti";
  /** In {@link #CREDENTIAL}, optional: string, when the token expires, ISO-8601 in UTC. */
  public static final String CREDENTIAL_EXP = "credential.exp";

  // The call (call.*)

  /**
   * {@code call.*}: object, the classified call. {@code call.started} carries every field below
   * but {@link #CALL_DATABASE} when there is none; {@code call.completed} only backend, operation
   * and collections; {@code call.refused} every field, or only {@link #CALL_ENDPOINT} when the
   * call was refused before it could be classified.
   */
  public static final String CALL = "call";
  /** In {@link #CALL}: string, {@code qdrant}, {@code milvus} or {@code chroma}. */
  public static final String CALL_BACKEND = "call.backend";
  /** In {@link #CALL}: string, an {@link dev.vectorguard.Operation#id() operation id} ({@code search}). */
  public static final String CALL_OPERATION = "call.operation";
  /** In {@link #CALL}: string, an {@link dev.vectorguard.AccessLevel#id() access level} ({@code read}). */
  public static final String CALL_ACCESS = "call.access";
  /** In {@link #CALL}: string, {@code collection}, {@code database} or {@code global}. */
  public static final String CALL_SCOPE = "call.scope";
  /** In {@link #CALL}: array of strings, the collections the call names (may be empty). */
  public static final String CALL_COLLECTIONS = "call.collections";
  /** In {@link #CALL}, optional: string, the database the call addresses (Milvus, Chroma). */
  public static final String CALL_DATABASE = "call.database";
  /** In {@link #CALL}: string, what was called ({@code POST /collections/docs/points/search}, a gRPC method). */
  public static final String CALL_ENDPOINT = "call.endpoint";

  // The request facts a policy may look at (call.started, call.refused)

  /**
   * {@code call.started}; {@code call.refused}, optional (only with a classified call): object,
   * the request facts the policy could look at.
   */
  public static final String FACTS = "facts";
  /** In {@link #FACTS}, optional: integer, the result limit the request asked for. */
  public static final String FACTS_LIMIT = "facts.limit";
  /** In {@link #FACTS}: boolean, whether the request has a filter. */
  public static final String FACTS_FILTER_PRESENT = "facts.filter_present";
  /** In {@link #FACTS}: boolean, whether the request asks for vectors. */
  public static final String FACTS_VECTORS_REQUESTED = "facts.vectors_requested";
  /** In {@link #FACTS}, optional (absent when empty): array of strings, the payload fields asked for. */
  public static final String FACTS_OUTPUT_FIELDS = "facts.output_fields";
  /**
   * In {@link #FACTS} of {@code call.started}, optional (capture level {@code query} or
   * {@code full}, absent when empty): array of strings, the fields the filter reads.
   */
  public static final String FACTS_FILTER_FIELDS = "facts.filter_fields";

  // The obligations applied (call.started), or that the request could not obey (call.refused)

  /**
   * {@code call.started}: object, the obligations the call was sent under; {@code call.refused},
   * optional (only with an allowing or granted {@link #DECISION}): the obligations its request
   * could not be made to obey, which is why it was refused.
   */
  public static final String OBLIGATIONS = "obligations";
  /** In {@link #OBLIGATIONS}, optional: integer, the result cap. */
  public static final String OBLIGATIONS_MAX_RESULTS = "obligations.max_results";
  /** In {@link #OBLIGATIONS}: boolean, whether vectors are stripped. */
  public static final String OBLIGATIONS_STRIP_VECTORS = "obligations.strip_vectors";
  /** In {@link #OBLIGATIONS}, optional: array of strings, the fields of the tenant filters (not their values). */
  public static final String OBLIGATIONS_TENANT_FILTERS = "obligations.tenant_filters";
  /** In {@link #OBLIGATIONS}, optional: array of strings, the mask rules as {@code field:action}. */
  public static final String OBLIGATIONS_MASKS = "obligations.masks";

  // How the call ended (call.completed)

  /** {@code call.completed}: object, how the call ended. */
  public static final String OUTCOME = "outcome";
  /** In {@link #OUTCOME}: string, {@code ok}, {@code error} or {@code cancelled}. */
  public static final String OUTCOME_STATUS = "outcome.status";
  /** In {@link #OUTCOME}: string, the transport's status code ({@code 200}, {@code OK}, {@code mask_failed}). */
  public static final String OUTCOME_CODE = "outcome.code";
  /** In {@link #OUTCOME}: integer, microseconds from the decision to the end of the call. */
  public static final String OUTCOME_LATENCY_US = "outcome.latency_us";
  /** In {@link #OUTCOME}, optional: integer, how many results the response held. */
  public static final String OUTCOME_RESULT_COUNT = "outcome.result_count";
  /** In {@link #OUTCOME}: integer, bytes sent. */
  public static final String OUTCOME_BYTES_OUT = "outcome.bytes_out";
  /** In {@link #OUTCOME}: integer, bytes received. */
  public static final String OUTCOME_BYTES_IN = "outcome.bytes_in";
  /** In {@link #OUTCOME}, optional: string, what went wrong. */
  public static final String OUTCOME_ERROR = "outcome.error";

  // What masking changed (call.completed)

  /** {@code call.completed}: object, what masking changed in the response. */
  public static final String MASKED = "masked";
  /** In {@link #MASKED}: object of integers, fields masked per mask action ({@code {"hash": 3}}). */
  public static final String MASKED_FIELDS = "masked.fields";
  /** In {@link #MASKED}: object of integers, PII entities replaced per type ({@code {"card": 2}}). */
  public static final String MASKED_ENTITIES = "masked.entities";
  /** In {@link #MASKED}: integer, vectors removed. */
  public static final String MASKED_VECTORS_STRIPPED = "masked.vectors_stripped";
  /** In {@link #MASKED}: integer, records masked. */
  public static final String MASKED_RECORDS = "masked.records";

  // What was captured (call.completed, by capture level)

  /**
   * {@code call.completed}, optional (capture level {@code query}): object, the request's query
   * fields with vectors removed; {@code {"truncated": true, "bytes": n, "head": "…"}} when over
   * the capture limit, {@code {"unparseable": true, "bytes": n}} when not a JSON object.
   */
  public static final String QUERY = "query";
  /**
   * {@code call.completed}, optional (capture level {@code full}): any JSON, the request body with
   * vectors and credential-like fields replaced; cut or unparseable as for {@link #QUERY}.
   */
  public static final String REQUEST = "request";
  /** {@code call.completed}, optional (capture level {@code full}): any JSON, the masked response body. */
  public static final String RESPONSE = "response";

  // Policy events (policy.loaded, policy.rejected)

  /** {@code policy.loaded}, {@code policy.rejected}: string, where the policy came from (a file name or URL). */
  public static final String SOURCE = "source";
  /** {@code policy.loaded}: string, the policy's version (content digest). */
  public static final String VERSION = "version";
  /** {@code policy.loaded}: integer, how many rules the policy has. */
  public static final String RULES = "rules";
  /** {@code policy.rejected}: array of strings, the validation errors, one line each. */
  public static final String ERRORS = "errors";
  /** {@code policy.rejected}, optional (absent when no policy is in force): string, the version still in force. */
  public static final String VERSION_IN_FORCE = "version_in_force";

  // The trail's own events (audit.dropped, audit.recovered)

  /** {@code audit.dropped}: integer, how many events a full queue dropped. */
  public static final String COUNT = "count";
  /** {@code audit.dropped}: string, when the first of them was dropped, ISO-8601 in UTC. */
  public static final String SINCE = "since";
  /**
   * {@code audit.dropped}, optional (absent: {@code queue_full}): string, why the events are not in
   * the trail: {@code queue_full} (an {@link AsyncAuditSink}'s queue), {@code sink_failed} (the
   * guard's sink did not accept them; written by the guard once it does again) or
   * {@code write_failed} (a {@link HashChainFileSink} had accepted them, then could not write them).
   */
  public static final String CAUSE = "cause";
  /** {@code audit.dropped}, optional: string, the failure that kept them out, as the sink reported it. */
  public static final String ERROR = "error";
  /**
   * {@code audit.dropped} with cause {@code sink_failed}: integer, how many calls the guard refused
   * because their {@code call.started} event was not accepted (required audit mode).
   */
  public static final String REFUSED_CALLS = "refused_calls";
  /**
   * {@code audit.dropped} with cause {@code sink_failed}: integer, how many calls went ahead
   * without their {@code call.started} event (best-effort audit mode).
   */
  public static final String UNAUDITED_CALLS = "unaudited_calls";
  /** {@code audit.recovered}: string, the name of the file that ended in a partial line. */
  public static final String FILE = "file";
  /** {@code audit.recovered}: integer, the bytes of that file up to its last complete line. */
  public static final String COMPLETE_BYTES = "complete_bytes";
  /** {@code audit.recovered}: integer, the bytes of the partial line, lost. */
  public static final String LOST_BYTES = "lost_bytes";

  private AuditFields() {}

  // Approval requests (approval.*)

  /** {@code approval.*}: object, the approval request the event is about. */
  public static final String APPROVAL = "approval";
  /** In {@link #APPROVAL}: string, the request's id ({@code apr_…}). */
  public static final String APPROVAL_ID = "approval.id";
  /** In {@link #APPROVAL}: string, its state after the event ({@code pending}, {@code approved}, …). */
  public static final String APPROVAL_STATE = "approval.state";
  /** In {@link #APPROVAL}: string, the requesting workload's id. */
  public static final String APPROVAL_WORKLOAD = "approval.workload";
  /** In {@link #APPROVAL}, optional (absent without an actor): object of strings, the requesting actor. */
  public static final String APPROVAL_ACTOR = "approval.actor";
  /** In {@link #APPROVAL}: string, one line saying what was asked. */
  public static final String APPROVAL_SUMMARY = "approval.summary";
  /** In {@link #APPROVAL}: array of strings, the rules that asked for approval. */
  public static final String APPROVAL_RULES = "approval.rules";
  /** In {@link #APPROVAL}: integer, how many distinct approvers have approved. */
  public static final String APPROVAL_APPROVALS = "approval.approvals";
  /** In {@link #APPROVAL}: integer, how many it needs ({@code min_approvals}). */
  public static final String APPROVAL_MIN_APPROVALS = "approval.min_approvals";
  /** In {@link #APPROVAL}, optional (absent when no person acted): string, who approved, rejected or revoked. */
  public static final String APPROVAL_BY = "approval.by";
  /** In {@link #APPROVAL}, optional: string, the reason given, or why it expired. */
  public static final String APPROVAL_REASON = "approval.reason";
  /** In {@link #APPROVAL}, optional (once approved): string, an instant, when the grant expires. */
  public static final String APPROVAL_EXPIRES_AT = "approval.expires_at";
}
