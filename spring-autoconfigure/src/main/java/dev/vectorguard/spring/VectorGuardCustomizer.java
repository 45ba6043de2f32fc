package dev.vectorguard.spring;

import dev.vectorguard.Spi;
import dev.vectorguard.VectorGuard;

/**
 * Adjusts the {@link VectorGuard.Builder} of the auto-configured guard after the
 * {@code vectorguard.*} properties were applied, so a customizer wins over configuration.
 * Customizer beans run in {@code @Order} / {@link org.springframework.core.Ordered} order.
 *
 * <pre>{@code
 * @Bean
 * VectorGuardCustomizer approvals(ApprovalService service) {
 *   return builder -> builder.approvals(service);
 * }
 * }</pre>
 *
 * <p>An audit sink set here replaces the configured one and is not observed by the actuator
 * endpoint and metrics; declare an {@code AuditSink} bean instead to keep them.
 */
@FunctionalInterface
@Spi
public interface VectorGuardCustomizer {

  /** Customizes {@code builder}. */
  void customize(VectorGuard.Builder builder);
}
