package dev.vectorguard.spring.actuate;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.ReloadingPolicy;
import dev.vectorguard.spring.VectorGuardMonitor;
import dev.vectorguard.spring.internal.ModePolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The health verdict shared by the Boot 3 and Boot 4 health indicators. */
final class GuardHealth {
  private GuardHealth() {}

  /** Down when the token source or the audit sink failed the last time it was used. */
  static boolean up(VectorGuardMonitor monitor) {
    return !monitor.tokenStatus().isDown() && !monitor.auditStatus().isDown();
  }

  static Map<String, Object> details(VectorGuard guard, VectorGuardMonitor monitor) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("policyVersion", guard.policy().version());
    details.put("token", status(monitor.tokenStatus()));
    Map<String, Object> audit = status(monitor.auditStatus());
    audit.put("mode", guard.auditMode().name().toLowerCase(java.util.Locale.ROOT));
    audit.put("failures", guard.auditFailures());
    details.put("audit", audit);
    return details;
  }

  static String workload(VectorGuard guard) {
    try {
      return guard.identify(null).workload().id();
    } catch (RuntimeException e) {
      return "unavailable: " + e.getMessage();
    }
  }

  static @Nullable Integer ruleCount(Policy policy) {
    Policy unwrapped = policy instanceof ModePolicy mode ? mode.delegate() : policy;
    if (unwrapped instanceof ReloadingPolicy reloading) {
      return reloading.current().ruleCount();
    }
    return unwrapped instanceof CompiledPolicy compiled ? compiled.ruleCount() : null;
  }

  private static Map<String, Object> status(VectorGuardMonitor.Status status) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", status.state());
    if (status.since() != null) {
      out.put("since", status.since().toString());
    }
    if (status.detail() != null) {
      out.put("detail", status.detail());
    }
    return out;
  }
}
