package dev.vectorguard.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.VectorInputFactory;
import io.qdrant.client.grpc.Points.DiscoverPoints;
import io.qdrant.client.grpc.Points.Expression;
import io.qdrant.client.grpc.Points.FacetCounts;
import io.qdrant.client.grpc.Points.Formula;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RecommendPoints;
import io.qdrant.client.grpc.Points.SetPayloadPoints;
import io.qdrant.client.grpc.Points.TargetVector;
import io.qdrant.client.grpc.Points.VectorExample;
import io.qdrant.client.grpc.Points.WithLookup;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.PointsIdsList;
import org.junit.jupiter.api.Test;

/**
 * The Qdrant rules that existed only on REST before the model held them, proven on gRPC: each
 * request here went out before (or was refused for another reason) and is now decided as the REST
 * binding decides it.
 */
class QdrantModelRulesOnGrpcTest {
  private static final QdrantDialect DIALECT = QdrantDialect.INSTANCE;
  private static final Obligations TENANT = Obligations.builder()
      .tenantFilter(new TenantFilter("tenant", "acme")).build();
  private static final Obligations MASKED_SALARY = Obligations.builder()
      .mask(MaskRule.of("salary", MaskAction.REDACT)).build();

  private static Message rewrite(String method, Message request, Obligations obligations) {
    VectorCall call = DIALECT.classify(method, request, h -> null);
    return DIALECT.rewrite(call, request, obligations);
  }

  @Test
  void pointIdsAsExamplesAreRefusedUnderATenantFilter() {
    RecommendPoints recommend = RecommendPoints.newBuilder().setCollectionName("docs")
        .addPositive(PointIdFactory.id(42)).setLimit(3).build();
    DiscoverPoints discover = DiscoverPoints.newBuilder().setCollectionName("docs")
        .setTarget(TargetVector.newBuilder().setSingle(VectorExample.newBuilder().setId(PointIdFactory.id(7))))
        .setLimit(3).build();
    QueryPoints query = QueryPoints.newBuilder().setCollectionName("docs")
        .setQuery(QueryFactory.nearest(PointIdFactory.id(7))).build();

    for (var call : java.util.Map.of("qdrant.Points/Recommend", recommend, "qdrant.Points/Discover", discover,
        "qdrant.Points/Query", query).entrySet()) {
      assertThatThrownBy(() -> rewrite(call.getKey(), call.getValue(), TENANT))
          .as(call.getKey()).isInstanceOf(RequestRejectedException.class)
          .hasMessage("a point id used as an example loads that point's vector without the tenant filter;"
              + " send the vector instead");
    }
    QueryPoints byVector = QueryPoints.newBuilder().setCollectionName("docs")
        .setQuery(QueryFactory.nearest(VectorInputFactory.vectorInput(1f, 0f))).build();
    assertThat(rewrite("qdrant.Points/Query", byVector, TENANT)).isInstanceOf(QueryPoints.class);
  }

  @Test
  void scoreFormulasOverAMaskedFieldAreRefused() {
    QueryPoints byFormula = QueryPoints.newBuilder().setCollectionName("docs")
        .setQuery(QueryFactory.formula(Formula.newBuilder()
            .setExpression(Expression.newBuilder().setVariable("salary")).build())).build();

    assertThatThrownBy(() -> rewrite("qdrant.Points/Query", byFormula, MASKED_SALARY))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("scoring by 'salary' would reveal values of the masked field 'salary'");
  }

  @Test
  void lookupsAreRefusedUnderATenantFilter() {
    io.qdrant.client.grpc.Points.SearchPointGroups groups = io.qdrant.client.grpc.Points.SearchPointGroups.newBuilder()
        .setCollectionName("docs").addVector(1f).setGroupBy("author").setLimit(2).setGroupSize(1)
        .setWithLookup(WithLookup.newBuilder().setCollection("authors")).build();

    assertThatThrownBy(() -> rewrite("qdrant.Points/SearchGroups", groups, TENANT))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("with_lookup reads records of another collection without the tenant filter");
  }

  @Test
  void quotedKeysAreReadAsTheFieldTheyName() {
    FacetCounts facet = FacetCounts.newBuilder().setCollectionName("docs").setKey("\"salary\"").build();

    assertThatThrownBy(() -> rewrite("qdrant.Points/Facet", facet, MASKED_SALARY))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("faceting on '\"salary\"' would reveal values of the masked field 'salary'");
  }

  @Test
  void groupsAreCappedInHitsNotInGroupsAndSizesSeparately() {
    io.qdrant.client.grpc.Points.SearchPointGroups groups = io.qdrant.client.grpc.Points.SearchPointGroups.newBuilder()
        .setCollectionName("docs").addVector(1f).setGroupBy("author").setLimit(100).setGroupSize(100).build();

    var sent = (io.qdrant.client.grpc.Points.SearchPointGroups) rewrite("qdrant.Points/SearchGroups", groups,
        Obligations.builder().maxResults(10).build());

    assertThat((long) sent.getGroupSize() * sent.getLimit()).isLessThanOrEqualTo(10);
  }

  @Test
  void aPayloadChangeUnderAKeyOutsideTheTenantFieldIsConfinedNotRefused() {
    SetPayloadPoints set = SetPayloadPoints.newBuilder().setCollectionName("docs").setKey("meta.lang")
        .setPointsSelector(PointsSelector.newBuilder().setPoints(PointsIdsList.newBuilder()
            .addIds(PointIdFactory.id(1)))).build();
    SetPayloadPoints intoTenant = set.toBuilder().setKey("\"tenant\"").build();

    SetPayloadPoints sent = (SetPayloadPoints) rewrite("qdrant.Points/SetPayload", set, TENANT);
    assertThat(sent.getPointsSelector().getFilter().getMust(0).getField().getKey()).isEqualTo("tenant");
    assertThatThrownBy(() -> rewrite("qdrant.Points/SetPayload", intoTenant, TENANT))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("setting the payload key '\"tenant\"' would change the tenant field 'tenant'");
  }
}
