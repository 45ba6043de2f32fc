package dev.vectorguard.spring;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.approval.ApprovalService;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyError;
import dev.vectorguard.policy.PolicyValidationException;
import dev.vectorguard.spring.clients.GuardedClients;
import dev.vectorguard.spring.internal.ModePolicy;
import dev.vectorguard.spring.internal.ObservedAuditSink;
import dev.vectorguard.spring.internal.PolicyReloadScheduler;
import dev.vectorguard.token.TokenSource;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the application's {@link VectorGuard} from {@code vectorguard.*} properties. Every part
 * is a bean the application can replace ({@link Policy}, {@link TokenSource}, {@link AuditSink},
 * {@link VectorGuard} itself) and {@link VectorGuardCustomizer} beans adjust the builder after the
 * properties were applied.
 *
 * <p>Active unless {@code vectorguard.enabled=false}. When it is active and the guard cannot be
 * built (no policy, an invalid policy, no workload id, a token source or sink without its
 * settings, a Qdrant signing key too short to sign with, a policy whose {@code hash} masks find no
 * {@code vectorguard.mask.hash-key}), the context fails to start with a
 * {@link VectorGuardConfigurationException}: an application is never left half-guarded, nor
 * refused at its first call for what could be known at start.
 */
@AutoConfiguration
@ConditionalOnClass(VectorGuard.class)
@ConditionalOnVectorGuardEnabled
@EnableConfigurationProperties(VectorGuardProperties.class)
public class VectorGuardAutoConfiguration {

  /**
   * The policy file; a reloading policy (closed with the context) when {@code vectorguard.policy.reload} is set.
   * Package-private, like the scheduler's bean method: their signatures name an internal type.
   */
  @Bean
  @ConditionalOnMissingBean
  Policy vectorGuardPolicy(VectorGuardProperties properties, ResourceLoader resources,
      ObjectProvider<PolicyReloadScheduler> scheduler, VectorGuardMonitor monitor) {
    PolicyReloadScheduler reloads = scheduler.getIfAvailable();
    return PolicyResources.load(properties.getPolicy(), resources, reloads == null ? null : reloads.executor(),
        monitor);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(prefix = "vectorguard.policy", name = "reload", havingValue = "true")
  PolicyReloadScheduler vectorGuardPolicyReloadScheduler() {
    return new PolicyReloadScheduler();
  }

  @Bean
  @ConditionalOnMissingBean
  public TokenSource vectorGuardTokenSource(VectorGuardProperties properties, Environment environment) {
    return GuardComponents.tokenSource(properties.getToken(),
        environment.getProperty(GuardComponents.SPRING_AI_QDRANT_API_KEY));
  }

  @Bean
  @ConditionalOnMissingBean
  public AuditSink vectorGuardAuditSink(VectorGuardProperties properties) {
    return GuardComponents.auditSink(properties.getAudit());
  }

  /**
   * The register of client beans guarded in place or left unguarded on purpose; static and bound
   * from the environment, because the client post-processors ask for it before properties beans exist.
   */
  @Bean
  @ConditionalOnMissingBean
  public static GuardedClients vectorGuardClients(Environment environment) {
    return new GuardedClients(Binder.get(environment)
        .bind(GuardedClients.UNGUARDED_PROPERTY, Bindable.listOf(String.class))
        .orElse(List.of()));
  }

  @Bean
  @ConditionalOnMissingBean
  public VectorGuardMonitor vectorGuardMonitor() {
    return new VectorGuardMonitor(Clock.systemUTC());
  }

  /** The guard; closing it at shutdown flushes and closes the audit sink. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public VectorGuard vectorGuard(VectorGuardProperties properties, Environment environment, Policy policy,
      TokenSource tokenSource, AuditSink auditSink, VectorGuardMonitor monitor,
      ObjectProvider<VectorGuardObserver> observers, ObjectProvider<ApprovalService> approvals,
      ObjectProvider<VectorGuardCustomizer> customizers) {
    Policy effective = properties.getMode() == null ? policy : new ModePolicy(policy, properties.getMode());
    AuditSink observed = new ObservedAuditSink(auditSink, properties.getAudit().getMode(), monitor::auditWritten,
        observers.orderedStream().toList());
    VectorGuard.Builder builder = VectorGuard.builder(effective)
        .workload(workload(properties, environment))
        .tokenSource(tokenSource)
        .auditSink(observed)
        .auditMode(properties.getAudit().getMode())
        .captureLevel(properties.getAudit().getCapture())
        .captureLimit(Math.toIntExact(Math.min(Integer.MAX_VALUE, properties.getAudit().getCaptureLimit().toBytes())))
        .masking(GuardComponents.masking(properties.getMask()));
    approvals.ifAvailable(builder::approvals);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof PolicyValidationException unmet)) {
        throw e;
      }
      // The guard could apply none of these calls' masks: stop the start rather than refuse at the first call.
      List<String> problems = unmet.errors().stream().map(PolicyError::toString).toList();
      throw new VectorGuardConfigurationException("Vectorguard cannot apply the mask rules of its policy with"
          + " the configured masking (" + problems.size() + (problems.size() == 1 ? " error):" : " errors):"),
          problems, "Set vectorguard.mask.hash-key (at least 16 bytes, from a secret store) for hash masks, or"
              + " change the policy's masks (a VectorGuardCustomizer that replaces the masking engine must"
              + " configure what they need).", e);
    }
  }

  private static Workload workload(VectorGuardProperties properties, Environment environment) {
    String id = properties.getWorkload().getId();
    if (id == null || id.isBlank()) {
      id = environment.getProperty("spring.application.name");
    }
    if (id == null || id.isBlank()) {
      throw new VectorGuardConfigurationException("Vectorguard has no workload id to make calls as.",
          "Set vectorguard.workload.id (such as spiffe://acme.io/ns/prod/sa/rag) or spring.application.name.");
    }
    return Workload.configured(id);
  }
}
