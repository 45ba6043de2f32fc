package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.vector.request.AnnSearchReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.FunctionScore;
import io.milvus.v2.service.vector.request.HybridSearchReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.request.ranker.BoostRanker;
import io.milvus.v2.service.vector.request.ranker.RRFRanker;
import io.milvus.v2.service.vector.response.QueryResp;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the Milvus SDK V2 against the test server: every request part that reads a masked field
 * is refused before anything is sent (a filter answers questions about the values the mask hides:
 * {@code email like "alice%"} with {@code count(*)} tells whether such an email exists), whatever
 * the field's spelling and wherever the expression sits; equality lookups pass where the mask
 * allows them.
 */
class MilvusFilterOracleTest {
  private static final Obligations MASKED = Obligations.builder().mask(MaskRule.of("email", MaskAction.REDACT)).build();
  private MilvusFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private void guard(Obligations obligations) {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads-and-writes", Set.of("docs"), AccessLevel.WRITE,
        obligations).build());
  }

  private static SearchReq.SearchReqBuilder search() {
    return SearchReq.builder().collectionName("docs").annsField("vector")
        .data(List.of(new FloatVec(new float[] {1f, 0f}))).limit(3).outputFields(List.of("title"));
  }

  private void assertRefusedUnsent(Runnable call, String reason) {
    fx.server.clearCalls();
    assertThatThrownBy(call::run).isInstanceOf(MilvusClientException.class).hasMessageContaining(reason);
    assertThat(fx.server.calls()).extracting(c -> c.method())
        .noneMatch(m -> m.endsWith("/Query") || m.endsWith("/Search") || m.endsWith("/HybridSearch")
            || m.endsWith("/Delete"));
    // A refusal found while checking the request is one call.refused, with its reason.
    assertThat(fx.audit.ofType(AuditEvent.CALL_REFUSED)).last()
        .satisfies(e -> assertThat(String.valueOf(e.get("reason"))).contains(reason));
  }

  @Test
  void countingRowsByAPatternOnAMaskedFieldIsRefused() {
    guard(MASKED);

    assertRefusedUnsent(() -> fx.client.query(QueryReq.builder().collectionName("docs")
            .filter("email like \"alice%\"").outputFields(List.of("count(*)")).build()),
        "filtering on 'email' would reveal values of the masked field 'email'");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"TEXT_MATCH(email, \"alice\")", "PHRASE_MATCH(email, \"alice acme\", 1)",
      "$meta[\"email\"] == \"alice@acme.io\"", "id > 0 and (title != \"\" or email >= \"b\")",
      "json_contains(email, \"alice@acme.io\")", "not (email is null)", "email =~ \"^a\""})
  void everyReadOfAMaskedFieldIsRefused(String filter) {
    guard(MASKED);

    assertRefusedUnsent(() -> fx.client.query(QueryReq.builder().collectionName("docs").filter(filter)
        .outputFields(List.of("title")).build()), "would reveal values of the masked field 'email'");
  }

  @Test
  void searchesHybridSearchesAndTheirRankersAreReadToo() {
    guard(MASKED);

    assertRefusedUnsent(() -> fx.client.search(search().filter("email like 'a%'").build()),
        "filtering on 'email'");
    assertRefusedUnsent(() -> fx.client.hybridSearch(HybridSearchReq.builder().collectionName("docs")
            .searchRequests(List.of(AnnSearchReq.builder().vectorFieldName("vector").limit(3)
                .vectors(List.of(new FloatVec(new float[] {1f, 0f}))).build(),
                AnnSearchReq.builder().vectorFieldName("vector").limit(3).filter("email > \"m\"")
                    .vectors(List.of(new FloatVec(new float[] {0f, 1f}))).build()))
            .ranker(RRFRanker.builder().k(60).build()).limit(3).outFields(List.of("title")).build()),
        "filtering on 'email'");
    assertRefusedUnsent(() -> fx.client.search(search().functionScore(FunctionScore.builder()
            .addFunction(BoostRanker.builder().name("boost").filter("email like \"a%\"").weight(2f).build())
            .build()).build()),
        "filtering on 'email'");
    assertRefusedUnsent(() -> fx.client.search(search().functionScore(FunctionScore.builder()
            .addFunction(BoostRanker.builder().name("boost").randomScoreField("email").randomScoreSeed(7L)
                .weight(2f).build())
            .build()).build()),
        "scoring by 'email'");
  }

  @Test
  void aDeleteByAMaskedFieldIsRefusedAndNothingIsDeleted() {
    guard(MASKED);

    assertRefusedUnsent(() -> fx.client.delete(DeleteReq.builder().collectionName("docs")
        .filter("email like \"a%\"").build()), "filtering on 'email'");
    assertThat(fx.server.rows("docs")).hasSize(4);
  }

  @Test
  void anExpressionTheGuardCannotReadIsRefused() {
    guard(MASKED);

    assertRefusedUnsent(() -> fx.client.query(QueryReq.builder().collectionName("docs")
            .filter("lower(email) == \"alice@acme.io\"").outputFields(List.of("title")).build()),
        "the filter expression cannot be read by the guard: it calls 'lower'");
  }

  @Test
  void equalityLookupsPassWhereTheMaskAllowsThemAndNothingElseDoes() {
    guard(Obligations.builder().mask(new MaskRule("email", MaskAction.REDACT, 0, true)).build());

    QueryResp found = fx.client.query(QueryReq.builder().collectionName("docs")
        .filter("email == \"alice@acme.io\" or email in [\"bob@acme.io\"]").outputFields(List.of("email")).build());

    assertThat(found.getQueryResults()).extracting(r -> r.getEntity().get("id")).containsExactly(1L, 2L);
    assertThat(found.getQueryResults()).extracting(r -> r.getEntity().get("email")).containsOnly("[REDACTED]");
    assertRefusedUnsent(() -> fx.client.query(QueryReq.builder().collectionName("docs")
            .filter("email like \"alice%\"").outputFields(List.of("title")).build()),
        "(its rule allows only exact-match lookups)");
  }

  @Test
  void filtersOnAllowedFieldsAndLiteralsNamingMaskedOnesPass() {
    guard(MASKED);

    QueryResp resp = fx.client.query(QueryReq.builder().collectionName("docs")
        .filter("tenant == \"acme\" and title != \"email like 'a%'\"").outputFields(List.of("title")).build());

    assertThat(resp.getQueryResults()).extracting(r -> r.getEntity().get("id")).containsExactly(1L, 2L);
  }
}
