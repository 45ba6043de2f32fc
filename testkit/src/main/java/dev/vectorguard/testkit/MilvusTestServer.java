package dev.vectorguard.testkit;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.KeyValuePair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory Milvus server on a loopback port, implementing the official
 * {@code MilvusService} of {@code io.milvus:milvus-sdk-java}'s protobuf classes, for tests with the
 * real SDK, 2.5.x (plain gRPC) and 2.6.x (shaded gRPC) alike: connect, list databases, create/has/describe collection, load state,
 * insert, upsert, delete, query, brute-force cosine search on a float vector field and hybrid
 * search fused by reciprocal rank, with every vector type in results (float, binary, float16,
 * bfloat16, int8 and sparse vectors, nullable ones compact, struct arrays with vector
 * sub-fields, laid out as {@code schema.proto} says), and an evaluator for the
 * expressions tenant isolation relies on ({@code ==}, {@code in}, {@code and}, {@code or},
 * {@code not}, template parameters). The metadata of every call ({@code authorization},
 * {@code dbname}) is recorded.
 *
 * <pre>{@code
 * try (MilvusTestServer server = MilvusTestServer.start()) {
 *   server.createCollection("docs", 2, List.of("tenant", "email"));
 *   MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(server.uri()).build());
 *   ...
 *   assertThat(server.lastCall().header("authorization")).isEqualTo(expected);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Methods it does not implement answer {@code UNIMPLEMENTED}.
 */
public final class MilvusTestServer implements AutoCloseable {
  /** The only address the server listens on: tests must never expose it beyond this machine. */
  private static final String LOOPBACK = "127.0.0.1";

  private final MilvusService service = new MilvusService();
  private final CallRecorder recorder = new CallRecorder();
  private final Server server;

  private MilvusTestServer() {
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0))
        .addService(ServerInterceptors.intercept(MilvusServiceDefinition.of(service), recorder))
        .build();
  }

  /** Starts a new, empty server on a free loopback port. */
  public static MilvusTestServer start() {
    MilvusTestServer s = new MilvusTestServer();
    try {
      s.server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Milvus test server", e);
    }
    return s;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** The URI for {@code ConnectConfig.builder().uri(...)}. */
  public String uri() {
    return "http://" + LOOPBACK + ":" + port();
  }

  /** The addresses the server listens on: one, on loopback. */
  public List<SocketAddress> listenAddresses() {
    return List.copyOf(server.getListenSockets());
  }

  /**
   * Creates a collection directly: an Int64 primary key {@code id}, a FloatVector {@code vector}
   * of {@code dim}, VarChar {@code varcharFields}, and dynamic fields enabled.
   */
  public void createCollection(String name, int dim, List<String> varcharFields) {
    CollectionSchema.Builder schema = CollectionSchema.newBuilder().setName(name).setEnableDynamicField(true)
        .addFields(FieldSchema.newBuilder().setFieldID(100).setName("id").setDataType(DataType.Int64)
            .setIsPrimaryKey(true))
        .addFields(FieldSchema.newBuilder().setFieldID(101).setName("vector").setDataType(DataType.FloatVector)
            .addTypeParams(KeyValuePair.newBuilder().setKey("dim").setValue(String.valueOf(dim))));
    long id = 102;
    for (String f : varcharFields) {
      schema.addFields(FieldSchema.newBuilder().setFieldID(id++).setName(f).setDataType(DataType.VarChar)
          .addTypeParams(KeyValuePair.newBuilder().setKey("max_length").setValue("512")));
    }
    createCollection(schema.build());
  }

  /** Creates a collection with {@code schema} directly. */
  public void createCollection(CollectionSchema schema) {
    if (service.collections.putIfAbsent(schema.getName(), new MilvusService.Collection(schema)) != null) {
      throw new IllegalStateException("collection " + schema.getName() + " already exists");
    }
  }

  /** Makes {@code name} a database the SDK can connect to; collections stay shared by every database. */
  public void createDatabase(String name) {
    service.databases.add(name);
  }

  /** Points alias {@code alias} at {@code collection} directly, without going through any client. */
  public void createAlias(String alias, String collection) {
    require(collection);
    service.aliases.put(alias, collection);
  }

  /**
   * Inserts rows directly (field name to value): float vectors as {@code List<Float>}; binary,
   * float16, bfloat16 and int8 vectors as {@code byte[]} (the vector's bytes); sparse vectors as
   * {@code SortedMap<Long, Float>}; struct arrays as {@code List<Map<String, Object>>}; a missing
   * or null vector is a null of a nullable field.
   */
  public void insert(String collection, List<Map<String, Object>> rows) {
    MilvusService.Collection c = require(collection);
    synchronized (c) {
      for (Map<String, Object> row : rows) {
        c.rows.put(row.get(c.pk().getName()), new LinkedHashMap<>(row));
      }
    }
  }

  /** A copy of the rows stored in {@code collection}, in insertion order. */
  public List<Map<String, Object>> rows(String collection) {
    MilvusService.Collection c = require(collection);
    synchronized (c) {
      List<Map<String, Object>> out = new ArrayList<>();
      c.rows.values().forEach(r -> out.add(new LinkedHashMap<>(r)));
      return out;
    }
  }

  private MilvusService.Collection require(String collection) {
    MilvusService.Collection c = service.collections.get(collection);
    if (c == null) {
      throw new IllegalArgumentException("no collection " + collection);
    }
    return c;
  }

  /** Every call received so far, in order. */
  public List<RecordedCall> calls() {
    return recorder.calls();
  }

  /** The calls of one method ({@code "Search"} or {@code "milvus.proto.milvus.MilvusService/Search"}). */
  public List<RecordedCall> calls(String method) {
    return calls().stream().filter(c -> c.method().equals(method) || c.method().endsWith("/" + method)).toList();
  }

  /**
   * The last call received.
   *
   * @throws IllegalStateException when none was received
   */
  public RecordedCall lastCall() {
    List<RecordedCall> all = calls();
    if (all.isEmpty()) {
      throw new IllegalStateException("the Milvus test server has received no call");
    }
    return all.get(all.size() - 1);
  }

  /**
   * Holds every response back until {@link #releaseResponses()}, so a test can let a deadline
   * pass or cancel a call while the server is busy, without sleeping.
   */
  public void holdResponses() {
    service.gate.hold();
  }

  /** Sends the held responses (to calls still open) and stops holding. */
  public void releaseResponses() {
    service.gate.release();
  }

  /** Forgets the recorded calls (not the data). */
  public void clearCalls() {
    recorder.clear();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
