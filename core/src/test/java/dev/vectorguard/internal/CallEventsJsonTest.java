package dev.vectorguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.Decision;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditEvents;
import dev.vectorguard.audit.AuditJson;
import dev.vectorguard.audit.CaptureLevel;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of every kind of event the guard writes. The hash chain covers these bytes and
 * readers of old trails depend on them: a change here is a change of the audit format.
 */
class CallEventsJsonTest {
  private static final Instant AT = Instant.parse("2026-11-29T06:00:00.123Z");
  private static final Identity IDENTITY = Identity.of(Workload.configured("spiffe://acme.io/ns/prod/sa/rag"),
      Actor.builder().user("alice").tenant("acme").build());
  private static final VectorCall SEARCH = VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
      .facts(RequestFacts.builder().limit(10).filterPresent(true).vectorsRequested(true)
          .outputFields(List.of("title", "email")).filterFields(List.of("tenant_id")).build())
      .endpoint("POST /collections/docs/points/search").build();
  private static final VectorCall MILVUS_DELETE = VectorCall.builder(Backend.MILVUS, Operation.DELETE)
      .collection("orders").database("shop").endpoint("milvus.proto.milvus.MilvusService/Delete").build();
  private static final Obligations OBLIGATIONS = Obligations.builder().maxResults(5).stripVectors(true)
      .tenantFilter(new TenantFilter("tenant_id", "acme")).mask(MaskRule.of("email", MaskAction.HASH))
      .mask(MaskRule.of("notes", MaskAction.DETECT_PII)).build();
  private static final Decision ALLOW = Decision.allow(OBLIGATIONS, List.of("rag-reads-docs"),
      "allowed by rag-reads-docs", "sha256:9f2c41d0");
  private static final Decision DENY = Decision.deny(List.of("no-deletes"), "denied by no-deletes", "sha256:9f2c41d0");
  private static final Credential JWT = Credential.of(CredentialKind.QDRANT_JWT, "eyJhbGciOiJFUzI1NiJ9.e30.sig",
      Instant.parse("2026-11-29T06:05:00Z"), "jti-42");

