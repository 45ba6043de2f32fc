package dev.vectorguard.spring.otel;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.opentelemetry.VectorGuardTelemetry;
import dev.vectorguard.spring.ConditionalOnVectorGuardEnabled;
import dev.vectorguard.spring.VectorGuardCustomizer;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Traces the auto-configured guard's calls ({@link VectorGuardTelemetry}) when
 * {@code vectorguard-opentelemetry} is on the class path and the application has an
 * {@link OpenTelemetry} bean: its own, Spring Boot's or the OpenTelemetry starter's (this runs
 * after their auto-configurations). Without such a bean nothing is wired.
 *
 * <p>The listener is added by a {@link VectorGuardCustomizer}, so it reaches the guard built by
 * {@code VectorGuardAutoConfiguration}; an application that declares its own {@link VectorGuard}
 * bean adds {@code telemetry.callListener()} to its builder itself.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
    "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration"})
@ConditionalOnClass({VectorGuard.class, VectorGuardTelemetry.class, OpenTelemetry.class})
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnVectorGuardEnabled
public class VectorGuardOpenTelemetryAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public VectorGuardTelemetry vectorGuardTelemetry(OpenTelemetry openTelemetry) {
    return VectorGuardTelemetry.create(openTelemetry);
  }

  @Bean
  public VectorGuardCustomizer vectorGuardTelemetryCustomizer(VectorGuardTelemetry telemetry) {
    return builder -> builder.listener(telemetry.callListener());
  }
}
