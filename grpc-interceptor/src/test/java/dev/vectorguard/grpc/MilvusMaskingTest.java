package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MilvusMaskingTest {
  private MilvusFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void searchColumnsAreMaskedAndVectorColumnsRemoved() {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("docs"), AccessLevel.READ, Obligations.builder()
        .mask(MaskRule.of("email", MaskAction.REDACT)).mask(MaskRule.of("title", MaskAction.NULL))
        .stripVectors(true).build()).build());

    SearchResp resp = fx.client.search(SearchReq.builder().collectionName("docs").annsField("vector")
        .data(List.of(new FloatVec(new float[] {1f, 0f}))).limit(3)
        .outputFields(List.of("email", "title", "tenant", "vector")).build());

    assertThat(resp.getSearchResults().get(0)).hasSize(3).allSatisfy(hit -> {
      assertThat(hit.getEntity()).containsEntry("email", "[REDACTED]").doesNotContainKey("vector");
      assertThat(hit.getEntity().get("title")).isNull();
      assertThat(hit.getEntity().get("tenant")).isIn("acme", "globex");
    });
    AuditEvent completed = fx.audit.ofType(AuditEvent.CALL_COMPLETED).stream()
        .filter(e -> e.get("outcome.result_count") != null).findFirst().orElseThrow();
    assertThat(completed.get("outcome.result_count")).isEqualTo(3);
    assertThat(completed.get("masked.fields.redact")).isEqualTo(3L);
    // The vector field searched on is not asked for at all; the response could carry none to strip.
    io.milvus.grpc.SearchRequest sent = (io.milvus.grpc.SearchRequest) fx.server.calls("Search").get(0).request();
    assertThat(sent.getOutputFieldsList()).containsExactly("email", "title", "tenant");
    assertThat(completed.get("masked.vectors_stripped")).isEqualTo(0L);
  }

  /**
   * A tenant that is a dynamic field must be in each row's dynamic fields. The guard used to add
   * it to rows that lacked it; like the REST binding it now refuses them: a rewrite never writes
   * data the caller did not send.
   */
  @Test
  void aTenantThatIsADynamicFieldMustBeInEveryRowsMeta() {
    try (MilvusFixture tenantFx = new MilvusFixture(TestPolicy.builder().allowTenant("tenant-writes", Set.of("docs"),
        AccessLevel.WRITE, Obligations.NONE, "org").build())) {
      JsonObject row = new JsonObject();
      row.addProperty("id", 9L);
      row.addProperty("tenant", "acme");
      row.addProperty("email", "z@acme.io");
      row.addProperty("title", "doc 9");
      JsonArray v = new JsonArray();
      v.add(1f);
      v.add(0f);
      row.add("vector", v);
      JsonObject own = row.deepCopy();
      own.addProperty("id", 11L);
      own.addProperty("org", "acme");
      JsonObject foreign = row.deepCopy();
      foreign.addProperty("id", 10L);
      foreign.addProperty("org", "globex");

      try (dev.vectorguard.GuardContext.Scope s = dev.vectorguard.GuardContext.actAs(
          dev.vectorguard.Actor.builder().tenant("acme").build())) {
        tenantFx.client.insert(InsertReq.builder().collectionName("docs").data(List.of(own)).build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tenantFx.client.insert(
            InsertReq.builder().collectionName("docs").data(List.of(row)).build()))
            .hasMessageContaining("row #0 lacks the tenant field 'org'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tenantFx.client.insert(
            InsertReq.builder().collectionName("docs").data(List.of(foreign)).build()))
            .hasMessageContaining("row #0 has a tenant field 'org' that differs from the caller's tenant");
      }

      assertThat(tenantFx.server.rows("docs")).filteredOn(r -> Long.valueOf(11L).equals(r.get("id"))).singleElement()
          .satisfies(r -> assertThat(r.get("$meta")).isEqualTo("{\"org\":\"acme\"}"));
      assertThat(tenantFx.server.rows("docs")).noneMatch(r -> Long.valueOf(9L).equals(r.get("id"))
          || Long.valueOf(10L).equals(r.get("id")));
    }
  }

  @Test
  void dynamicFieldsInMetaAreMasked() {
    fx = new MilvusFixture(TestPolicy.builder().allow("rw", Set.of("docs"), AccessLevel.WRITE, Obligations.builder()
        .mask(MaskRule.of("phone", MaskAction.REDACT)).build()).build());
    JsonObject row = new JsonObject();
    row.addProperty("id", 9L);
    row.addProperty("tenant", "acme");
    row.addProperty("email", "z@acme.io");
    row.addProperty("title", "doc 9");
    row.addProperty("phone", "+1 555 0100");
    row.addProperty("city", "Lyon");
    JsonArray v = new JsonArray();
    v.add(1f);
    v.add(0f);
    row.add("vector", v);
    fx.client.insert(InsertReq.builder().collectionName("docs").data(List.of(row)).build());

    QueryResp resp = fx.client.query(QueryReq.builder().collectionName("docs").filter("id == 9")
        .outputFields(List.of("phone", "city", "email")).build());

    assertThat(resp.getQueryResults()).singleElement().satisfies(r -> {
      assertThat(r.getEntity()).containsEntry("phone", "[REDACTED]").containsEntry("city", "Lyon")
          .containsEntry("email", "z@acme.io");
    });
  }
}