  @Test
  void callStarted() {
    assertThat(json(CallEvents.started("call_1", AT, IDENTITY, SEARCH, ALLOW, true, OBLIGATIONS, JWT, "grant_7",
        "granted by user:bob", CaptureLevel.QUERY))).isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\","
        + "\"type\":\"call.started\",\"call_id\":\"call_1\",\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{"
        + "\"actor\":{\"tenant\":\"acme\",\"user\":\"alice\"},"
        + "\"call\":{\"access\":\"read\",\"backend\":\"qdrant\",\"collections\":[\"docs\"],"
        + "\"endpoint\":\"POST /collections/docs/points/search\",\"operation\":\"search\",\"scope\":\"collection\"},"
        + "\"credential\":{\"exp\":\"2026-11-29T06:05:00Z\",\"fingerprint\":\"" + JWT.fingerprint() + "\","
        + "\"jti\":\"jti-42\",\"kind\":\"qdrant_jwt\"},"
        + "\"decision\":{\"approval\":\"granted by user:bob\",\"approval_id\":\"grant_7\",\"effect\":\"allow\","
        + "\"enforced\":true,\"policy_version\":\"sha256:9f2c41d0\",\"reason\":\"allowed by rag-reads-docs\","
        + "\"rules\":[\"rag-reads-docs\"]},"
        + "\"facts\":{\"filter_fields\":[\"tenant_id\"],\"filter_present\":true,\"limit\":10,"
        + "\"output_fields\":[\"title\",\"email\"],\"vectors_requested\":true},"
        + "\"obligations\":{\"masks\":[\"email:hash\",\"notes:detect-pii\"],\"max_results\":5,\"strip_vectors\":true,"
        + "\"tenant_filters\":[\"tenant_id\"]},"
        + "\"workload\":{\"id\":\"spiffe://acme.io/ns/prod/sa/rag\",\"verified\":false}}}");
  }

  @Test
  void callStartedWithNothingOptional() {
    VectorCall bare = VectorCall.builder(Backend.CHROMA, Operation.LIST_COLLECTIONS).endpoint("GET /api/v2/x").build();
    assertThat(json(CallEvents.started("call_2", AT, Identity.of(Workload.configured("w")), bare,
        Decision.allow(Obligations.NONE, List.of(), "monitor", "v1"), false, Obligations.NONE, Credential.NONE, null,
        CaptureLevel.METADATA))).isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"call.started\","
        + "\"call_id\":\"call_2\",\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{"
        + "\"call\":{\"access\":\"read\",\"backend\":\"chroma\",\"collections\":[],\"endpoint\":\"GET /api/v2/x\","
        + "\"operation\":\"list_collections\",\"scope\":\"global\"},"
        + "\"credential\":{\"kind\":\"none\"},"
        + "\"decision\":{\"effect\":\"allow\",\"enforced\":false,\"policy_version\":\"v1\",\"reason\":\"monitor\","
        + "\"rules\":[]},"
        + "\"facts\":{\"filter_present\":false,\"vectors_requested\":false},"
        + "\"obligations\":{\"strip_vectors\":false},"
        + "\"workload\":{\"id\":\"w\",\"verified\":false}}}");
  }

  @Test
  void callRefusedByThePolicy() {
    assertThat(json(CallEvents.refused("call_3", AT, IDENTITY, MILVUS_DELETE, DENY, null, null, null,
        "Vectorguard refused milvus delete on [orders]: denied by no-deletes")))
        .isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"call.refused\",\"call_id\":\"call_3\","
            + "\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{"
            + "\"actor\":{\"tenant\":\"acme\",\"user\":\"alice\"},"
            + "\"call\":{\"access\":\"write\",\"backend\":\"milvus\",\"collections\":[\"orders\"],\"database\":\"shop\","
            + "\"endpoint\":\"milvus.proto.milvus.MilvusService/Delete\",\"operation\":\"delete\","
            + "\"scope\":\"collection\"},"
            + "\"decision\":{\"effect\":\"deny\",\"enforced\":true,\"policy_version\":\"sha256:9f2c41d0\","
            + "\"reason\":\"denied by no-deletes\",\"rules\":[\"no-deletes\"]},"
            + "\"facts\":{\"filter_present\":false,\"vectors_requested\":false},"
            + "\"reason\":\"Vectorguard refused milvus delete on [orders]: denied by no-deletes\","
            + "\"workload\":{\"id\":\"spiffe://acme.io/ns/prod/sa/rag\",\"verified\":false}}}");
  }

  @Test
  void callRefusedForWantOfApproval() {
    Decision approve = new Decision.NeedsApproval(Obligations.NONE, List.of("ops-deletes"),
        "needs approval by ops-deletes", "sha256:9f2c41d0", List.of("group:dba"), java.time.Duration.ofMinutes(15), true);
    assertThat(json(CallEvents.refused("call_7", AT, IDENTITY, MILVUS_DELETE, approve, "apr_1", "pending", null, null,
        "waiting"))).contains("\"decision\":{\"approval\":\"pending\",\"approval_id\":\"apr_1\","
        + "\"effect\":\"approve\",\"enforced\":true,\"policy_version\":\"sha256:9f2c41d0\","
        + "\"reason\":\"needs approval by ops-deletes\",\"rules\":[\"ops-deletes\"]},");
  }

  @Test
  void callRefusedForACauseAndBeforeClassification() {
    assertThat(json(CallEvents.refused("call_4", AT, IDENTITY, SEARCH, null, null, "token", null, "no token")))
        .isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"call.refused\",\"call_id\":\"call_4\","
            + "\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{"
            + "\"actor\":{\"tenant\":\"acme\",\"user\":\"alice\"},"
            + "\"call\":{\"access\":\"read\",\"backend\":\"qdrant\",\"collections\":[\"docs\"],"
            + "\"endpoint\":\"POST /collections/docs/points/search\",\"operation\":\"search\",\"scope\":\"collection\"},"
            + "\"facts\":{\"filter_present\":true,\"limit\":10,\"output_fields\":[\"title\",\"email\"],"
            + "\"vectors_requested\":true},"
            + "\"failure\":\"token\",\"reason\":\"no token\","
            + "\"workload\":{\"id\":\"spiffe://acme.io/ns/prod/sa/rag\",\"verified\":false}}}");
    assertThat(json(CallEvents.refused("call_5", AT, Identity.of(Workload.configured("w")), null, null, null, "parse",
        "POST /x", "unreadable"))).isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"call.refused\","
        + "\"call_id\":\"call_5\",\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{\"call\":{\"endpoint\":\"POST /x\"},"
        + "\"failure\":\"parse\",\"reason\":\"unreadable\",\"workload\":{\"id\":\"w\",\"verified\":false}}}");
    assertThat(json(CallEvents.unidentified("call_6", AT, Actor.builder().user("alice").build(), "POST /x", "no id")))
        .isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"call.refused\",\"call_id\":\"call_6\","
            + "\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{\"actor\":{\"user\":\"alice\"},"
            + "\"call\":{\"endpoint\":\"POST /x\"},\"failure\":\"identity\",\"reason\":\"no id\"}}");
  }

  @Test
  void callCompleted() {
    CallOutcome outcome = CallOutcome.error("500", "backend failed").resultCount(3).bytes(120, 4096)
        .masked(MaskCounts.of(Map.of(MaskAction.HASH, 3L), Map.of("card", 2L), 3, 3)).build();
    assertThat(json(CallEvents.completed("call_1", AT, IDENTITY, SEARCH, outcome, 1234, CaptureLevel.METADATA,
        "{\"limit\":3}", "{}", 100))).isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"call.completed\","
        + "\"call_id\":\"call_1\",\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{"
        + "\"actor\":{\"tenant\":\"acme\",\"user\":\"alice\"},"
        + "\"call\":{\"backend\":\"qdrant\",\"collections\":[\"docs\"],\"operation\":\"search\"},"
        + "\"masked\":{\"entities\":{\"card\":2},\"fields\":{\"hash\":3},\"records\":3,\"vectors_stripped\":3},"
        + "\"outcome\":{\"bytes_in\":4096,\"bytes_out\":120,\"code\":\"500\",\"error\":\"backend failed\","
        + "\"latency_us\":1234,\"result_count\":3,\"status\":\"error\"},"
        + "\"workload\":{\"id\":\"spiffe://acme.io/ns/prod/sa/rag\",\"verified\":false}}}");
  }

  @Test
  void callCompletedWithCapturedBodies() {
    String request = "{\"vector\":[0.1,0.2],\"limit\":3,\"payload\":{\"a\":1}}";
    String head = "{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"call.completed\",\"call_id\":\"call_1\","
        + "\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{"
        + "\"call\":{\"backend\":\"qdrant\",\"collections\":[\"docs\"],\"operation\":\"search\"},"
        + "\"masked\":{\"entities\":{},\"fields\":{},\"records\":0,\"vectors_stripped\":0},"
        + "\"outcome\":{\"bytes_in\":0,\"bytes_out\":0,\"code\":\"200\",\"latency_us\":7,\"status\":\"ok\"},";
    String tail = "\"workload\":{\"id\":\"w\",\"verified\":false}}}";
    assertThat(json(completed(CaptureLevel.QUERY, request))).isEqualTo(head + "\"query\":{\"limit\":3}," + tail);
    assertThat(json(completed(CaptureLevel.FULL, request))).isEqualTo(head
        + "\"request\":{\"limit\":3,\"payload\":{\"a\":1},\"vector\":\"<vector dims=2>\"},"
        + "\"response\":{\"result\":[]}," + tail);
  }

  private static AuditEvent completed(CaptureLevel level, String request) {
    return CallEvents.completed("call_1", AT, Identity.of(Workload.configured("w")), SEARCH,
        CallOutcome.ok("200").build(), 7, level, request, "{\"result\":[]}", 1000);
  }

  @Test
  void policyAndTrailEvents() {
    assertThat(json(AuditEvents.policyLoaded("policy.yaml", "sha256:9f2c41d0", 12, AT)))
        .isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"policy.loaded\",\"call_id\":null,"
            + "\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{\"rules\":12,\"source\":\"policy.yaml\","
            + "\"version\":\"sha256:9f2c41d0\"}}");
    assertThat(json(AuditEvents.policyRejected("policy.yaml", List.of("rules[2].effect: unknown 'alow'"),
        "sha256:9f2c41d0", AT))).isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"policy.rejected\","
        + "\"call_id\":null,\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{"
        + "\"errors\":[\"rules[2].effect: unknown 'alow'\"],\"source\":\"policy.yaml\","
        + "\"version_in_force\":\"sha256:9f2c41d0\"}}");
    assertThat(json(AuditEvents.policyRejected("policy.yaml", List.of(), null, AT)))
        .endsWith("\"data\":{\"errors\":[],\"source\":\"policy.yaml\"}}");
    assertThat(json(AuditEvents.dropped(17, Instant.parse("2026-11-29T05:59:00Z"), AT)))
        .isEqualTo("{\"schema_version\":1,\"id\":\"evt_X\",\"type\":\"audit.dropped\",\"call_id\":null,"
            + "\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{\"count\":17,\"since\":\"2026-11-29T05:59:00Z\"}}");
  }

  /** The canonical JSON with the random event id replaced. */
  private static String json(AuditEvent event) {
    assertThat(event.id()).matches("evt_[0-9a-f]{32}");
    return AuditJson.toJson(event).replace(event.id(), "evt_X");
  }
}
