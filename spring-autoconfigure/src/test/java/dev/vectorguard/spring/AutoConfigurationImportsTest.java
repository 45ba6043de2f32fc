package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.grpc.MilvusGuard;
import dev.vectorguard.grpc.VectorGuardGrpc;
import dev.vectorguard.okhttp.VectorGuardOkHttp;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.spring.actuate.VectorGuardEndpoint;
import dev.vectorguard.spring.actuate.VectorGuardMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a context the way an application does, from the imports file with every auto-configuration
 * on the class path, so that the health configuration of the other Boot line is skipped cleanly.
 */
class AutoConfigurationImportsTest {

  @Test
  void theImportsFileWiresGuardAdaptersEndpointHealthAndMetricsOnThisBootLine() {
    new ApplicationContextRunner()
        .withUserConfiguration(App.class)
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.audit.sink=none",
            "vectorguard.backends.qdrant=http://qdrant.internal:6333",
            "management.endpoints.web.exposure.include=vectorguard")
        .run(context -> {
          assertThat(context).hasNotFailed()
              .hasSingleBean(VectorGuard.class)
              .hasSingleBean(VectorGuardEndpoint.class)
              .hasSingleBean(VectorGuardMetrics.class)
              .hasSingleBean(VectorGuardOkHttp.class)
              .hasSingleBean(VectorGuardGrpc.class)
              .hasSingleBean(MilvusGuard.class)
              .hasBean("vectorguardHealthIndicator");
          String line = context.getBean("vectorguardHealthIndicator").getClass().getSimpleName();
          boolean boot4 = org.springframework.boot.SpringBootVersion.getVersion().startsWith("4.");
          assertThat(line).isEqualTo(boot4 ? "VectorGuardBoot4HealthIndicator" : "VectorGuardBoot3HealthIndicator");
        });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    Policy policy() {
      return TestPolicies.docsReadOnly(PolicyMode.ENFORCE);
    }
  }
}
