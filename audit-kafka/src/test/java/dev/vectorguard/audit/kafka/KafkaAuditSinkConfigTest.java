package dev.vectorguard.audit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.audit.HashChainFileSink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration fails when the sink is built, says what is wrong, and opens no spool. */
class KafkaAuditSinkConfigTest {
  @TempDir Path dir;

  private KafkaAuditSink.Builder valid() {
    return KafkaAuditSink.builder("audit", "guard-1").spool(HashChainFileSink.builder(dir.resolve("spool")));
  }

  @Test
  void bootstrapServersAreRequired() {
    assertThatThrownBy(() -> valid().open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the Kafka audit sink needs bootstrapServers (host:port of a broker)");
    assertThat(dir.resolve("spool")).doesNotExist();
  }

  @Test
  void bootstrapServersMustBeHostAndPort() {
    assertThatThrownBy(() -> valid().bootstrapServers("kafka-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bootstrapServers must be host:port[,host:port...], but was 'kafka-1'");
    assertThatThrownBy(() -> valid().producerProperty("bootstrap.servers", ""))
        .hasMessage("bootstrapServers must be host:port[,host:port...], but was ''");
  }

  @Test
  void anUnresolvableBrokerFailsAtOpen() {
    assertThatThrownBy(() -> valid().bootstrapServers("no-such-host.invalid:9092").open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the Kafka audit sink's producer options are invalid: ")
        .hasMessageContaining("bootstrap");
    assertThat(dir.resolve("spool")).doesNotExist();
  }

  @Test
  void unknownOptionsAreRefusedWithASuggestion() {
    assertThatThrownBy(() -> valid().producerProperty("linger_ms", "10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown Kafka producer option 'linger_ms' (did you mean 'linger.ms'?); "
            + "see the producer configuration of kafka-clients");
    assertThatThrownBy(() -> valid().producerProperty("no.such.option", "1"))
        .hasMessage("unknown Kafka producer option 'no.such.option'; see the producer configuration of kafka-clients");
  }

  @Test
  void theGuaranteesCannotBeTurnedOff() {
    assertThatThrownBy(() -> valid().producerProperty("enable.idempotence", "false"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Kafka audit sink sets enable.idempotence=true itself, because retries must never "
            + "duplicate or reorder a chain; it cannot be 'false'");
    assertThatThrownBy(() -> valid().producerProperty("acks", "1"))
        .hasMessage("the Kafka audit sink sets acks=all itself, because an event counts as delivered only once "
            + "every in-sync replica has it; it cannot be '1'");
    assertThatThrownBy(() -> valid().producerProperty("transactional.id", "tx"))
        .hasMessageContaining("not transactional");
    valid().producerProperty("acks", "all").producerProperty("acks", "-1").producerProperty("enable.idempotence", "TRUE");
  }

  @Test
  void optionsTheProducerRejectsFailAtOpen() {
    assertThatThrownBy(() -> valid().bootstrapServers("127.0.0.1:9")
            .producerProperty("max.in.flight.requests.per.connection", "6").open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the Kafka audit sink's producer options are invalid: ")
        .hasMessageContaining("max.in.flight.requests.per.connection");
    assertThatThrownBy(() -> valid().bootstrapServers("127.0.0.1:9").producerProperty("linger.ms", "soon").open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("linger.ms");
    assertThat(dir.resolve("spool")).doesNotExist();
  }

  @Test
  void aSpoolIsRequired() {
    assertThatThrownBy(() -> KafkaAuditSink.builder("audit", "guard-1").bootstrapServers("127.0.0.1:9").open())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the Kafka audit sink needs a spool: spool(HashChainFileSink.builder(directory))");
  }

  @Test
  void topicAndInstanceIdAreChecked() {
    assertThatThrownBy(() -> KafkaAuditSink.builder("bad topic", "guard-1"))
        .hasMessage("topic must be 1-249 letters, digits, '.', '_' or '-', but was 'bad topic'");
    assertThatThrownBy(() -> KafkaAuditSink.builder("audit", " "))
        .hasMessage("instanceId must be 1-249 visible characters without spaces, but was ' '");
  }

  @Test
  void aDamagedDeliveryMarkerFailsAtOpen() throws Exception {
    Path spool = Files.createDirectories(dir.resolve("spool"));
    Files.writeString(spool.resolve("audit.delivered"), "garbage");
    assertThatThrownBy(() -> valid().bootstrapServers("127.0.0.1:9").open())
        .hasMessageStartingWith("the delivery marker " + spool.resolve("audit.delivered") + " is damaged ('garbage')");
  }
}
