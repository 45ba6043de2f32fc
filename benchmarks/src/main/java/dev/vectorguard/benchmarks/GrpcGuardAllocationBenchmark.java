package dev.vectorguard.benchmarks;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import dev.vectorguard.GuardContext;
import dev.vectorguard.grpc.VectorGuardGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import io.qdrant.client.grpc.PointsGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the guard itself allocates per guarded gRPC search ({@code -prof gc}): the official Qdrant
 * client's {@code searchAsync(...).get()} through an in-process channel to a server that answers
 * every search with one canned {@link SearchResponse} (10 points of about 1 KB payload with the
 * three masked fields, and their vectors), whatever the request says. The server therefore does
 * the same work for the guarded call (tenant filter added, vectors not asked for) as for the
 * unguarded one, and the in-process transport hands both the same message objects without
 * serialising them, so guarded minus unguarded {@code gc.alloc.rate.norm} is the guard's own
 * allocation: deciding, the cached token, rewriting the request, masking the 10 payloads and
 * stripping their vectors, and both audit events (the async hash-chained file's writer thread
 * included, as it is part of the guard). {@link GrpcOverheadBenchmark} cannot give that figure:
 * its in-process Qdrant builds less for the guarded call.
 *
 * <p>The {@code ...NoResults} pair asks a second canned server that answers every search with no
 * points: what is left is the guard's fixed cost per call (identify, decide, token, rewrite, the
 * credential headers, both audit events), without any masking.
 */
@State(Scope.Thread)
public class GrpcGuardAllocationBenchmark {
  static final String COLLECTION = "docs";
  static final int RESULTS = 10;
  static final int DIMENSIONS = 8;

  private Server server;
  private Server emptyServer;
  private BenchGuard guard;
  private QdrantClient plain;
  private QdrantClient guarded;
  private QdrantClient plainNoResults;
  private QdrantClient guardedNoResults;
  private SearchPoints search;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String name = "vectorguard-bench-canned-" + System.nanoTime();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new CannedPoints(cannedResponse(new Random(42)))).build().start();
    String empty = name + "-empty";
    emptyServer = InProcessServerBuilder.forName(empty).directExecutor()
        .addService(new CannedPoints(SearchResponse.newBuilder().setTime(0.0012).build())).build().start();
    Random random = new Random(7);
    List<Float> vector = new ArrayList<>();
    for (int i = 0; i < DIMENSIONS; i++) {
      vector.add(random.nextFloat());
    }
    search = SearchPoints.newBuilder().setCollectionName(COLLECTION).addAllVector(vector)
        .setLimit(RESULTS).setWithPayload(enable(true)).build();
    guard = BenchGuard.qdrant(COLLECTION);
    plain = new QdrantClient(QdrantGrpcClient.newBuilder(channel(name), true, false).build());
    guarded = new QdrantClient(QdrantGrpcClient.newBuilder(
        VectorGuardGrpc.create(guard.guard()).guardedChannel(channel(name)), true, false).build());
    plainNoResults = new QdrantClient(QdrantGrpcClient.newBuilder(channel(empty), true, false).build());
    guardedNoResults = new QdrantClient(QdrantGrpcClient.newBuilder(
        VectorGuardGrpc.create(guard.guard()).guardedChannel(channel(empty)), true, false).build());
    check(unguarded(), false);
    check(guarded(), true);
    if (!unguardedNoResults().isEmpty() || !guardedNoResults().isEmpty()) {
      throw new IllegalStateException("the empty server answered with points");
    }
  }

  @Benchmark
  public List<ScoredPoint> unguarded() throws InterruptedException, ExecutionException {
    return plain.searchAsync(search).get();
  }

  @Benchmark
  public List<ScoredPoint> guarded() throws InterruptedException, ExecutionException {
    try (GuardContext.Scope scope = GuardContext.actAs(BenchGuard.ACTOR)) {
      return guarded.searchAsync(search).get();
    }
  }

  @Benchmark
  public List<ScoredPoint> unguardedNoResults() throws InterruptedException, ExecutionException {
    return plainNoResults.searchAsync(search).get();
  }

  /** The guard's fixed cost: the same call to a server that finds nothing, so nothing is masked. */
  @Benchmark
  public List<ScoredPoint> guardedNoResults() throws InterruptedException, ExecutionException {
    try (GuardContext.Scope scope = GuardContext.actAs(BenchGuard.ACTOR)) {
      return guardedNoResults.searchAsync(search).get();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    guard.requireCompleteAudit();
    plain.close();
    guarded.close();
    plainNoResults.close();
    guardedNoResults.close();
    guard.close();
    server.shutdownNow().awaitTermination();
    emptyServer.shutdownNow().awaitTermination();
  }

  private static ManagedChannel channel(String name) {
    return InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** Ten scored points with the benchmark payload (about 1 KB each) and an 8-dimensional vector. */
  static SearchResponse cannedResponse(Random random) {
    SearchResponse.Builder response = SearchResponse.newBuilder().setTime(0.0012);
    for (int i = 0; i < RESULTS; i++) {
      List<Float> data = new ArrayList<>(DIMENSIONS);
      for (int d = 0; d < DIMENSIONS; d++) {
        data.add(random.nextFloat());
      }
      VectorOutput vector = VectorOutput.newBuilder().addAllData(data)
          .setDense(DenseVector.newBuilder().addAllData(data)).build();
      response.addResult(ScoredPoint.newBuilder().setId(id(i)).setScore(1f - i / 20f).setVersion(1)
          .putAllPayload(GrpcOverheadBenchmark.values(SearchResponses.payload(i, random)))
          .setVectors(VectorsOutput.newBuilder().setVector(vector)));
    }
    return response.build();
  }

  /**
   * Checks what set-up measured: ten results each way; masked and without vectors when guarded,
   * untouched otherwise.
   */
  private static void check(List<ScoredPoint> hits, boolean masked) {
    if (hits.size() != RESULTS) {
      throw new IllegalStateException("expected " + RESULTS + " results, got " + hits.size());
    }
    String email = hits.get(0).getPayloadMap().get("email").getStringValue();
    if (masked == email.contains("@")) {
      throw new IllegalStateException("email is " + (masked ? "not masked" : "masked") + ": " + email);
    }
    if (masked == hits.get(0).hasVectors()) {
      throw new IllegalStateException("vectors are " + (masked ? "not stripped" : "missing"));
    }
  }

  /** Answers every search with the same response, whatever it asks for. */
  private static final class CannedPoints extends PointsGrpc.PointsImplBase {
    private final SearchResponse response;

    CannedPoints(SearchResponse response) {
      this.response = response;
    }

    @Override
    public void search(SearchPoints request, StreamObserver<SearchResponse> observer) {
      observer.onNext(response);
      observer.onCompleted();
    }
  }
}
