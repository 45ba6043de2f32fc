package dev.vectorguard.testkit;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An in-memory Qdrant server over in-process gRPC and a loopback TCP port, implementing the official service stubs of
 * {@code io.qdrant:client} ({@code qdrant.Points}, {@code qdrant.Collections}, {@code qdrant.Qdrant}).
 * Point reads (get, scroll with {@code order_by}, count, search, search batch, query, query batch,
 * query groups with lookups), writes (upsert with {@code update_filter}, delete by ids or filter,
 * set payload) and collection calls work on real data, with brute-force cosine, dot or Euclid
 * search and the filter conditions tenant isolation relies on. Points keep their vectors as sent
 * (dense, sparse, multi-dense, named or not) and return them in that form as
 * {@code with_vectors} selects. Every call's metadata (such as {@code api-key}) and request are
 * recorded.
 *
 * <p>The same server answers in-process channels ({@link #newChannel()}) and plain-text gRPC on a
 * free port of the loopback address ({@link #host()}, {@link #port()}), for applications that are
 * configured with a host and a port, such as Spring AI's
 * {@code spring.ai.vectorstore.qdrant.host/port}. It never listens on another interface.
 *
 * <pre>{@code
 * try (QdrantTestServer server = QdrantTestServer.start()) {
 *   ManagedChannel channel = server.newChannel();
 *   QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder(channel, true).build());
 *   ...
 *   assertThat(server.lastCall().header("api-key")).isEqualTo(expectedToken);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Not a Qdrant: no persistence, no indexes, unsupported conditions throw
 * {@code UNIMPLEMENTED}-like errors instead of being ignored.
 */
public final class QdrantTestServer implements AutoCloseable {
  /** The version the health check reports, compatible with the 1.18 Java client. */
  public static final String VERSION = "1.18.0";

  private final String name;
  private final Server server;
  private final Server tcp;
  private final QdrantStore store = new QdrantStore();
  private final CallRecorder recorder = new CallRecorder();
  private final ResponseGate gate = new ResponseGate();

  private QdrantTestServer() {
    this.name = "qdrant-test-" + UUID.randomUUID();
    this.server = withServices(InProcessServerBuilder.forName(name)).build();
    this.tcp = withServices(NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        .build();
  }

  /** Both listeners serve the same store, recorder and gate; the in-memory services never block. */
  private <B extends ServerBuilder<B>> B withServices(B builder) {
    for (BindableService service : List.of(new QdrantPointsService(store, gate),
        new QdrantCollectionsService(store, gate), new Health())) {
      builder.addService(ServerInterceptors.intercept(service, recorder));
    }
    return builder.directExecutor();
  }

  /** Starts a new, empty server. */
  public static QdrantTestServer start() {
    QdrantTestServer s = new QdrantTestServer();
    try {
      s.server.start();
      s.tcp.start();
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("could not start the Qdrant test server", e);
    }
    return s;
  }

  /** The loopback address the TCP listener is bound to, such as {@code 127.0.0.1}. */
  public String host() {
    return InetAddress.getLoopbackAddress().getHostAddress();
  }

  /** The addresses the TCP listener is bound to. */
  List<? extends java.net.SocketAddress> tcpAddresses() {
    return tcp.getListenSockets();
  }

  /** The TCP port (plain-text gRPC) on {@link #host()}, chosen free when the server started. */
  public int port() {
    return tcp.getPort();
  }

  /** A new in-process channel to this server; the caller shuts it down. */
  public ManagedChannel newChannel() {
    return InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** The in-process server name, for {@code InProcessChannelBuilder.forName(...)}. */
  public String name() {
    return name;
  }

  /** Creates a collection directly, without going through any client. */
  public void createCollection(String collection, Distance distance) {
    if (!store.create(Objects.requireNonNull(collection, "collection"), Objects.requireNonNull(distance, "distance"))) {
      throw new IllegalStateException("collection " + collection + " already exists");
    }
  }

  /** Points alias {@code alias} at {@code collection} directly, without going through any client. */
  public void createAlias(String alias, String collection) {
    store.require(collection);
    store.aliases.put(Objects.requireNonNull(alias, "alias"), collection);
  }

  /** Upserts points directly, without going through any client. */
  public void upsert(String collection, List<PointStruct> points) {
    QdrantStore.upsert(store.require(collection), points, null);
  }

  /**
   * Makes every point read (get, scroll, search, query, their batches, groups and lookups) return
   * all the point's vectors whatever the request's {@code with_vectors} says, as a server that
   * ignored the selector would: a test can then show that vectors are stripped from responses,
   * not only turned off in requests.
   */
  public void ignoreWithVectors(boolean ignore) {
    store.ignoreWithVectors = ignore;
  }

  /** The payloads of the points stored in {@code collection}, by point id, in insertion order. */
  public Map<PointId, Map<String, Value>> points(String collection) {
    return QdrantStore.select(store.require(collection), p -> true).stream()
        .collect(Collectors.toMap(QdrantStore.StoredPoint::id, QdrantStore.StoredPoint::payload,
            (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** Every call received so far, in order. */
  public List<RecordedCall> calls() {
    return recorder.calls();
  }

  /** The calls of one method ({@code "qdrant.Points/Search"}). */
  public List<RecordedCall> calls(String method) {
    return recorder.calls().stream().filter(c -> c.method().equals(method)).toList();
  }

  /**
   * The last call received.
   *
   * @throws IllegalStateException when none was received
   */
  public RecordedCall lastCall() {
    List<RecordedCall> calls = recorder.calls();
    if (calls.isEmpty()) {
      throw new IllegalStateException("the Qdrant test server has received no call");
    }
    return calls.get(calls.size() - 1);
  }

  /**
   * Holds every response back until {@link #releaseResponses()}, so a test can cancel a call or
   * let its deadline pass while the server is busy, without sleeping.
   */
  public void holdResponses() {
    gate.hold();
  }

  /** Sends the held responses (to calls still open) and stops holding. */
  public void releaseResponses() {
    gate.release();
  }

  /** How many responses are held back. */
  public int heldResponses() {
    return gate.heldCount();
  }

  /** Forgets the recorded calls (not the data). */
  public void clearCalls() {
    recorder.clear();
  }

  @Override
  public void close() {
    server.shutdownNow();
    tcp.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      tcp.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Health extends QdrantGrpc.QdrantImplBase {
    @Override
    public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> response) {
      response.onNext(HealthCheckReply.newBuilder().setTitle("qdrant - vector search engine (vectorguard testkit)")
          .setVersion(VERSION).build());
      response.onCompleted();
    }
  }
}
