package dev.vectorguard.spring.actuate;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.spring.VectorGuardMonitor;
import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.token.TokenSource;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code vectorguard} actuator endpoint: the policy in force (version, rule count, mode), the
 * workload, decisions per effect since start, refusals per cause, and the health of the token
 * source and audit sink, and every vector-database client bean: guarded in place, or left
 * unguarded on purpose ({@code vectorguard.clients.unguarded-beans}). Shows no secret and no call
 * content.
 */
@Endpoint(id = "vectorguard")
public class VectorGuardEndpoint {
  private final VectorGuard guard;
  private final VectorGuardMonitor monitor;
  private final TokenSource tokenSource;
  private final GuardedClients clients;

  public VectorGuardEndpoint(VectorGuard guard, VectorGuardMonitor monitor, TokenSource tokenSource,
      GuardedClients clients) {
    this.guard = guard;
    this.monitor = monitor;
    this.tokenSource = tokenSource;
    this.clients = clients;
  }

  @ReadOperation
  public GuardDescriptor vectorguard() {
    Policy policy = guard.policy();
    return new GuardDescriptor(
        new PolicyDescriptor(policy.version(), GuardHealth.ruleCount(policy), policy.mode().name().toLowerCase(
            java.util.Locale.ROOT), monitor.policyStatus()),
        GuardHealth.workload(guard),
        monitor.decisions(),
        monitor.failures(),
        new ComponentDescriptor(tokenSource.getClass().getSimpleName(), monitor.tokenStatus()),
        new AuditDescriptor(guard.auditMode().name().toLowerCase(java.util.Locale.ROOT), guard.auditFailures(),
            monitor.auditStatus()),
        clients.clients());
  }

  /** What the endpoint returns. */
  public record GuardDescriptor(PolicyDescriptor policy, String workload, Map<String, Long> decisions,
      Map<String, Long> failures, ComponentDescriptor token, AuditDescriptor audit,
      List<GuardedClients.Client> clients) {}

  /**
   * @param rules the number of rules, or {@code null} when the policy does not say
   * @param load the last (re)load of the policy file: loaded, or a rejected reload and why
   */
  public record PolicyDescriptor(String version, @Nullable Integer rules, String mode,
      VectorGuardMonitor.Status load) {}

  public record ComponentDescriptor(String type, VectorGuardMonitor.Status status) {}

  public record AuditDescriptor(String mode, long failures, VectorGuardMonitor.Status status) {}
}
