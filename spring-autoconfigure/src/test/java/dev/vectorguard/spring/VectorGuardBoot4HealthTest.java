package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.spring.actuate.VectorGuardBoot4HealthAutoConfiguration.VectorGuardBoot4HealthIndicator;
import dev.vectorguard.spring.actuate.VectorGuardBoot4HealthAutoConfiguration;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/** The health indicator on Spring Boot 4; run by the spring-boot-4 profile only. */
@EnabledIf("onBoot4")
class VectorGuardBoot4HealthTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
          VectorGuardBoot4HealthAutoConfiguration.class))
      .withUserConfiguration(Config.class)
      .withPropertyValues("vectorguard.workload.id=rag");

  static boolean onBoot4() {
    return ClassUtils.isPresent("org.springframework.boot.health.contributor.Health", null);
  }

  @Test
  void upUntilTheAuditSinkFailsThenDownWithWhy() {
    runner.run(context -> {
      VectorGuardBoot4HealthIndicator indicator = context.getBean(VectorGuardBoot4HealthIndicator.class);
      Health before = indicator.health();
      assertThat(before.getStatus()).isEqualTo(Status.UP);
      assertThat(before.getDetails()).containsEntry("token", Map.of("status", "unknown"));

      GuardCalls.call(context.getBean(VectorGuard.class), GuardCalls.SEARCH_DOCS);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

      context.getBean(Config.class).failing.set(true);
      GuardCalls.call(context.getBean(VectorGuard.class), GuardCalls.SEARCH_DOCS);
      Health after = indicator.health();
      assertThat(after.getStatus()).isEqualTo(Status.DOWN);
      @SuppressWarnings("unchecked")
      Map<String, Object> audit = (Map<String, Object>) after.getDetails().get("audit");
      assertThat(audit).containsEntry("status", "down").containsEntry("mode", "required")
          .containsEntry("failures", 2L)
          .containsEntry("detail", "the audit sink refused call.refused: java.io.IOException: disk full");
    });
  }

  @Test
  void canBeSwitchedOffAndNeedsTheActuator() {
    runner.withPropertyValues("management.health.vectorguard.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class)
            .doesNotHaveBean(VectorGuardBoot4HealthIndicator.class));
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class)
            .doesNotHaveBean("vectorguardHealthIndicator"));
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {
    final AtomicBoolean failing = new AtomicBoolean();

    @Bean
    Policy policy() {
      return TestPolicies.docsReadOnly(PolicyMode.ENFORCE);
    }

    @Bean
    AuditSink sink() {
      return event -> {
        if (failing.get()) {
          throw new IOException("disk full");
        }
      };
    }
  }
}
