package dev.vectorguard.grpc;

import static io.qdrant.client.PointIdFactory.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.token.TokenUnavailableException;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.RequestHeaders;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attempts to get around the guard through the Qdrant client and raw gRPC. */
class QdrantBypassTest {
  private QdrantFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private static SearchPoints search(String collection) {
    return SearchPoints.newBuilder().setCollectionName(collection).addAllVector(List.of(1f, 0f)).setLimit(10)
        .setWithPayload(WithPayloadSelectorFactory.enable(true)).build();
  }

  private static StatusRuntimeException failure(Future<?> future) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, future::get);
    return (StatusRuntimeException) e.getCause();
  }

  @Test
  void credentialHeadersFromTheClientsHeadersAndContextNeverReachTheServer() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, Obligations.NONE)
        .build());
    ManagedChannel channel = VectorGuardGrpc.create(fx.guard).guardedChannel(fx.server.newChannel());
    try (QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder(channel, true, false)
        .withHeaders(Map.of("authorization", "Bearer static-header", "x-trace", "t1")).build())) {
      Context withKey = RequestHeaders.withHeaders(Context.current(),
          Map.of("api-key", "context-key", "Authorization", "Bearer context"));
      withKey.call(() -> client.searchAsync(search("docs"))).get();
    }

    var seen = fx.server.lastCall();
    assertThat(seen.headerValues("api-key")).containsExactly("tok:docs:read");
    assertThat(seen.headerValues("authorization")).isEmpty();
    assertThat(seen.header("x-trace")).isEqualTo("t1");
  }

  @Test
  void aMethodOfAnUnknownServiceIsRefusedAndAudited() {
    fx = new QdrantFixture(TestPolicy.builder().allow("all", Set.of("*"), AccessLevel.ADMIN, Obligations.NONE).build());
    MethodDescriptor<SearchPoints, SearchResponse> foreign = MethodDescriptor.<SearchPoints, SearchResponse>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("evil.Exfiltrate/Everything")
        .setRequestMarshaller(ProtoUtils.marshaller(SearchPoints.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(SearchResponse.getDefaultInstance())).build();
    ManagedChannel channel = VectorGuardGrpc.create(fx.guard).guardedChannel(fx.server.newChannel());
    try {
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> ClientCalls.blockingUnaryCall(channel, foreign, CallOptions.DEFAULT, search("docs")));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).isEqualTo("Vectorguard refused evil.Exfiltrate/Everything: "
          + "no Vectorguard dialect speaks the service of evil.Exfiltrate/Everything");
      assertThat(fx.server.calls()).isEmpty();
      assertThat(fx.audit.ofType(AuditEvent.CALL_REFUSED)).singleElement()
          .satisfies(ev -> assertThat(ev.get("failure")).isEqualTo("classify"));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aCallCancelledBeforeItsMessageSendsNothingAndBeginsNothing() {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, Obligations.NONE)
        .build());
    ManagedChannel channel = VectorGuardGrpc.create(fx.guard).guardedChannel(fx.server.newChannel());
    try {
      ClientCall<SearchPoints, SearchResponse> call = channel.newCall(
          io.qdrant.client.grpc.PointsGrpc.getSearchMethod(), CallOptions.DEFAULT);
      Status[] closed = new Status[1];
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onClose(Status status, Metadata trailers) {
          closed[0] = status;
        }
      }, new Metadata());
      call.cancel("changed my mind", null);
      call.sendMessage(search("docs"));
      assertThat(closed[0].getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(fx.server.calls()).isEmpty();
      assertThat(fx.audit.events()).isEmpty();
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void theGrpcContextActorWinsOverTheThreadsAndIsCapturedWhereTheCallIsCreated() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE, "tenant").build());
    Context globex = Context.current().withValue(VectorGuardGrpc.ACTOR, Actor.builder().tenant("globex").build());

    List<io.qdrant.client.grpc.Points.ScoredPoint> hits;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      hits = globex.call(() -> fx.client.searchAsync(search("docs"))).get();
    }

    assertThat(hits).extracting(p -> p.getPayloadMap().get("tenant").getStringValue()).containsOnly("globex");
  }

  @Test
  void getsByIdAreRefusedUnderATenantFilterAsOnRest() {
    fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE, "tenant").build());

    StatusRuntimeException e;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      e = failure(fx.client.retrieveAsync("docs", List.of(id(1), id(3)), false, false, null));
    }

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription()).isEqualTo("Vectorguard refused qdrant get on [docs]: reading points by id"
        + " cannot be tenant-filtered; scroll with a has_id filter instead");
    assertThat(fx.server.calls()).isEmpty();
    assertThat(fx.audit.events()).singleElement().satisfies(ev -> {
      assertThat(ev.type()).isEqualTo(AuditEvent.CALL_REFUSED);
      assertThat(ev.get("obligations.tenant_filters")).isEqualTo(List.of("tenant"));
    });
  }

  @Test
  void anAliasOfADeniedCollectionIsDeniedOnceTheGuardHasSeenIt() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("*"), AccessLevel.READ, Obligations.NONE)
        .deny("never-secret", Set.of("secret")).build());
    fx.server.createAlias("harmless", "secret");

    // Aliases are learned from listings that pass through the guard; the listing hides this one.
    assertThat(fx.client.listAliasesAsync().get()).isEmpty();
    fx.server.clearCalls();
    StatusRuntimeException e = failure(fx.client.searchAsync(search("harmless")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription()).contains("[harmless, secret]").contains("never-secret");
    assertThat(fx.server.calls()).isEmpty();
  }

  @Test
  void aTokenSourceFailureRefusesTheCallAsUnauthenticated() {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, Obligations.NONE)
        .build(), request -> {
          throw new TokenUnavailableException("token endpoint down");
        });

    StatusRuntimeException e = failure(fx.client.searchAsync(search("docs")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).endsWith("no valid credential: token endpoint down");
    assertThat(fx.server.calls()).isEmpty();
  }
  @Test
  void unknownFieldsThatTheServerWouldReadAsKnownOnesAreRefusedAndNothingIsSent() {
    fx = new QdrantFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, Obligations.NONE)
        .build());
    // Field 1 of SearchPoints is collection_name: the server parses the later copy and searches "secret".
    SearchPoints smuggled = search("docs").toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
        .addField(1, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
            .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8("secret")).build())
        .build()).build();
    assertThat(smuggled.getCollectionName()).isEqualTo("docs");

    StatusRuntimeException e = failure(fx.client.searchAsync(smuggled));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("Vectorguard refused qdrant.Points/Search: "
        + "the request carries field 1 of qdrant.SearchPoints, which its descriptor does not know");
    assertThat(fx.server.calls()).isEmpty();
    assertThat(fx.audit.ofType(AuditEvent.CALL_REFUSED)).singleElement()
        .satisfies(ev -> assertThat(ev.get("failure")).isEqualTo("parse"));
  }

  @Test
  void unknownFieldsNestedInAPayloadValueAreRefused() {
    fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-writes", Set.of("docs"), AccessLevel.WRITE,
        Obligations.NONE, "tenant").build());
    // Field 3 of qdrant.Value is string_value: the server would store tenant=globex.
    var tenant = io.qdrant.client.ValueFactory.value("acme").toBuilder()
        .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
            .addField(3, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8("globex")).build())
            .build()).build();
    var point = QdrantFixture.point(9, "acme", "eve@acme.io", 1f, 0f).toBuilder().putPayload("tenant", tenant).build();

    StatusRuntimeException e;
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      e = failure(fx.client.upsertAsync("docs", List.of(point)));
    }

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).endsWith(
        "the request carries field 3 of qdrant.Value, which its descriptor does not know");
    assertThat(fx.server.calls()).isEmpty();
  }
  @Test
  void aRequestOfAForeignTypeWhoseFieldsTheServerReadsAsSearchPointsIsRefused() throws Exception {
    fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE, "tenant").build());
    // evil.Search has SearchPoints' field numbers but no field named filter: no tenant filter would be added.
    var file = com.google.protobuf.DescriptorProtos.FileDescriptorProto.newBuilder().setName("evil.proto")
        .setPackage("evil").addMessageType(com.google.protobuf.DescriptorProtos.DescriptorProto.newBuilder()
            .setName("Search")
            .addField(field("collection_name", 1, com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_STRING))
            .addField(field("limit", 4, com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_UINT64)))
        .build();
    var type = com.google.protobuf.Descriptors.FileDescriptor.buildFrom(file,
        new com.google.protobuf.Descriptors.FileDescriptor[0]).findMessageTypeByName("Search");
    var evil = com.google.protobuf.DynamicMessage.newBuilder(type)
        .setField(type.findFieldByName("collection_name"), "docs").setField(type.findFieldByName("limit"), 10L)
        .build();
    MethodDescriptor<com.google.protobuf.DynamicMessage, SearchResponse> search =
        MethodDescriptor.<com.google.protobuf.DynamicMessage, SearchResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("qdrant.Points/Search")
            .setRequestMarshaller(ProtoUtils.marshaller(com.google.protobuf.DynamicMessage.getDefaultInstance(type)))
            .setResponseMarshaller(ProtoUtils.marshaller(SearchResponse.getDefaultInstance())).build();
    ManagedChannel channel = VectorGuardGrpc.create(fx.guard).guardedChannel(fx.server.newChannel());
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> ClientCalls.blockingUnaryCall(channel, search, CallOptions.DEFAULT, evil));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).isEqualTo("Vectorguard refused qdrant.Points/Search: "
          + "the request is a evil.Search, but qdrant.Points/Search takes a qdrant.SearchPoints");
      assertThat(fx.server.calls()).isEmpty();
    } finally {
      channel.shutdownNow();
    }
  }

  private static com.google.protobuf.DescriptorProtos.FieldDescriptorProto field(String name, int number,
      com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type type) {
    return com.google.protobuf.DescriptorProtos.FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
        .setType(type).build();
  }
  @Test
  void aRequestOfAnotherQdrantTypeThanTheMethodTakesIsRefused() {
    fx = new QdrantFixture(TestPolicy.builder().allowTenant("tenant-reads", Set.of("docs"), AccessLevel.READ,
        Obligations.NONE, "tenant").build());
    MethodDescriptor<io.qdrant.client.grpc.Points.ScrollPoints, SearchResponse> search =
        MethodDescriptor.<io.qdrant.client.grpc.Points.ScrollPoints, SearchResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("qdrant.Points/Search")
            .setRequestMarshaller(ProtoUtils.marshaller(io.qdrant.client.grpc.Points.ScrollPoints.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(SearchResponse.getDefaultInstance())).build();
    ManagedChannel channel = VectorGuardGrpc.create(fx.guard).guardedChannel(fx.server.newChannel());
    try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> ClientCalls.blockingUnaryCall(channel, search, CallOptions.DEFAULT,
              io.qdrant.client.grpc.Points.ScrollPoints.newBuilder().setCollectionName("docs").build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).isEqualTo("Vectorguard refused qdrant.Points/Search: "
          + "the request is a qdrant.ScrollPoints, but qdrant.Points/Search takes a qdrant.SearchPoints");
      assertThat(fx.server.calls()).isEmpty();
    } finally {
      channel.shutdownNow();
    }
  }
}
