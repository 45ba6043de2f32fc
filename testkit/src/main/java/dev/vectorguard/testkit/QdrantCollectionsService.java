package dev.vectorguard.testkit;

import static dev.vectorguard.testkit.QdrantPointsService.reply;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;

/** {@code qdrant.Collections}: create, delete, get, list and exists. */
final class QdrantCollectionsService extends CollectionsGrpc.CollectionsImplBase {
  private final QdrantStore store;
  private final ResponseGate gate;

  QdrantCollectionsService(QdrantStore store, ResponseGate gate) {
    this.store = store;
    this.gate = gate;
  }

  @Override
  public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> response) {
    reply(gate, response, () -> {
      Distance distance = request.getVectorsConfig().hasParams()
          ? request.getVectorsConfig().getParams().getDistance() : Distance.Cosine;
      if (!store.create(request.getCollectionName(), distance)) {
        throw Status.ALREADY_EXISTS.withDescription("Wrong input: Collection `" + request.getCollectionName()
            + "` already exists!").asRuntimeException();
      }
      return CollectionOperationResponse.newBuilder().setResult(true).build();
    });
  }

  @Override
  public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> response) {
    reply(gate, response, () -> CollectionOperationResponse.newBuilder().setResult(store.drop(request.getCollectionName()))
        .build());
  }

  @Override
  public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> response) {
    reply(gate, response, () -> {
      QdrantStore.Collection c = store.require(request.getCollectionName());
      long count = QdrantStore.select(c, p -> true).size();
      CollectionInfo info = CollectionInfo.newBuilder().setStatus(CollectionStatus.Green).setPointsCount(count)
          .setConfig(CollectionConfig.newBuilder().setParams(CollectionParams.newBuilder().setVectorsConfig(
              VectorsConfig.newBuilder().setParams(VectorParams.newBuilder().setDistance(c.distance)))))
          .build();
      return GetCollectionInfoResponse.newBuilder().setResult(info).build();
    });
  }

  @Override
  public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> response) {
    reply(gate, response, () -> {
      ListCollectionsResponse.Builder out = ListCollectionsResponse.newBuilder();
      store.names().forEach(n -> out.addCollections(CollectionDescription.newBuilder().setName(n)));
      return out.build();
    });
  }

  @Override
  public void updateAliases(io.qdrant.client.grpc.Collections.ChangeAliases request,
      StreamObserver<CollectionOperationResponse> response) {
    reply(gate, response, () -> {
      for (var action : request.getActionsList()) {
        switch (action.getActionCase()) {
          case CREATE_ALIAS -> {
            store.require(action.getCreateAlias().getCollectionName());
            store.aliases.put(action.getCreateAlias().getAliasName(), action.getCreateAlias().getCollectionName());
          }
          case RENAME_ALIAS -> {
            String target = store.aliases.remove(action.getRenameAlias().getOldAliasName());
            if (target == null) {
              throw Status.NOT_FOUND.withDescription("Alias " + action.getRenameAlias().getOldAliasName()
                  + " does not exist").asRuntimeException();
            }
            store.aliases.put(action.getRenameAlias().getNewAliasName(), target);
          }
          case DELETE_ALIAS -> store.aliases.remove(action.getDeleteAlias().getAliasName());
          default -> throw Status.INVALID_ARGUMENT.withDescription("empty alias action").asRuntimeException();
        }
      }
      return CollectionOperationResponse.newBuilder().setResult(true).build();
    });
  }

  @Override
  public void listAliases(io.qdrant.client.grpc.Collections.ListAliasesRequest request,
      StreamObserver<io.qdrant.client.grpc.Collections.ListAliasesResponse> response) {
    reply(gate, response, () -> {
      var out = io.qdrant.client.grpc.Collections.ListAliasesResponse.newBuilder();
      store.aliases.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> out.addAliases(
          io.qdrant.client.grpc.Collections.AliasDescription.newBuilder().setAliasName(e.getKey())
              .setCollectionName(e.getValue())));
      return out.build();
    });
  }

  @Override
  public void collectionExists(CollectionExistsRequest request, StreamObserver<CollectionExistsResponse> response) {
    reply(gate, response, () -> CollectionExistsResponse.newBuilder()
        .setResult(CollectionExists.newBuilder().setExists(store.find(request.getCollectionName()) != null)).build());
  }
}
