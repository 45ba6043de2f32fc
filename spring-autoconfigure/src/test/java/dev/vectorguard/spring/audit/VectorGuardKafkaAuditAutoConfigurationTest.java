package dev.vectorguard.spring.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Backend;
import dev.vectorguard.CallOutcome;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.audit.AsyncAuditSink;
import dev.vectorguard.audit.AuditSink;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.audit.kafka.testing.KafkaBroker;
import dev.vectorguard.policy.Policy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.spring.VectorGuardAutoConfiguration;
import dev.vectorguard.spring.VectorGuardConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class VectorGuardKafkaAuditAutoConfigurationTest {
  @TempDir Path dir;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(VectorGuardKafkaAuditAutoConfiguration.class,
          VectorGuardAutoConfiguration.class))
      .withUserConfiguration(PolicyConfig.class)
      .withPropertyValues("vectorguard.workload.id=spiffe://acme.io/ns/test/sa/rag");

  /** A loopback port nobody listens on: the broker is away, so events stay in the spool. */
  private static String awayBroker() {
    return KafkaBroker.unreachableBootstrapServers();
  }

  @Test
  void bootstrapServersWireTheKafkaSinkBehindAnAsyncWriterWithTheSpoolConfigured() throws Exception {
    Path spool = dir.resolve("spool");
    runner.withPropertyValues("vectorguard.audit.kafka.bootstrap-servers=" + awayBroker(),
            "vectorguard.audit.kafka.instance-id=rag-api-0", "vectorguard.audit.kafka.spool-directory=" + spool,
            "vectorguard.audit.kafka.close-timeout=0s", "vectorguard.audit.kafka.producer.compression.type=zstd",
            "vectorguard.audit.file.base-name=trail")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(AuditSink.class);
          assertThat(context.getBean(AuditSink.class)).isInstanceOf(AsyncAuditSink.class);
          VectorGuard guard = context.getBean(VectorGuard.class);
          guard.begin(VectorCall.builder(Backend.QDRANT, Operation.SEARCH).collection("docs")
              .endpoint("POST /collections/docs/points/search").build(), null).complete(CallOutcome.ok("200").build());
        });
    List<Path> files;
    try (Stream<Path> entries = Files.list(spool)) {
      files = entries.filter(p -> p.getFileName().toString().matches("trail-\\d+\\.jsonl")).sorted().toList();
    }
    assertThat(AuditVerifier.verify(files).summary()).isEqualTo("OK 2 events"); // spooled for the broker
  }

  @Test
  void withoutBootstrapServersTheConfiguredSinkStays() {
    runner.withPropertyValues("vectorguard.audit.sink=none").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(AuditSink.class).doesNotHaveBean("vectorGuardKafkaAuditSink");
    });
  }

  @Test
  void anAuditSinkBeanOfTheApplicationWins() throws Exception {
    runner.withUserConfiguration(OwnSink.class)
        .withPropertyValues("vectorguard.audit.kafka.bootstrap-servers=" + awayBroker(),
            "vectorguard.audit.kafka.spool-directory=" + dir)
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditSink.class).hasBean("ownSink"));
  }

  @Test
  void aMissingSpoolDirectoryStopsTheContextNamingTheProperty() throws Exception {
    runner.withPropertyValues("vectorguard.audit.kafka.bootstrap-servers=" + awayBroker(),
            "vectorguard.audit.kafka.instance-id=rag-api-0")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().isInstanceOf(VectorGuardConfigurationException.class)
            .hasMessage("Vectorguard's Kafka audit sink needs vectorguard.audit.kafka.spool-directory."));
  }

  @Test
  void anUnknownProducerOptionStopsTheContext() throws Exception {
    runner.withPropertyValues("vectorguard.audit.kafka.bootstrap-servers=" + awayBroker(),
            "vectorguard.audit.kafka.instance-id=rag-api-0", "vectorguard.audit.kafka.spool-directory=" + dir,
            "vectorguard.audit.kafka.producer.acks=1")
        .run(context -> {
          assertThat(context).hasFailed().getFailure().rootCause()
              .isInstanceOf(VectorGuardConfigurationException.class)
              .hasMessageStartingWith("Vectorguard cannot use the settings under vectorguard.audit.kafka: "
                  + "the Kafka audit sink sets acks=all itself");
          assertThat(dir).isEmptyDirectory(); // no spool was opened
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class PolicyConfig {
    @Bean
    Policy policy() throws Exception {
      return PolicyLoader.parse("""
          version: 1
          rules:
            - id: read-docs
              collections: [docs]
              actions: [read]
              effect: allow
          """, "policy.yaml");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnSink {
    @Bean
    AuditSink ownSink() {
      return event -> { };
    }
  }
}
