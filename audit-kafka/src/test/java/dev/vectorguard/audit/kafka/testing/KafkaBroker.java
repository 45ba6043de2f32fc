package dev.vectorguard.audit.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) in its own JVM,
 * started from the Kafka server artifacts on the test classpath: {@code kafka-storage format},
 * then {@code kafka.Kafka server.properties}, listening on free loopback ports. Because it is a
 * separate process it can be killed (SIGKILL) or stopped cleanly and started again on the same
 * ports and data, as a broker outage in production looks to a client.
 *
 * <p>Its output goes to {@code broker.log} in its directory, which a failing start quotes.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path directory;
  private final int port;
  private final int controllerPort;
  private final String classpath;
  private Process process;

  private KafkaBroker(Path directory) throws IOException {
    this.directory = directory;
    this.port = freePort();
    this.controllerPort = freePort();
    this.classpath = brokerClasspath();
    Files.writeString(properties(), serverProperties(), StandardCharsets.UTF_8);
    run(List.of("kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
        "--config", properties().toString(), "--ignore-formatted"), Duration.ofSeconds(60));
  }

  /** Formats a data directory under {@code directory} and starts the broker; returns when it serves. */
  public static KafkaBroker start(Path directory) throws IOException {
    KafkaBroker broker = new KafkaBroker(Files.createDirectories(directory));
    try {
      broker.restart();
    } catch (IOException | RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  /** {@code 127.0.0.1:<port>} of a loopback port nobody listens on: a broker that is away. */
  public static String unreachableBootstrapServers() {
    return "127.0.0.1:" + freePort();
  }

  /** {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Creates a topic with {@code partitions} partitions and one replica. */
  public void createTopic(String topic, int partitions) throws IOException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot create topic " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Kills the broker with SIGKILL: no clean shutdown, as in a crash. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
      process = null;
    }
  }

  /** Stops the broker cleanly (SIGTERM) and waits for it. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  /** Starts the broker on the same ports and data; returns when it answers a metadata request. */
  public void restart() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is running");
    }
    process = launch(List.of("kafka.Kafka", properties().toString()), true);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("the Kafka broker exited with " + process.exitValue() + ": " + logTail());
        }
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IOException("the Kafka broker did not serve within " + START_TIMEOUT + ": " + logTail(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the broker started", e);
    }
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path properties() {
    return directory.resolve("server.properties");
  }

  private String serverProperties() {
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + directory.resolve("data"),
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "") ;
  }

  private void run(List<String> command, Duration timeout) throws IOException {
    Process tool = launch(command, false);
    try {
      if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        tool.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within " + timeout);
      }
      if (tool.exitValue() != 0) {
        throw new IOException(command.get(0) + " failed with " + tool.exitValue() + ": " + logTail());
      }
    } catch (InterruptedException e) {
      tool.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private Process launch(List<String> mainAndArgs, boolean server) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms128m", server ? "-Xmx768m" : "-Xmx128m", "-XX:+UseSerialGC", "-Xshare:auto",
        "-Djava.awt.headless=true", "-cp", classpath));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command)
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("broker.log").toFile()))
        .start();
  }

  private String logTail() {
    try {
      String log = Files.readString(directory.resolve("broker.log"), StandardCharsets.UTF_8);
      return log.substring(Math.max(0, log.length() - 4000));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The test JVM's classpath (Surefire keeps the real one in a property), which holds the broker. */
  private static String brokerClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String classpath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    try {
      Class.forName("kafka.Kafka", false, KafkaBroker.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the Kafka server (org.apache.kafka:kafka_2.13) is not on the classpath: "
          + "add it as a test dependency");
    }
    // The broker runs in its own directory: relative entries (java -cp target/x.jar) must be made absolute.
    return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator)).filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
