package dev.vectorguard.samples.spring;

import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/**
 * Searches {@code docs} as the tenant in {@code sample.tenant} and logs each point. The search asks
 * for everything (payload and vectors, no filter); the guard adds the tenant filter, strips the
 * vectors and hashes the emails, as the policy says.
 */
@Component
class SearchRunner implements CommandLineRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SearchRunner.class);

  private final QdrantClient qdrant;
  private final String tenant;

  SearchRunner(QdrantClient qdrant, @Value("${sample.tenant:tenant-a}") String tenant) {
    this.qdrant = qdrant;
    this.tenant = tenant;
  }

  @Override
  public void run(String... args) throws Exception {
    List<ScoredPoint> points = search(qdrant, "docs", tenant);
    LOG.info("Searched docs as {}: {} points", tenant, points.size());
    for (ScoredPoint point : points) {
      LOG.info("  point {} tenant_id={} email={} title={} vectors={}", point.getId().getNum(),
          text(point, "tenant_id"), text(point, "email"), text(point, "title"), point.hasVectors());
    }
  }

  /**
   * Searches {@code collection} with the client as {@code tenant}. The actor is bound where the
   * call is made; the guard reads it there.
   *
   * @throws io.grpc.StatusRuntimeException when the guard or the server refuses the call
   */
  @SuppressWarnings("try") // the scope is used for its side effect: binding the actor
  static List<ScoredPoint> search(QdrantClient client, String collection, String tenant) throws InterruptedException {
    SearchPoints request = SearchPoints.newBuilder()
        .setCollectionName(collection)
        .addAllVector(List.of(1f, 0f, 0f, 0f))
        .setLimit(10)
        .setWithPayload(enable(true))
        .setWithVectors(WithVectorsSelectorFactory.enable(true))
        .build();
    try (GuardContext.Scope scope = GuardContext.actAs(Actor.builder().tenant(tenant).build())) {
      return client.searchAsync(request).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
    }
  }

  static String text(ScoredPoint point, String field) {
    var value = point.getPayloadMap().get(field);
    return value == null ? "<absent>" : value.getStringValue();
  }
}
