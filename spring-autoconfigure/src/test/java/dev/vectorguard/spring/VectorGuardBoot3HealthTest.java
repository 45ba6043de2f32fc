package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.spring.actuate.VectorGuardBoot3HealthAutoConfiguration;
import dev.vectorguard.spring.actuate.VectorGuardBoot3HealthAutoConfiguration.VectorGuardBoot3HealthIndicator;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/** The health indicator on Spring Boot 3; not compiled by the spring-boot-4 profile. */
@EnabledIf("onBoot3")
class VectorGuardBoot3HealthTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
          VectorGuardBoot3HealthAutoConfiguration.class))
      .withUserConfiguration(Config.class)
      .withPropertyValues("vectorguard.workload.id=rag");

  static boolean onBoot3() {
    return ClassUtils.isPresent("org.springframework.boot.actuate.health.Health", null);
  }

  @Test
  void upUntilTheAuditSinkFailsThenDownWithWhy() {
    runner.run(context -> {
      VectorGuardBoot3HealthIndicator indicator = context.getBean(VectorGuardBoot3HealthIndicator.class);
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
            .doesNotHaveBean(VectorGuardBoot3HealthIndicator.class));
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
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
