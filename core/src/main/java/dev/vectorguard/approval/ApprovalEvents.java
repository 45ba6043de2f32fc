package dev.vectorguard.approval;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditEvents;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code approval.*} audit events; fields per {@link dev.vectorguard.audit.AuditFields#APPROVAL}. Not public API. */
final class ApprovalEvents {
  private ApprovalEvents() {}

  static AuditEvent of(String type, ApprovalRecord record, @Nullable String by, @Nullable String reason, Instant at) {
    Map<String, Object> approval = new LinkedHashMap<>();
    approval.put("id", record.id());
    approval.put("state", record.state().id());
    approval.put("workload", record.workload());
    if (!record.actor().isEmpty()) {
      approval.put("actor", record.actor());
    }
    approval.put("summary", record.summary());
    approval.put("rules", record.rules());
    approval.put("approvals", record.votes().size());
    approval.put("min_approvals", record.minApprovals());
    approval.put("by", by);
    approval.put("reason", reason);
    approval.put("expires_at", record.expiresAt() == null ? null : record.expiresAt().toString());
    return AuditEvents.create(type, null, at, Map.of("approval", approval));
  }
}
