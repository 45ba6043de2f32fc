package dev.vectorguard.spring;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.testing.GuardBehaviourSuite;
import dev.vectorguard.testkit.QdrantTestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.VectorOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The shared behaviour suite against a Spring Boot application: the official Qdrant client bean of
 * an application that knows nothing of Vectorguard, over a channel bean to the testkit's Qdrant
 * server, is guarded by configuration alone ({@code vectorguard.*} properties and the starter's
 * auto-configuration): the suite's policy is a file named by {@code vectorguard.policy.location},
 * the workload and token are properties, and the channel is guarded because its bean is named in
 * {@code vectorguard.clients.grpc-channels}. Only the suite's in-memory audit sink is handed to the
 * application as a bean (the way an application replaces the sink), so that the suite can read it;
 * the suite's own guard is not used.
 */
class SpringQdrantBehaviourTest extends GuardBehaviourSuite {
  /** The key the application set on its client; the guard's token must replace it. */
  static final String APP_KEY = "app-own-key-must-not-leak";
  private static final Map<String, Long> IDS = Map.of("a1", 1L, "a2", 2L, "g1", 3L);

  @Override
  protected GuardedBackend connect(VectorGuard unused) throws Exception {
    QdrantTestServer server = QdrantTestServer.start();
    for (String collection : List.of(DOCS, SECRET)) {
      server.createCollection(collection, Distance.Cosine);
      List<PointStruct> points = new ArrayList<>();
      for (Seed seed : RECORDS) {
        Map<String, io.qdrant.client.grpc.JsonWithInt.Value> payload = new LinkedHashMap<>();
        seed.payload().forEach((k, v) -> payload.put(k, value(v.toString())));
        float[] vector = new float[seed.vector().size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = seed.vector().get(i);
        }
        points.add(PointStruct.newBuilder().setId(id(IDS.get(seed.id()))).setVectors(vectors(vector))
            .putAllPayload(payload).build());
      }
      server.upsert(collection, points);
    }
    ConfigurableApplicationContext context = new SpringApplicationBuilder(QdrantApplication.class)
        .web(WebApplicationType.NONE)
        .initializers(ctx -> {
          ctx.getBeanFactory().registerSingleton("qdrantTestServer", server);
          ctx.getBeanFactory().registerSingleton("auditSink", audit);
        })
        .run("--spring.main.banner-mode=off",
            "--vectorguard.policy.location=file:" + policyFile(),
            "--vectorguard.workload.id=" + WORKLOAD,
            "--vectorguard.token.type=static",
            "--vectorguard.token.static.value=" + TOKEN,
            "--vectorguard.clients.grpc-channels=qdrantChannel");
    return new SpringBackend(context, server);
  }

  /** The suite's policy, as a file the application is pointed at. */
  private static Path policyFile() throws IOException {
    Path file = Files.createTempFile("vectorguard-suite-policy", ".yaml");
    file.toFile().deleteOnExit();
    return Files.writeString(file, POLICY);
  }

  /** An application that uses Qdrant and knows nothing of Vectorguard. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class QdrantApplication {
    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel qdrantChannel(QdrantTestServer server) {
      return server.newChannel();
    }

    @Bean(destroyMethod = "close")
    QdrantClient qdrantClient(ManagedChannel qdrantChannel) {
      return new QdrantClient(QdrantGrpcClient.newBuilder(qdrantChannel, false, false).withApiKey(APP_KEY).build());
    }
  }

  private record SpringBackend(ConfigurableApplicationContext context, QdrantTestServer server) implements GuardedBackend {

    @Override
    public List<Hit> search(String collection, @Nullable Actor actor) throws Exception {
      SearchPoints request = SearchPoints.newBuilder().setCollectionName(collection)
          .addAllVector(List.of(1f, 0f, 0f, 0f)).setLimit(10)
          .setWithPayload(enable(true)).setWithVectors(WithVectorsSelectorFactory.enable(true)).build();
      List<ScoredPoint> points = as(actor, () -> client().searchAsync(request).get());
      List<Hit> hits = new ArrayList<>();
      for (ScoredPoint point : points) {
        Map<String, Object> payload = new LinkedHashMap<>();
        point.getPayloadMap().forEach((key, v) -> payload.put(key, text(v)));
        hits.add(new Hit(name(point.getId().getNum()), payload, vector(point)));
      }
      return hits;
    }

    @Override
    public void delete(String collection, String id, @Nullable Actor actor) throws Exception {
      as(actor, () -> client().deleteAsync(collection, List.of(id(IDS.get(id)))).get());
    }

    @Override
    public boolean isRefusal(Throwable error) {
      return error instanceof StatusRuntimeException e
          && e.getStatus().getCode() == Status.Code.PERMISSION_DENIED
          && String.valueOf(e.getStatus().getDescription()).startsWith("Vectorguard refused");
    }

    @Override
    public int backendCalls() {
      return server.calls().size();
    }

    @Override
    public List<String> lastCredentials() {
      List<String> credentials = new ArrayList<>(server.lastCall().headerValues("api-key"));
      server.lastCall().headerValues("authorization").forEach(v -> credentials.add(v.replaceFirst("^Bearer ", "")));
      return credentials;
    }

    @Override
    public void close() {
      context.close();
      server.close();
    }

    private QdrantClient client() {
      return context.getBean(QdrantClient.class);
    }

    /** The point's vector in either encoding a server may use, so that a leaked vector cannot hide. */
    @SuppressWarnings("deprecation")
    private static @Nullable List<Float> vector(ScoredPoint point) {
      if (!point.hasVectors()) {
        return null;
      }
      VectorOutput vector = point.getVectors().getVector();
      List<Float> values = vector.hasDense() ? vector.getDense().getDataList() : vector.getDataList();
      return values.isEmpty() ? null : values;
    }

    @SuppressWarnings("try")
    private static <T> T as(@Nullable Actor actor, Call<T> call) throws Exception {
      try (GuardContext.Scope scope = actor == null ? null : GuardContext.actAs(actor)) {
        return call.run();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }

    private static String name(long id) {
      return IDS.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst()
          .orElse(Long.toString(id));
    }

    private static Object text(Value value) {
      return value.hasStringValue() ? value.getStringValue() : value.toString();
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }
}
