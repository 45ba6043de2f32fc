package dev.vectorguard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks catch what they exist for, so that a passing row means something. */
class ChecksTest {
  private static final Map<String, String> BOUND = Map.of("p", World.TENANT, "q", World.OTHER_TENANT);

  private static List<String> milvus(String expr, String original) {
    return MilvusFilters.tenantViolations("filter", World.TENANT_FIELD, expr, BOUND::get, original);
  }

  @Test
  void aMilvusTenantClauseOnAJsonKeyMustNameThatKey() {
    String field = World.METADATA_TENANT;
    assertThat(MilvusFilters.tenantViolations("filter", field, "(year > 2020) and (metadata[\"tenant_id\"] == {p})",
        BOUND::get, "year > 2020")).isEmpty();
    assertThat(MilvusFilters.tenantViolations("filter", field, "(metadata[\"tenant_id\"] == {q}) and (tenant == {p})",
        BOUND::get, null)).first().asString().contains("globex");
    assertThat(MilvusFilters.tenantViolations("filter", field, "metadata[\"other\"] == {p}", BOUND::get, null))
        .singleElement().asString().contains("does not require metadata[\"tenant_id\"] == 'acme'");
  }

  @Test
  void aMilvusTenantClauseMustBeAndedAtTheTopAndBoundToTheTenant() {
    assertThat(milvus("(year > 2020) and (tenant == {p})", "year > 2020")).isEmpty();
    assertThat(milvus("tenant == {p}", null)).isEmpty();
    assertThat(milvus("(year > 2020) or (tenant == {p})", "year > 2020")).singleElement().asString()
        .contains("'or' at its top level");
    assertThat(milvus("(year > 2020) and (tenant == {q})", "year > 2020")).first().asString().contains("globex");
    assertThat(milvus("(year > 2021) and (tenant == {p})", "year > 2020")).singleElement().asString()
        .contains("keep the request's own filter");
    assertThat(milvus("(x == 1) or (true) and (tenant == {p})", "x == 1) or (true")).isNotEmpty();
    assertThat(milvus("(x in [1, 2]] or [true) and (tenant == {p})", null)).singleElement().asString()
        .contains("does not balance");
    assertThat(milvus("", null)).singleElement().asString().contains("every tenant");
  }

  private static List<String> qdrant(Expectation expectation, String target, String original, String sent) {
    Spelling spelling = new Spelling(Wire.QDRANT_REST, target, Spelling.json(original));
    return QdrantRestChecks.violations(expectation, spelling,
        new Outcome.Allowed(Trees.parse(Spelling.json(original)), Trees.parse(Spelling.json(sent)), null));
  }

  @Test
  void aDeleteWhoseIdsWereDroppedIsWidenedToTheWholeTenant() {
    String tenant = "{'key':'tenant','match':{'value':'acme'}}";
    String delete = "POST /collections/docs/points/delete";
    assertThat(qdrant(Expectation.tenantFiltered(), delete, "{'points':[1,2]}",
        "{'filter':{'must':[" + tenant + ",{'has_id':[1,2]}]}}")).isEmpty();
    assertThat(qdrant(Expectation.tenantFiltered(), delete, "{'points':[1,2]}", "{'filter':{'must':[" + tenant + "]}}"))
        .singleElement().asString().contains("does not restrict the write to the ids");
    assertThat(qdrant(Expectation.tenantFiltered(), delete, "{'points':[1,2]}",
        "{'points':[1,2],'filter':{'must':[" + tenant + ",{'has_id':[1,2]}]}}")).singleElement().asString()
        .contains("beside the tenant filter");
  }

  @Test
  void everyAliasAndDefaultOfALimitCounts() {
    String search = "POST /collections/docs/points/search";
    assertThat(qdrant(Expectation.limitAtMost(50), search, "{}", "{'top':1000,'limit':5}")).singleElement()
        .asString().contains("top is 1000");
    assertThat(qdrant(Expectation.limitAtMost(5), "POST /collections/docs/points/scroll", "{}", "{}")).singleElement()
        .asString().contains("limit is 10");
    assertThat(qdrant(Expectation.limitAtMost(5), search, "{}", "{'limit':5,'prefetch':{'limit':6}}")).singleElement()
        .asString().contains("prefetch.limit is 6");
  }

  @Test
  void aRefusalMustGiveTheRowsReason() {
    Scenario row = Scenario.qdrant("q-x", "x").rest("POST /collections/docs/facet", "{}").refuses("masked");
    TransportBinding binding = RestBinding.qdrant();
    assertThat(ConformanceSuite.failures(row, binding, new Outcome.Refused("default deny"))).singleElement()
        .asString().contains("does not say 'masked'");
    assertThat(ConformanceSuite.failures(row, binding, new Outcome.Refused("the masked field 'email'"))).isEmpty();
    assertThat(ConformanceSuite.failures(row, binding, new Outcome.Allowed(null, null, null))).singleElement()
        .asString().startsWith("must be refused");
  }
}
