package dev.vectorguard.spring;

import static dev.vectorguard.spring.GuardCalls.DELETE_DOCS;
import static dev.vectorguard.spring.GuardCalls.SEARCH_DOCS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.opentelemetry.VectorGuardTelemetry;
import dev.vectorguard.spring.otel.VectorGuardOpenTelemetryAutoConfiguration;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The guard is traced when the application has an {@link OpenTelemetry} bean, and left alone otherwise. */
class VectorGuardOpenTelemetryAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class,
          VectorGuardOpenTelemetryAutoConfiguration.class))
      .withUserConfiguration(VectorGuardAutoConfigurationTest.PolicyConfig.class)
      .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.audit.sink=none");

  @Test
  void anOpenTelemetryBeanGetsASpanForEachCallOfTheAutoConfiguredGuard() {
    runner.withUserConfiguration(OpenTelemetryConfig.class).run(context -> {
      assertThat(context).hasSingleBean(VectorGuardTelemetry.class);
      VectorGuard guard = context.getBean(VectorGuard.class);
      assertThat(GuardCalls.call(guard, SEARCH_DOCS)).isTrue();
      assertThat(GuardCalls.call(guard, DELETE_DOCS)).isFalse();

      assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
          .extracting(SpanData::getName, span -> span.getAttributes().get(AttributeKey.stringKey("vectorguard.decision")))
          .containsExactly(org.assertj.core.groups.Tuple.tuple("search docs", "allow"),
              org.assertj.core.groups.Tuple.tuple("delete docs", "deny"));
    });
  }

  @Test
  void withoutAnOpenTelemetryBeanNothingIsWired() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(VectorGuard.class)
          .doesNotHaveBean(VectorGuardTelemetry.class)
          .doesNotHaveBean("vectorGuardTelemetryCustomizer");
      assertThat(GuardCalls.call(context.getBean(VectorGuard.class), SEARCH_DOCS)).isTrue();
    });
  }

  @Test
  void withoutTheModuleOnTheClassPathNothingIsWiredEvenWithAnOpenTelemetryBean() {
    runner.withUserConfiguration(OpenTelemetryConfig.class)
        .withClassLoader(new FilteredClassLoader(VectorGuardTelemetry.class))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(VectorGuard.class)
            .doesNotHaveBean("vectorGuardTelemetryCustomizer"));
  }

  @Test
  void whenTheGuardIsDisabledNothingIsWired() {
    runner.withUserConfiguration(OpenTelemetryConfig.class).withPropertyValues("vectorguard.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VectorGuard.class)
            .doesNotHaveBean(VectorGuardTelemetry.class));
  }

  @Test
  void theApplicationsOwnTelemetryBeanIsTheOneUsed() {
    runner.withUserConfiguration(OpenTelemetryConfig.class, OwnTelemetryConfig.class).run(context -> {
      assertThat(context).hasSingleBean(VectorGuardTelemetry.class);
      assertThat(context.getBean(VectorGuardTelemetry.class)).isSameAs(OwnTelemetryConfig.telemetry);
    });
  }

  @Test
  void theImportsFileWiresItAfterTheApplicationsOpenTelemetry() {
    new ApplicationContextRunner()
        .withUserConfiguration(AutoConfigurationImportsTest.App.class, OpenTelemetryConfig.class)
        .withPropertyValues("vectorguard.workload.id=rag", "vectorguard.audit.sink=none")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(VectorGuardTelemetry.class);
          GuardCalls.call(context.getBean(VectorGuard.class), SEARCH_DOCS);
          assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
              .extracting(SpanData::getName).containsExactly("search docs");
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OpenTelemetryConfig {
    @Bean
    InMemorySpanExporter spanExporter() {
      return InMemorySpanExporter.create();
    }

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry(InMemorySpanExporter spans) {
      return OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
          .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnTelemetryConfig {
    static final VectorGuardTelemetry telemetry = VectorGuardTelemetry.create(OpenTelemetry.noop());

    @Bean
    VectorGuardTelemetry ownTelemetry() {
      return telemetry;
    }
  }
}
