package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QdrantRewriteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RestDialect qdrant = RestDialect.qdrant();
  private static final Obligations TENANT = Obligations.builder().tenantFilter(new TenantFilter("group_id", "acme"))
      .build();
  private static final String T = "{\"key\":\"group_id\",\"match\":{\"value\":\"acme\"}}";

  private String rewrite(String method, String path, String body, Obligations obligations) throws Exception {
    RestRequest request = RestRequest.of(method, path, body.getBytes(StandardCharsets.UTF_8));
    VectorCall call = qdrant.classify(request);
    byte[] out = qdrant.rewrite(request, call, obligations);
    return out == null ? null : new String(out, StandardCharsets.UTF_8);
  }

  private static void assertJson(String actual, String expected) throws Exception {
    assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void wrapsTheOriginalFilterAsANestedCondition() throws Exception {
    String out = rewrite("POST", "/collections/docs/points/query",
        "{\"query\":[1,0],\"filter\":{\"should\":[{\"key\":\"lang\",\"match\":{\"value\":\"en\"}}]},\"limit\":5}", TENANT);

    assertJson(out, "{\"query\":[1,0],\"filter\":{\"must\":[" + T
        + ",{\"should\":[{\"key\":\"lang\",\"match\":{\"value\":\"en\"}}]}]},\"limit\":5}");
  }

  @Test
  void addsTheTenantFilterWhenThereIsNone() throws Exception {
    assertJson(rewrite("POST", "/collections/docs/points/count", "{}", TENANT), "{\"filter\":{\"must\":[" + T + "]}}");
  }

  @Test
  void filtersEveryPrefetchAtAnyDepthAsGrpcDoes() throws Exception {
    String out = rewrite("POST", "/collections/docs/points/query",
        "{\"prefetch\":[{\"query\":[1,0],\"prefetch\":{\"query\":[0,1]}}],\"query\":{\"fusion\":\"rrf\"}}", TENANT);

    assertJson(out, "{\"prefetch\":[{\"query\":[1,0],\"prefetch\":{\"query\":[0,1],\"filter\":{\"must\":[" + T
        + "]}},\"filter\":{\"must\":[" + T + "]}}],\"query\":{\"fusion\":\"rrf\"},\"filter\":{\"must\":[" + T + "]}}");
  }

  @Test
  void clampsTheTopAliasOfLimit() throws Exception {
    String out = rewrite("POST", "/collections/docs/points/search", "{\"vector\":[1],\"top\":100000}",
        Obligations.builder().maxResults(50).build());

    assertJson(out, "{\"vector\":[1],\"top\":50}");
  }

  @Test
  void filtersEverySearchOfABatch() throws Exception {
    String out = rewrite("POST", "/collections/docs/points/search/batch",
        "{\"searches\":[{\"vector\":[1],\"limit\":3},{\"vector\":[2],\"limit\":3,\"filter\":{\"must\":[]}}]}", TENANT);

    assertJson(out, "{\"searches\":[{\"vector\":[1],\"limit\":3,\"filter\":{\"must\":[" + T + "]}},"
        + "{\"vector\":[2],\"limit\":3,\"filter\":{\"must\":[" + T + ",{\"must\":[]}]}}]}");
  }

  @Test
  void clampsLimitsTurnsVectorsOffAndRestrictsPayload() throws Exception {
    Obligations ob = Obligations.builder().maxResults(10).stripVectors(true)
        .allowedOutputFields(Set.of("title", "lang")).build();

    assertJson(rewrite("POST", "/collections/docs/points/search",
            "{\"vector\":[1],\"limit\":500,\"with_vectors\":true,\"with_payload\":[\"title\",\"email\"]}", ob),
        "{\"vector\":[1],\"limit\":10,\"with_vector\":false,\"with_payload\":[\"title\"]}");
    assertJson(rewrite("POST", "/collections/docs/points/scroll", "{}", Obligations.builder().maxResults(5).build()),
        "{\"limit\":5}");
    assertJson(rewrite("POST", "/collections/docs/points/query", "{\"with_payload\":true}", ob),
        "{\"with_payload\":[\"lang\",\"title\"]}");
    assertJson(rewrite("POST", "/collections/docs/points/query", "{\"with_payload\":{\"exclude\":[\"lang\"]}}", ob),
        "{\"with_payload\":[\"title\"]}");
    assertThat(rewrite("POST", "/collections/docs/points/query", "{\"limit\":3}", Obligations.builder().maxResults(10)
        .build())).isNull();
  }

  @Test
  void capsGroupsSoThatAllHitsStayWithinTheLimit() throws Exception {
    assertJson(rewrite("POST", "/collections/docs/points/search/groups",
            "{\"vector\":[1],\"group_by\":\"a\",\"limit\":50,\"group_size\":5,\"with_lookup\":\"owners\"}",
            Obligations.builder().maxResults(10).stripVectors(true).build()),
        "{\"vector\":[1],\"group_by\":\"a\",\"limit\":2,\"group_size\":5,"
            + "\"with_lookup\":{\"collection\":\"owners\",\"with_vectors\":false}}");
  }

  @Test
  void deleteByIdsBecomesIdsAndTenant() throws Exception {
    assertJson(rewrite("POST", "/collections/docs/points/delete", "{\"points\":[1,2]}", TENANT),
        "{\"filter\":{\"must\":[" + T + ",{\"has_id\":[1,2]}]}}");
    assertJson(rewrite("POST", "/collections/docs/points/delete", "{\"filter\":{\"must\":[{\"has_id\":[3]}]}}", TENANT),
        "{\"filter\":{\"must\":[" + T + ",{\"must\":[{\"has_id\":[3]}]}]}}");
  }

  @Test
  void upsertsMustCarryTheTenantAndOnlyUpdateItsPoints() throws Exception {
    assertJson(rewrite("PUT", "/collections/docs/points",
            "{\"points\":[{\"id\":1,\"vector\":[1],\"payload\":{\"group_id\":\"acme\"}}]}", TENANT),
        "{\"points\":[{\"id\":1,\"vector\":[1],\"payload\":{\"group_id\":\"acme\"}}],"
            + "\"update_filter\":{\"must\":[" + T + "]}}");
    assertThatThrownBy(() -> rewrite("PUT", "/collections/docs/points",
        "{\"points\":[{\"id\":1,\"vector\":[1],\"payload\":{\"group_id\":\"globex\"}}]}", TENANT))
        .hasMessage("point 1 has a tenant field 'group_id' that differs from the caller's tenant");
    assertThatThrownBy(() -> rewrite("PUT", "/collections/docs/points",
        "{\"points\":[{\"id\":\"u1\",\"vector\":[1]}]}", TENANT))
        .hasMessage("point \"u1\" lacks the tenant field 'group_id'");
    assertThatThrownBy(() -> rewrite("PUT", "/collections/docs/points",
        "{\"batch\":{\"ids\":[1,2],\"vectors\":[[1],[2]],\"payloads\":[{\"group_id\":\"acme\"},{}]}}", TENANT))
        .hasMessage("point 2 lacks the tenant field 'group_id'");
  }

  @Test
  void payloadChangesCannotMovePointsBetweenTenants() throws Exception {
    assertThatThrownBy(() -> rewrite("POST", "/collections/docs/points/payload",
        "{\"payload\":{\"group_id\":\"globex\"},\"points\":[1]}", TENANT))
        .hasMessage("setting the payload with a different tenant field 'group_id' would move points out of the caller's tenant");
    assertThatThrownBy(() -> rewrite("PUT", "/collections/docs/points/payload",
        "{\"payload\":{\"x\":1},\"points\":[1]}", TENANT))
        .hasMessage("overwriting the payload without tenant field 'group_id' would move points out of the caller's tenant");
    assertThatThrownBy(() -> rewrite("POST", "/collections/docs/points/payload/delete",
        "{\"keys\":[\"group_id\"],\"points\":[1]}", TENANT))
        .hasMessage("deleting the payload key 'group_id' would remove the tenant field 'group_id'");
    assertThatThrownBy(() -> rewrite("POST", "/collections/docs/points/payload/clear", "{\"points\":[1]}", TENANT))
        .hasMessage("clearing the payload would remove the tenant field 'group_id'");
    assertJson(rewrite("POST", "/collections/docs/points/payload", "{\"payload\":{\"x\":1},\"points\":[7]}", TENANT),
        "{\"payload\":{\"x\":1},\"filter\":{\"must\":[" + T + ",{\"has_id\":[7]}]}}");
  }

  /** Qdrant filters read {@code meta.tenant} as a path: a literal top-level key of that name does not carry the tenant. */
  @Test
  void upsertsCarryANestedTenantFieldAlongItsPath() throws Exception {
    Obligations nested = Obligations.builder().tenantFilter(new TenantFilter("meta.tenant", "acme")).build();
    assertThatThrownBy(() -> rewrite("PUT", "/collections/docs/points", "{\"points\":[{\"id\":1,\"vector\":[1],"
        + "\"payload\":{\"meta.tenant\":\"acme\",\"meta\":{\"tenant\":\"globex\"}}}]}", nested))
        .hasMessage("point 1 has a tenant field 'meta.tenant' that differs from the caller's tenant");
    assertThat(rewrite("PUT", "/collections/docs/points", "{\"points\":[{\"id\":1,\"vector\":[1],"
        + "\"payload\":{\"meta\":{\"tenant\":\"acme\"}}}]}", nested)).isNotNull();
  }

  /** A nested tenant field ({@code meta.tenant}) is changed by setting its parent object, with or without {@code key}. */
  @Test
  void payloadChangesCannotMoveANestedTenantField() throws Exception {
    Obligations nested = Obligations.builder().tenantFilter(new TenantFilter("meta.tenant", "acme")).build();
    String p = "/collections/docs/points/payload";
    assertThatThrownBy(() -> rewrite("POST", p, "{\"key\":\"meta\",\"payload\":{\"tenant\":\"globex\"},\"points\":[1]}",
        nested)).hasMessage("setting the payload key 'meta' would change the tenant field 'meta.tenant'");
    assertThatThrownBy(() -> rewrite("POST", p, "{\"payload\":{\"meta\":{\"tenant\":\"globex\"}},\"points\":[1]}",
        nested)).hasMessage("setting the payload with a different tenant field 'meta.tenant' would move points out of "
        + "the caller's tenant");
    assertThatThrownBy(() -> rewrite("POST", p, "{\"payload\":{\"meta\":{}},\"points\":[1]}", nested))
        .hasMessage("setting the payload without tenant field 'meta.tenant' would move points out of the caller's tenant");
    assertThatThrownBy(() -> rewrite("POST", p, "{\"payload\":{\"meta.tenant\":\"acme\",\"meta\":{\"tenant\":\"globex\"}},"
        + "\"points\":[1]}", nested)).hasMessage("setting the payload with a different tenant field 'meta.tenant' would "
        + "move points out of the caller's tenant");
    assertThat(rewrite("POST", p, "{\"payload\":{\"meta\":{\"tenant\":\"acme\",\"x\":1}},\"points\":[1]}", nested))
        .isNotNull();
    assertThat(rewrite("POST", p, "{\"payload\":{\"title\":\"x\"},\"points\":[1]}", nested)).isNotNull();
    assertThat(rewrite("PUT", p, "{\"payload\":{\"meta\":{\"tenant\":\"acme\"}},\"points\":[1]}", nested))
        .isNotNull();
  }

  @Test
  void batchUpdatesAreCheckedOperationByOperation() throws Exception {
    assertJson(rewrite("POST", "/collections/docs/points/batch",
            "{\"operations\":[{\"delete\":{\"points\":[1]}},"
                + "{\"upsert\":{\"points\":[{\"id\":2,\"vector\":[1],\"payload\":{\"group_id\":\"acme\"}}]}}]}", TENANT),
        "{\"operations\":[{\"delete\":{\"filter\":{\"must\":[" + T + ",{\"has_id\":[1]}]}}},"
            + "{\"upsert\":{\"points\":[{\"id\":2,\"vector\":[1],\"payload\":{\"group_id\":\"acme\"}}],"
            + "\"update_filter\":{\"must\":[" + T + "]}}}]}");
    assertThatThrownBy(() -> rewrite("POST", "/collections/docs/points/batch",
        "{\"operations\":[{\"clear_payload\":{\"points\":[1]}}]}", TENANT))
        .hasMessage("clearing the payload would remove the tenant field 'group_id'");
    assertThatThrownBy(() -> rewrite("POST", "/collections/docs/points/batch",
        "{\"operations\":[{\"drop_everything\":{}}]}", TENANT))
        .hasMessage("unknown batch operation 'drop_everything'");
  }

  @Test
  void leakProneRequestsAreRefusedWhenMaskingApplies() throws Exception {
    Obligations masked = Obligations.builder().mask(MaskRule.of("customer.email", MaskAction.REDACT)).build();
    assertThat(risk("/collections/docs/facet", "{\"key\":\"customer.email\"}", masked))
        .isEqualTo("faceting on 'customer.email' would reveal values of the masked field 'customer.email'");
    assertThat(risk("/collections/docs/points/search/groups", "{\"group_by\":\"customer\"}", masked))
        .isEqualTo("grouping by 'customer' would reveal values of the masked field 'customer.email'");
    assertThat(risk("/collections/docs/points/scroll", "{\"order_by\":{\"key\":\"customer.email\"}}", masked))
        .isEqualTo("ordering by 'customer.email' would reveal values of the masked field 'customer.email'");
    assertThat(risk("/collections/docs/facet", "{\"key\":\"lang\"}", masked)).isNull();
    assertThat(risk("/collections/docs/points/query/groups", "{\"group_by\":\"a\",\"with_lookup\":\"o\"}", TENANT))
        .isEqualTo("with_lookup reads records of another collection without the tenant filter");
    assertThat(risk("/collections/docs/points", "{\"ids\":[1]}", TENANT))
        .startsWith("reading points by id cannot be tenant-filtered");
    RestRequest download = RestRequest.of("GET", "/collections/docs/snapshots/s.snapshot", null);
    assertThat(qdrant.leakRisk(download, qdrant.classify(download), masked))
        .isEqualTo("snapshot downloads return raw collection data, which cannot be masked or tenant-filtered");
  }

  /** Facet values, group ids and order values show a field's values as plainly as its payload would. */
  @Test
  void faceGroupAndOrderKeysMustBeAllowedOutputFields() throws Exception {
    Obligations restricted = Obligations.builder().allowedOutputFields(Set.of("title", "meta")).build();
    assertThat(risk("/collections/docs/facet", "{\"key\":\"salary\"}", restricted))
        .isEqualTo("faceting on 'salary' would reveal values of a field outside the allowed output fields");
    assertThat(risk("/collections/docs/points/search/groups", "{\"group_by\":\"salary\"}", restricted))
        .isEqualTo("grouping by 'salary' would reveal values of a field outside the allowed output fields");
    assertThat(risk("/collections/docs/points/scroll", "{\"order_by\":\"salary\"}", restricted))
        .isEqualTo("ordering by 'salary' would reveal values of a field outside the allowed output fields");
    assertThat(risk("/collections/docs/facet", "{\"key\":\"title\"}", restricted)).isNull();
    assertThat(risk("/collections/docs/facet", "{\"key\":\"meta.lang\"}", restricted)).isNull();
    assertThat(risk("/collections/docs/facet", "{\"key\":\"metadata\"}", restricted)).isNotNull();
  }

  /** A score formula turns payload values into scores: {@code {"sum":["salary"]}} scores each point by its salary. */
  @Test
  void scoreFormulasOnHiddenFieldsAreRefused() throws Exception {
    Obligations masked = Obligations.builder().mask(MaskRule.of("salary", MaskAction.REDACT)).build();
    String q = "/collections/docs/points/query";
    assertThat(risk(q, "{\"prefetch\":{\"query\":[1,0]},\"query\":{\"formula\":{\"sum\":[\"$score\","
        + "{\"mult\":[0.5,\"salary\"]}]}}}", masked))
        .isEqualTo("scoring by 'salary' would reveal values of the masked field 'salary'");
    assertThat(risk(q, "{\"prefetch\":[{\"prefetch\":{\"query\":[1]},\"query\":{\"formula\":{\"gauss_decay\":"
        + "{\"x\":\"salary\"}}}}],\"query\":{\"fusion\":\"rrf\"}}", masked))
        .isEqualTo("scoring by 'salary' would reveal values of the masked field 'salary'");
    assertThat(risk(q, "{\"prefetch\":{\"query\":[1,0]},\"query\":{\"formula\":{\"sum\":[\"$score\","
        + "{\"key\":\"salary\",\"match\":{\"value\":1}}]}}}", masked))
        .isEqualTo("scoring by 'salary' would reveal values of the masked field 'salary'");
    assertThat(risk(q, "{\"prefetch\":{\"query\":[1,0]},\"query\":{\"formula\":{\"sum\":[\"$score\",\"age\"]}}}",
        masked)).isNull();
  }

  /** The query API orders by {@code query.order_by} (also in prefetches) and returns each point's {@code order_value}. */
  @Test
  void queryOrderingOnAMaskedFieldIsRefused() throws Exception {
    Obligations masked = Obligations.builder().mask(MaskRule.of("salary", MaskAction.REDACT)).build();
    String refused = "ordering by 'salary' would reveal values of the masked field 'salary'";
    String q = "/collections/docs/points/query";
    assertThat(risk(q, "{\"query\":{\"order_by\":\"salary\"}}", masked)).isEqualTo(refused);
    assertThat(risk(q, "{\"query\":{\"order_by\":{\"key\":\"salary\",\"direction\":\"desc\"}}}", masked))
        .isEqualTo(refused);
    assertThat(risk(q, "{\"prefetch\":[{\"query\":{\"order_by\":\"salary\"}}],\"query\":{\"fusion\":\"rrf\"}}",
        masked)).isEqualTo(refused);
    assertThat(risk(q + "/batch", "{\"searches\":[{\"query\":{\"order_by\":\"salary\"}}]}", masked))
        .isEqualTo(refused);
    assertThat(risk(q, "{\"query\":{\"order_by\":\"age\"}}", masked)).isNull();
  }

  /** Qdrant loads vectors named by point id without the request filter: another tenant's point as an example. */
  @Test
  void pointIdsAsExamplesAreRefusedUnderATenantFilter() throws Exception {
    String refused = "a point id used as an example loads that point's vector without the tenant filter;"
        + " send the vector instead";
    String c = "/collections/docs/points";
    assertThat(risk(c + "/recommend", "{\"positive\":[[0.1,0.2],17],\"limit\":3}", TENANT)).isEqualTo(refused);
    assertThat(risk(c + "/recommend/batch", "{\"searches\":[{\"positive\":[[1,0]],\"negative\":"
        + "[\"5c56c793-69f3-4fbf-87e6-c4bf54c28c26\"]}]}", TENANT)).isEqualTo(refused);
    assertThat(risk(c + "/discover", "{\"target\":3,\"context\":[]}", TENANT)).isEqualTo(refused);
    assertThat(risk(c + "/discover", "{\"target\":[1,0],\"context\":[{\"positive\":[1,0],\"negative\":9}]}",
        TENANT)).isEqualTo(refused);
    assertThat(risk(c + "/query", "{\"query\":42}", TENANT)).isEqualTo(refused);
    assertThat(risk(c + "/query", "{\"query\":{\"nearest\":\"5c56c793-69f3-4fbf-87e6-c4bf54c28c26\"}}", TENANT))
        .isEqualTo(refused);
    assertThat(risk(c + "/query", "{\"query\":{\"recommend\":{\"positive\":[7]}}}", TENANT)).isEqualTo(refused);
    assertThat(risk(c + "/query", "{\"query\":{\"context\":{\"positive\":1,\"negative\":[0,1]}}}", TENANT))
        .isEqualTo(refused);
    assertThat(risk(c + "/query", "{\"prefetch\":[{\"prefetch\":{\"query\":8}}],\"query\":{\"fusion\":\"rrf\"}}",
        TENANT)).isEqualTo(refused);
    assertThat(risk(c + "/query/batch", "{\"searches\":[{\"query\":{\"discover\":{\"target\":2,"
        + "\"context\":[]}}}]}", TENANT)).isEqualTo(refused);
    // Vectors (dense with integer components, multi-dense, sparse) and documents are fine, and ids without a tenant filter.
    assertThat(risk(c + "/recommend", "{\"positive\":[[1,0],[[1,0],[0,1]]],\"negative\":"
        + "[{\"indices\":[1],\"values\":[1]}]}", TENANT)).isNull();
    assertThat(risk(c + "/query", "{\"query\":[1,0],\"prefetch\":{\"query\":{\"nearest\":[1,0]}}}", TENANT))
        .isNull();
    assertThat(risk(c + "/query", "{\"query\":{\"text\":\"hello\",\"model\":\"m\"}}", TENANT)).isNull();
    assertThat(risk(c + "/discover", "{\"target\":[1,0],\"context\":[{\"positive\":[1,0],\"negative\":[0,1]}]}",
        TENANT)).isNull();
    Obligations masked = Obligations.builder().mask(MaskRule.of("customer.email", MaskAction.REDACT)).build();
    assertThat(risk(c + "/recommend", "{\"positive\":[17]}", masked)).isNull();
  }

  private String risk(String path, String body, Obligations obligations) throws Exception {
    RestRequest request = RestRequest.of("POST", path, body.getBytes(StandardCharsets.UTF_8));
    return qdrant.leakRisk(request, qdrant.classify(request), obligations);
  }
}
