package dev.vectorguard.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample events for tests. */
final class Events {
  private Events() {}

  static AuditEvent started(int n, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("decision", Map.of("effect", "allow", "rules", List.of("r" + n)));
    data.put("workload", Map.of("id", "spiffe://acme.io/rag", "verified", true));
    data.put("call", Map.of("backend", "qdrant", "operation", "search", "collections", List.of("docs")));
    return AuditEvent.of("evt_" + n, AuditEvent.CALL_STARTED, "call_" + n, at, data);
  }

  static AuditEvent completed(int n, Instant at) {
    return AuditEvent.of("evt_c" + n, AuditEvent.CALL_COMPLETED, "call_" + n, at,
        Map.of("outcome", Map.of("status", "ok", "code", "200")));
  }
}
