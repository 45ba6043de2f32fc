package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditJson;
import dev.vectorguard.internal.WithheldErrors;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.testing.InMemoryAuditSink;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.vector.request.QueryReq;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.PointsGrpc;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An error status can quote what masking hides, in its description or its trailers: under
 * obligations that hide fields both are withheld and the code stays; otherwise they pass.
 */
class ErrorStatusTest {
  private static final String EMAIL = "alice@acme.io";
  private static final Metadata.Key<String> DETAIL = Metadata.Key.of("x-qdrant-detail",
      Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> CALL_ID = Metadata.Key.of(GuardTrailers.CALL_ID,
      Metadata.ASCII_STRING_MARSHALLER);
  private static final TestPolicy POLICY = TestPolicy.builder()
      .allow("people-masked", Set.of("people"), AccessLevel.READ,
          Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT)).build())
      .allow("docs-capped", Set.of("docs"), AccessLevel.READ, Obligations.builder().maxResults(5).build())
      .build();

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private Server server;
  private ManagedChannel channel;
  private MilvusFixture milvus;

  @AfterEach
  void close() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (milvus != null) {
      milvus.close();
    }
  }

  /** A Qdrant Points service whose every search fails the way Qdrant's validation does, quoting a value. */
  private PointsGrpc.PointsBlockingStub failingQdrant() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(new PointsGrpc.PointsImplBase() {
      @Override
      public void search(SearchPoints request, StreamObserver<SearchResponse> response) {
        Metadata trailers = new Metadata();
        trailers.put(DETAIL, "payload email=" + EMAIL);
        response.onError(Status.INVALID_ARGUMENT.withDescription("Wrong input: cannot compare " + EMAIL)
            .asRuntimeException(trailers));
      }
    }).build().start();
    VectorGuard guard = VectorGuard.builder(POLICY).workload(Workload.configured("spiffe://test/ns/app/sa/rag"))
        .auditSink(audit).build();
    channel = VectorGuardGrpc.create(guard).guardedChannel(InProcessChannelBuilder.forName(name).directExecutor()
        .build());
    return PointsGrpc.newBlockingStub(channel);
  }

  private static SearchPoints search(String collection) {
    return SearchPoints.newBuilder().setCollectionName(collection).addVector(1f).addVector(0f).setLimit(3).build();
  }

  @Test
  void aQdrantErrorUnderMasksKeepsItsCodeButNotItsDescriptionOrTrailers() throws Exception {
    PointsGrpc.PointsBlockingStub points = failingQdrant();

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> points.search(search("people")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo(WithheldErrors.MESSAGE);
    assertThat(e.getTrailers().get(DETAIL)).isNull();
    assertThat(e.getTrailers().get(CALL_ID)).isEqualTo(audit.ofType(AuditEvent.CALL_STARTED).get(0).callId());
    assertThat(audit.ofType(AuditEvent.CALL_COMPLETED)).singleElement().satisfies(ev -> {
      assertThat(ev.get("outcome.code")).isEqualTo("INVALID_ARGUMENT");
      assertThat(ev.get("outcome.error")).isEqualTo("INVALID_ARGUMENT; " + WithheldErrors.AUDITED);
    });
    assertThat(audit.events()).allSatisfy(ev -> assertThat(AuditJson.toJson(ev)).doesNotContain(EMAIL));
  }

  @Test
  void aQdrantErrorWithoutHiddenFieldsPassesUnchanged() throws Exception {
    PointsGrpc.PointsBlockingStub points = failingQdrant();

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> points.search(search("docs")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("Wrong input: cannot compare " + EMAIL);
    assertThat(e.getTrailers().get(DETAIL)).isEqualTo("payload email=" + EMAIL);
  }

  @Test
  void aMilvusErrorInsideAnOkResponseHasItsReasonWithheld() {
    milvus = new MilvusFixture(TestPolicy.builder().allow("absent-masked", Set.of("absent"), AccessLevel.READ,
        Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT)).build()).build());

    MilvusClientException e = catchThrowableOfType(MilvusClientException.class, () -> milvus.client.query(
        QueryReq.builder().collectionName("absent").filter("id > 0").build()));

    assertThat(e.getMessage()).contains(WithheldErrors.MESSAGE).doesNotContain("collection not found");
    assertThat(milvus.audit.events()).allSatisfy(ev -> assertThat(AuditJson.toJson(ev))
        .doesNotContain("collection not found"));
  }

  @Test
  void aMilvusErrorWithoutHiddenFieldsKeepsItsReason() {
    milvus = new MilvusFixture(TestPolicy.builder().allow("absent-capped", Set.of("absent"), AccessLevel.READ,
        Obligations.builder().maxResults(5).build()).build());

    MilvusClientException e = catchThrowableOfType(MilvusClientException.class, () -> milvus.client.query(
        QueryReq.builder().collectionName("absent").filter("id > 0").build()));

    assertThat(e.getMessage()).contains("collection not found");
  }
}
