package dev.vectorguard.spring.actuate;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.VectorGuardMonitor;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code vectorguard} health indicator on Spring Boot 3, where the health API lives in
 * {@code spring-boot-actuator}: down when the token source or the audit sink failed the last time
 * it was used. Disabled with {@code management.health.vectorguard.enabled=false}.
 */
@AutoConfiguration(after = VectorGuardAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.health.AbstractHealthIndicator",
    "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
@ConditionalOnVectorGuardEnabled
@ConditionalOnBean({VectorGuard.class, VectorGuardMonitor.class})
public class VectorGuardBoot3HealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "vectorguardHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("vectorguard")
  public VectorGuardBoot3HealthIndicator vectorguardHealthIndicator(VectorGuard guard, VectorGuardMonitor monitor) {
    return new VectorGuardBoot3HealthIndicator(guard, monitor);
  }

  /** The indicator itself. */
  public static final class VectorGuardBoot3HealthIndicator extends AbstractHealthIndicator {
    private final VectorGuard guard;
    private final VectorGuardMonitor monitor;

    VectorGuardBoot3HealthIndicator(VectorGuard guard, VectorGuardMonitor monitor) {
      super("Vectorguard health check failed");
      this.guard = guard;
      this.monitor = monitor;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
      (GuardHealth.up(monitor) ? builder.up() : builder.down()).withDetails(GuardHealth.details(guard, monitor));
    }
  }
}
