package dev.vectorguard.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import grpc.health.v1.HealthGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.ChangeAliases;
import io.qdrant.client.grpc.Collections.CreateAlias;
import io.qdrant.client.grpc.Collections.RenameAlias;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.FacetCounts;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.LookupLocation;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.QueryPointGroups;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.SearchBatchPoints;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpdateBatchPoints;
import io.qdrant.client.grpc.Points.WithLookup;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.SnapshotsGrpc;
import io.qdrant.client.grpc.StorageReadGrpc;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QdrantDialectTest {
  private static final QdrantDialect DIALECT = QdrantDialect.INSTANCE;

  /**
   * Qdrant's own RBAC level per method (notes on Qdrant's JWT RBAC, section 2), as the weakest
   * level of ours that is at least as strict.
   */
  private static final Map<String, AccessLevel> QDRANT_RBAC = new HashMap<>();

  static {
    for (String m : List.of("Get", "Scroll", "Count", "Facet", "Query", "QueryBatch", "QueryGroups", "Search",
        "SearchBatch", "SearchGroups", "Recommend", "RecommendBatch", "RecommendGroups", "Discover", "DiscoverBatch",
        "SearchMatrixPairs", "SearchMatrixOffsets")) {
      QDRANT_RBAC.put("qdrant.Points/" + m, AccessLevel.READ);
    }
    for (String m : List.of("Upsert", "Delete", "UpdateVectors", "DeleteVectors", "SetPayload", "OverwritePayload",
        "DeletePayload", "ClearPayload", "UpdateBatch", "CreateFieldIndex", "DeleteFieldIndex", "CreateVectorName",
        "DeleteVectorName")) {
      QDRANT_RBAC.put("qdrant.Points/" + m, AccessLevel.WRITE);
    }
    for (String m : List.of("Create", "Update", "Delete", "UpdateAliases", "CreateShardKey", "DeleteShardKey",
        "UpdateCollectionClusterSetup")) {
      QDRANT_RBAC.put("qdrant.Collections/" + m, AccessLevel.MANAGE);
    }
    for (String m : List.of("Get", "List", "ListCollectionAliases", "ListAliases", "CollectionClusterInfo",
        "CollectionExists", "ListShardKeys")) {
      QDRANT_RBAC.put("qdrant.Collections/" + m, AccessLevel.READ);
    }
    QDRANT_RBAC.put("qdrant.Snapshots/Create", AccessLevel.WRITE);
    QDRANT_RBAC.put("qdrant.Snapshots/Delete", AccessLevel.WRITE);
    QDRANT_RBAC.put("qdrant.Snapshots/List", AccessLevel.READ);
    QDRANT_RBAC.put("qdrant.Snapshots/CreateFull", AccessLevel.MANAGE);
    QDRANT_RBAC.put("qdrant.Snapshots/DeleteFull", AccessLevel.MANAGE);
    QDRANT_RBAC.put("qdrant.Snapshots/ListFull", AccessLevel.READ);
    QDRANT_RBAC.put("qdrant.Qdrant/HealthCheck", AccessLevel.NONE);
    QDRANT_RBAC.put("grpc.health.v1.Health/Check", AccessLevel.NONE);
  }

  @Test
  void everyPublicMethodOfTheClientJarIsClassifiedAtLeastAsStrictlyAsQdrantsRbac() {
    int checked = 0;
    for (ServiceDescriptor service : List.of(PointsGrpc.getServiceDescriptor(), CollectionsGrpc.getServiceDescriptor(),
        SnapshotsGrpc.getServiceDescriptor(), QdrantGrpc.getServiceDescriptor(), HealthGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        String name = method.getFullMethodName();
        assertThat(QDRANT_RBAC).as("RBAC table entry for %s", name).containsKey(name);
        Message request = defaultRequest(method);
        VectorCall call = DIALECT.classify(name, request, h -> null);
        assertThat(call.operation()).as(name).isNotEqualTo(Operation.UNKNOWN);
        assertThat(call.access().atLeast(QDRANT_RBAC.get(name)))
            .as("%s is %s, Qdrant requires %s", name, call.access(), QDRANT_RBAC.get(name)).isTrue();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(QDRANT_RBAC.size()).isEqualTo(QdrantDialect.knownMethods().size());
  }

  @Test
  void storageReadBypassesMaskingSoEveryMethodIsUnknownAdmin() {
    for (MethodDescriptor<?, ?> method : StorageReadGrpc.getServiceDescriptor().getMethods()) {
      VectorCall call = DIALECT.classify(method.getFullMethodName(), defaultRequest(method), h -> null);
      assertThat(call.operation()).isEqualTo(Operation.UNKNOWN);
      assertThat(call.access()).isEqualTo(AccessLevel.ADMIN);
    }
    VectorCall unknown = DIALECT.classify("qdrant.Points/Teleport", SearchPoints.getDefaultInstance(), h -> null);
    assertThat(unknown.operation()).isEqualTo(Operation.UNKNOWN);
    assertThat(unknown.scope()).isEqualTo(Scope.GLOBAL);
  }

  @Test
  void collectionsIncludeLookupsPrefetchesBatchItemsAndAliases() {
    QueryPoints query = QueryPoints.newBuilder().setCollectionName("docs")
        .setLookupFrom(LookupLocation.newBuilder().setCollectionName("vectors-src"))
        .addPrefetch(PrefetchQuery.newBuilder().addPrefetch(PrefetchQuery.newBuilder()
            .setLookupFrom(LookupLocation.newBuilder().setCollectionName("deep-src"))))
        .build();
    assertThat(DIALECT.classify("qdrant.Points/Query", query, h -> null).collections())
        .containsExactly("docs", "deep-src", "vectors-src");

    QueryPointGroups groups = QueryPointGroups.newBuilder().setCollectionName("docs").setGroupBy("doc_id")
        .setWithLookup(WithLookup.newBuilder().setCollection("authors")).build();
    assertThat(DIALECT.classify("qdrant.Points/QueryGroups", groups, h -> null).collections())
        .containsExactly("docs", "authors");

    SearchBatchPoints batch = SearchBatchPoints.newBuilder().setCollectionName("docs")
        .addSearchPoints(SearchPoints.newBuilder().setCollectionName("docs"))
        .addSearchPoints(SearchPoints.newBuilder().setCollectionName("other")).build();
    assertThat(DIALECT.classify("qdrant.Points/SearchBatch", batch, h -> null).collections())
        .containsExactly("docs", "other");

    ChangeAliases aliases = ChangeAliases.newBuilder()
        .addActions(AliasOperations.newBuilder().setCreateAlias(
            CreateAlias.newBuilder().setCollectionName("prod-docs").setAliasName("docs")))
        .addActions(AliasOperations.newBuilder().setRenameAlias(
            RenameAlias.newBuilder().setOldAliasName("a").setNewAliasName("b")))
        .build();
    VectorCall alias = DIALECT.classify("qdrant.Collections/UpdateAliases", aliases, h -> null);
    assertThat(alias.operation()).isEqualTo(Operation.ALIAS);
    assertThat(alias.access()).isEqualTo(AccessLevel.MANAGE);
    assertThat(alias.collections()).containsExactly("prod-docs", "docs", "a", "b");
  }

  @Test
  void factsNameLimitVectorsFilterAndItsKeys() {
    SearchPoints search = SearchPoints.newBuilder().setCollectionName("docs").setLimit(7)
        .setWithVectors(io.qdrant.client.WithVectorsSelectorFactory.enable(true))
        .setFilter(Filter.newBuilder().addMust(ConditionFactory.matchKeyword("email", "x"))).build();
    VectorCall call = DIALECT.classify("qdrant.Points/Search", search, h -> null);
    assertThat(call.facts().limit()).isEqualTo(7);
    assertThat(call.facts().vectorsRequested()).isTrue();
    assertThat(call.facts().filterPresent()).isTrue();
    assertThat(call.facts().filterFields()).containsExactly("email");
  }

  @Test
  void getsAreCappedAndRefusedUnderATenantFilter() {
    GetPoints get = GetPoints.newBuilder().setCollectionName("docs")
        .addIds(io.qdrant.client.PointIdFactory.id(1)).addIds(io.qdrant.client.PointIdFactory.id(2))
        .addIds(io.qdrant.client.PointIdFactory.id(3)).build();
    VectorCall call = DIALECT.classify("qdrant.Points/Get", get, h -> null);

    GetPoints sent = (GetPoints) DIALECT.rewrite(call, get, Obligations.builder().maxResults(2).build());
    assertThat(sent.getIdsCount()).isEqualTo(2);

    Obligations tenant = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();
    assertThatThrownBy(() -> DIALECT.rewrite(call, get, tenant))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("reading points by id cannot be tenant-filtered; scroll with a has_id filter instead");
  }

  @Test
  void facetsOnMaskedKeysAreRefusedAndBatchWritesAreConfinedOneByOne() {
    FacetCounts facet = FacetCounts.newBuilder().setCollectionName("docs").setKey("email").build();
    VectorCall facetCall = DIALECT.classify("qdrant.Points/Facet", facet, h -> null);
    Obligations masks = Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT)).build();
    assertThatThrownBy(() -> DIALECT.rewrite(facetCall, facet, masks))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("faceting on 'email' would reveal values of the masked field 'email'");

    // UpdateBatch is confined operation by operation, as on REST; what cannot be confined is refused.
    io.qdrant.client.grpc.Points.PointsSelector ids = io.qdrant.client.grpc.Points.PointsSelector.newBuilder()
        .setPoints(io.qdrant.client.grpc.Points.PointsIdsList.newBuilder()
            .addIds(io.qdrant.client.PointIdFactory.id(1))).build();
    UpdateBatchPoints batch = UpdateBatchPoints.newBuilder().setCollectionName("docs")
        .addOperations(io.qdrant.client.grpc.Points.PointsUpdateOperation.newBuilder()
            .setDeletePoints(io.qdrant.client.grpc.Points.PointsUpdateOperation.DeletePoints.newBuilder()
                .setPoints(ids)))
        .addOperations(io.qdrant.client.grpc.Points.PointsUpdateOperation.newBuilder()
            .setDeletePayload(io.qdrant.client.grpc.Points.PointsUpdateOperation.DeletePayload.newBuilder()
                .addKeys("lang").setPointsSelector(ids)))
        .build();
    VectorCall batchCall = DIALECT.classify("qdrant.Points/UpdateBatch", batch, h -> null);
    Obligations tenant = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();
    UpdateBatchPoints sent = (UpdateBatchPoints) DIALECT.rewrite(batchCall, batch, tenant);
    assertThat(sent.getOperations(0).getDeletePoints().getPoints().getFilter().getMust(0).getField().getKey())
        .isEqualTo("tenant");
    assertThat(sent.getOperations(1).getDeletePayload().getPointsSelector().getFilter().getMust(0).getField()
        .getKey()).isEqualTo("tenant");

    UpdateBatchPoints clearing = batch.toBuilder()
        .addOperations(io.qdrant.client.grpc.Points.PointsUpdateOperation.newBuilder()
            .setClearPayload(io.qdrant.client.grpc.Points.PointsUpdateOperation.ClearPayload.newBuilder()
                .setPoints(ids))).build();
    assertThatThrownBy(() -> DIALECT.rewrite(batchCall, clearing, tenant))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("clearing the payload would remove the tenant field 'tenant'")
        .satisfies(e -> assertThat(((RequestRejectedException) e).failure()).isEqualTo(GuardFailureException.Cause.PARSE));
  }

  private static Message defaultRequest(MethodDescriptor<?, ?> method) {
    return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
  }
  @Test
  void orderingsInsideAQueryOrABatchItemAreCheckedLikeTopLevelOnes() {
    Obligations masks = Obligations.builder().mask(MaskRule.of("salary", MaskAction.REDACT)).build();
    io.qdrant.client.grpc.Points.QueryPoints byQuery = io.qdrant.client.grpc.Points.QueryPoints.newBuilder()
        .setCollectionName("docs").setQuery(io.qdrant.client.QueryFactory.orderBy("salary")).build();
    VectorCall queryCall = DIALECT.classify("qdrant.Points/Query", byQuery, h -> null);
    assertThatThrownBy(() -> DIALECT.rewrite(queryCall, byQuery, masks))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("ordering by 'salary' would reveal values of the masked field 'salary'");

    io.qdrant.client.grpc.Points.QueryBatchPoints batch = io.qdrant.client.grpc.Points.QueryBatchPoints.newBuilder()
        .setCollectionName("docs").addQueryPoints(byQuery).build();
    VectorCall batchCall = DIALECT.classify("qdrant.Points/QueryBatch", batch, h -> null);
    Obligations titleOnly = Obligations.builder().allowedOutputFields(java.util.Set.of("title")).build();
    assertThatThrownBy(() -> DIALECT.rewrite(batchCall, batch, titleOnly))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("ordering by 'salary' would reveal values of a field outside the allowed output fields");
  }
  @Test
  void aRequestOutsideTheQdrantPackageIsRefusedEvenWithoutTheClientsDescriptors() {
    com.google.protobuf.Message foreign = com.google.protobuf.Struct.getDefaultInstance();
    assertThatThrownBy(() -> DIALECT.classify("qdrant.Points/Search", foreign, h -> null))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("the request is a google.protobuf.Struct, not a message of the qdrant package");
    assertThatThrownBy(() -> MilvusDialect.INSTANCE.classify("milvus.proto.milvus.MilvusService/Query", foreign,
        h -> null)).isInstanceOf(RequestRejectedException.class)
        .hasMessage("the request is a google.protobuf.Struct, not a message of the milvus.proto package");
  }
  @Test
  void anEmptyPointsSelectorIsRefusedRatherThanWidenedToTheWholeTenant() {
    io.qdrant.client.grpc.Points.DeletePoints delete = io.qdrant.client.grpc.Points.DeletePoints.newBuilder()
        .setCollectionName("docs").setPoints(io.qdrant.client.grpc.Points.PointsSelector.getDefaultInstance()).build();
    VectorCall call = DIALECT.classify("qdrant.Points/Delete", delete, h -> null);
    Obligations tenant = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();
    // Qdrant refuses an empty selector; with only the tenant condition it would delete all the tenant's points.
    assertThatThrownBy(() -> DIALECT.rewrite(call, delete, tenant))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("'points' selects no points, and the guard does not widen it to the tenant's points");
  }
}
