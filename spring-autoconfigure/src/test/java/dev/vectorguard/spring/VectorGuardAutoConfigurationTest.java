package dev.vectorguard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Backend;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditMode;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyMode;
import dev.vectorguard.testing.InMemoryAuditSink;
import dev.vectorguard.token.Credential;
import dev.vectorguard.token.CredentialKind;
import dev.vectorguard.token.TokenSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class VectorGuardAutoConfigurationTest {

  private static final VectorCall SEARCH_DOCS = VectorCall.builder(Backend.QDRANT, Operation.SEARCH)
      .collection("docs").endpoint("POST /collections/docs/points/search").build();
  private static final VectorCall DELETE_DOCS = VectorCall.builder(Backend.QDRANT, Operation.DELETE)
      .collection("docs").endpoint("POST /collections/docs/points/delete").build();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class))
      .withUserConfiguration(PolicyConfig.class)
      .withPropertyValues("vectorguard.workload.id=spiffe://acme.io/ns/test/sa/rag", "vectorguard.audit.sink=none");

  @Test
  void buildsTheGuardFromPropertiesAndDecidesWithThePolicyBean() {
    runner.withUserConfiguration(SinkConfig.class).run(context -> {
      assertThat(context).hasSingleBean(VectorGuard.class).hasSingleBean(TokenSource.class);
      VectorGuard guard = context.getBean(VectorGuard.class);
      GuardedCall call = guard.begin(SEARCH_DOCS, null);
      assertThat(call.identity().workload().id()).isEqualTo("spiffe://acme.io/ns/test/sa/rag");
      assertThatThrownBy(() -> guard.begin(DELETE_DOCS, null))
          .isInstanceOf(CallRefusedException.class)
          .hasMessage("Vectorguard refused qdrant delete on [docs]: no rule allows it");
      assertThat(context.getBean(InMemoryAuditSink.class).events()).extracting(AuditEvent::type)
          .containsExactly(AuditEvent.CALL_STARTED, AuditEvent.CALL_REFUSED);
    });
  }

  @Test
  void disabledCreatesNoGuardAtAll() {
    runner.withPropertyValues("vectorguard.enabled=false").run(context -> assertThat(context)
        .hasNotFailed()
        .doesNotHaveBean(VectorGuard.class)
        .doesNotHaveBean(TokenSource.class)
        .doesNotHaveBean(VectorGuardProperties.class));
  }

  @Test
  void backsOffWithoutCore() {
    runner.withClassLoader(new FilteredClassLoader(VectorGuard.class))
        .run(context -> assertThat(context).doesNotHaveBean(VectorGuardProperties.class));
  }

  @Test
  void workloadDefaultsToTheApplicationName() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class))
        .withUserConfiguration(PolicyConfig.class)
        .withPropertyValues("spring.application.name=billing", "vectorguard.audit.sink=none")
        .run(context -> assertThat(context.getBean(VectorGuard.class).identify(null).workload().id())
            .isEqualTo("billing"));
  }

  @Test
  void workloadIdWinsOverTheApplicationName() {
    runner.withPropertyValues("spring.application.name=billing").run(context ->
        assertThat(context.getBean(VectorGuard.class).identify(null).workload().id())
            .isEqualTo("spiffe://acme.io/ns/test/sa/rag"));
  }

  @Test
  void noWorkloadFailsTheStartWithWhatToSet() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(VectorGuardAutoConfiguration.class))
        .withUserConfiguration(PolicyConfig.class)
        .withPropertyValues("vectorguard.audit.sink=none")
        .run(context -> assertThat(context).getFailure()
            .hasRootCauseInstanceOf(VectorGuardConfigurationException.class)
            .rootCause().hasMessage("Vectorguard has no workload id to make calls as."));
  }

  @Test
  void modePropertyOverridesThePolicyMode() {
    runner.withUserConfiguration(SinkConfig.class).withPropertyValues("vectorguard.mode=monitor").run(context -> {
      VectorGuard guard = context.getBean(VectorGuard.class);
      assertThat(guard.policy().mode()).isEqualTo(PolicyMode.MONITOR);
      assertThat(guard.policy().version()).isEqualTo("sha256:test");
      GuardedCall call = guard.begin(DELETE_DOCS, null);
      assertThat(call.decision().effect().id()).isEqualTo("deny");
      assertThat(context.getBean(VectorGuardMonitor.class).decisions()).containsEntry("deny", 1L);
    });
  }

  @Test
  void withoutModePropertyThePolicyModeStands() {
    runner.run(context -> assertThat(context.getBean(VectorGuard.class).policy())
        .isSameAs(context.getBean(Policy.class)));
  }

  @Test
  void staticTokenComesFromPropertiesAndNeverShowsInToString() {
    runner.withPropertyValues("vectorguard.token.type=static", "vectorguard.token.static.value=s3cr3t-key")
        .run(context -> {
          Credential credential = context.getBean(VectorGuard.class).begin(SEARCH_DOCS, null).credential();
          assertThat(credential.kind()).isEqualTo(CredentialKind.STATIC);
          assertThat(credential.secret()).isEqualTo("s3cr3t-key");
          assertThat(context.getBean(VectorGuardProperties.class).toString())
              .doesNotContain("s3cr3t-key").contains("value=<redacted>");
        });
  }

  @Test
  void staticTokenWithoutValueFailsTheStart() {
    runner.withPropertyValues("vectorguard.token.type=static").run(context -> assertThat(context).getFailure()
        .rootCause().isInstanceOf(VectorGuardConfigurationException.class)
        .hasMessage("Vectorguard's token source 'static' needs vectorguard.token.static.value."));
  }

  @Test
  void userBeansReplaceEveryPart() {
    runner.withUserConfiguration(SinkConfig.class, TokenConfig.class).run(context -> {
      assertThat(context).hasSingleBean(TokenSource.class).hasSingleBean(AuditSink.class);
      assertThat(context.getBean(TokenSource.class)).isSameAs(TokenConfig.TOKENS);
      assertThat(context.getBean(VectorGuard.class).begin(SEARCH_DOCS, null).credential().secret())
          .isEqualTo("from-bean");
    });
    runner.withUserConfiguration(GuardConfig.class).run(context -> assertThat(context.getBean(VectorGuard.class))
        .isSameAs(GuardConfig.GUARD));
  }

  @Test
  void customizersRunAfterPropertiesInOrder() {
    runner.withUserConfiguration(SinkConfig.class, CustomizerConfig.class)
        .withPropertyValues("vectorguard.audit.mode=required")
        .run(context -> {
          assertThat(context.getBean(CustomizerConfig.class).order).containsExactly("first", "second");
          // the second customizer set best-effort over the property's required
          assertThat(context.getBean(VectorGuard.class).auditMode()).isEqualTo(AuditMode.BEST_EFFORT);
        });
  }

  @Test
  void requiredAuditRefusesWhenTheSinkFailsAndTheMonitorSaysWhy() {
    runner.withUserConfiguration(FailingSinkConfig.class).run(context -> {
      VectorGuard guard = context.getBean(VectorGuard.class);
      assertThatThrownBy(() -> guard.begin(SEARCH_DOCS, null))
          .hasMessageContaining("its call.started audit event could not be written and audit is required");
      VectorGuardMonitor monitor = context.getBean(VectorGuardMonitor.class);
      assertThat(monitor.decisions()).containsExactly(java.util.Map.entry("error", 1L));
      assertThat(monitor.failures()).containsExactly(java.util.Map.entry("audit", 1L));
      assertThat(monitor.auditStatus().isDown()).isTrue();
      assertThat(monitor.auditStatus().detail()).isEqualTo("the audit sink refused call.refused: java.io.IOException: disk full");
      assertThat(monitor.auditFailures()).isEqualTo(2);
    });
  }

  @Test
  void observerBeansSeeEveryEventAndCannotBreakTheCall() {
    runner.withUserConfiguration(SinkConfig.class, ObserverConfig.class).run(context -> {
      VectorGuard guard = context.getBean(VectorGuard.class);
      guard.begin(SEARCH_DOCS, null).complete(dev.vectorguard.CallOutcome.ok("200").build());
      assertThat(context.getBean(ObserverConfig.class).seen)
          .containsExactly(AuditEvent.CALL_STARTED, AuditEvent.CALL_COMPLETED);
      assertThat(context.getBean(InMemoryAuditSink.class).events()).hasSize(2);
    });
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
  static class FailingSinkConfig {
    @Bean
    AuditSink auditSink() {
      return event -> {
        throw new IOException("disk full");
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TokenConfig {
    static final TokenSource TOKENS = request -> Credential.of(CredentialKind.STATIC, "from-bean", null, null);

    @Bean
    TokenSource tokens() {
      return TOKENS;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class GuardConfig {
    static final VectorGuard GUARD = VectorGuard.builder(TestPolicies.docsReadOnly(PolicyMode.ENFORCE))
        .workload(dev.vectorguard.Workload.configured("mine")).build();

    @Bean
    VectorGuard guard() {
      return GUARD;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfig {
    final List<String> order = new ArrayList<>();

    @Bean
    @Order(2)
    VectorGuardCustomizer second() {
      return builder -> {
        order.add("second");
        builder.auditMode(AuditMode.BEST_EFFORT);
      };
    }

    @Bean
    @Order(1)
    VectorGuardCustomizer first() {
      return builder -> order.add("first");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ObserverConfig {
    final List<String> seen = new ArrayList<>();

    @Bean
    @Order(1)
    VectorGuardObserver failing() {
      return event -> {
        throw new IllegalStateException("observer bug");
      };
    }

    @Bean
    @Order(2)
    VectorGuardObserver recording() {
      return event -> seen.add(event.type());
    }
  }
}
