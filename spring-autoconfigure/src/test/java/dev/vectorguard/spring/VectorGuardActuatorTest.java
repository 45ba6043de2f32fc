package dev.vectorguard.spring;

import static dev.vectorguard.spring.GuardCalls.DELETE_DOCS;
import static dev.vectorguard.spring.GuardCalls.SEARCH_DOCS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.spring.actuate.VectorGuardEndpoint;
import dev.vectorguard.spring.actuate.VectorGuardEndpointAutoConfiguration;
import dev.vectorguard.spring.actuate.VectorGuardMetrics;
import dev.vectorguard.spring.actuate.VectorGuardMetricsAutoConfiguration;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.TokenUnavailableException;
import dev.vectorguard.token.TokenSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class VectorGuardActuatorTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
          VectorGuardEndpointAutoConfiguration.class, VectorGuardMetricsAutoConfiguration.class))
      .withUserConfiguration(PolicyConfig.class)
      .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.audit.sink=none",
          "management.endpoints.web.exposure.include=vectorguard");

  @Test
  void endpointShowsPolicyDecisionsAndComponentHealth() {
    runner.withUserConfiguration(SinkConfig.class).run(context -> {
      VectorGuard guard = context.getBean(VectorGuard.class);
      GuardCalls.call(guard, SEARCH_DOCS);
      GuardCalls.call(guard, SEARCH_DOCS);
      GuardCalls.call(guard, DELETE_DOCS);
      VectorGuardEndpoint.GuardDescriptor out = context.getBean(VectorGuardEndpoint.class).vectorguard();
      assertThat(out.policy().version()).isEqualTo("sha256:test");
      assertThat(out.policy().mode()).isEqualTo("enforce");
      assertThat(out.workload()).isEqualTo("rag");
      assertThat(out.decisions()).isEqualTo(Map.of("allow", 2L, "deny", 1L));
      assertThat(out.failures()).isEmpty();
      assertThat(out.token().status().state()).isEqualTo("up");
      assertThat(out.audit().mode()).isEqualTo("required");
      assertThat(out.audit().status().state()).isEqualTo("up");
      assertThat(out.audit().failures()).isZero();
    });
  }

  @Test
  void endpointReportsATokenSourceThatStoppedWorking() {
    runner.withUserConfiguration(FailingTokenConfig.class).run(context -> {
      assertThat(GuardCalls.call(context.getBean(VectorGuard.class), SEARCH_DOCS)).isFalse();
      VectorGuardEndpoint.GuardDescriptor out = context.getBean(VectorGuardEndpoint.class).vectorguard();
      assertThat(out.decisions()).isEqualTo(Map.of("error", 1L));
      assertThat(out.failures()).isEqualTo(Map.of("token", 1L));
      assertThat(out.token().status().state()).isEqualTo("down");
      assertThat(out.token().status().detail())
          .isEqualTo("Vectorguard refused qdrant search on [docs]: no valid credential: issuer unreachable");
    });
  }

  @Test
  void endpointNeedsExposure() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
            VectorGuardEndpointAutoConfiguration.class))
        .withUserConfiguration(PolicyConfig.class)
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.audit.sink=none")
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class)
            .doesNotHaveBean(VectorGuardEndpoint.class));
  }

  @Test
  void endpointBacksOffWithoutActuatorOrWhenDisabled() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class)
            .doesNotHaveBean(VectorGuardEndpoint.class));
    runner.withPropertyValues("vectorguard.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VectorGuardEndpoint.class)
            .doesNotHaveBean(VectorGuardMetrics.class));
  }

  @Test
  void decisionsAndDurationsGoToMicrometer() {
    runner.withUserConfiguration(MeterConfig.class).run(context -> {
      VectorGuard guard = context.getBean(VectorGuard.class);
      GuardCalls.call(guard, SEARCH_DOCS);
      GuardCalls.call(guard, SEARCH_DOCS);
      GuardCalls.call(guard, DELETE_DOCS);
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(meters.get("vectorguard.decisions")
          .tags("effect", "allow", "backend", "qdrant", "operation", "search").counter().count()).isEqualTo(2.0);
      assertThat(meters.get("vectorguard.decisions")
          .tags("effect", "deny", "backend", "qdrant", "operation", "delete").counter().count()).isEqualTo(1.0);
      var timer = meters.get("vectorguard.call.duration")
          .tags("backend", "qdrant", "operation", "search", "outcome", "ok").timer();
      assertThat(timer.count()).isEqualTo(2);
      assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
      assertThat(meters.find("vectorguard.call.duration").tags("operation", "delete").timer()).isNull();
    });
  }

  @Test
  void metricsWithoutARegistryRecordNothingAndBreakNothing() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(VectorGuardMetrics.class).doesNotHaveBean(MeterRegistry.class);
      assertThat(GuardCalls.call(context.getBean(VectorGuard.class), SEARCH_DOCS)).isTrue();
    });
  }

  @Test
  void metricsBackOffWithoutMicrometer() {
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).hasSingleBean(VectorGuard.class)
            .doesNotHaveBean(VectorGuardMetrics.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class PolicyConfig {
    @Bean
    Policy policy() {
      return TestPolicies.docsReadOnly(PolicyMode.ENFORCE);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SinkConfig {
    @Bean
    InMemoryAuditSink auditSink() {
      return new InMemoryAuditSink();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class MeterConfig {
    @Bean
    SimpleMeterRegistry meters() {
      return new SimpleMeterRegistry();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class FailingTokenConfig {
    @Bean
    TokenSource tokens() {
      return request -> {
        throw new TokenUnavailableException("issuer unreachable");
      };
    }
  }
}
