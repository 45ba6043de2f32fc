package dev.vectorguard.mask;

import static dev.vectorguard.mask.MaskAction.DROP;
import static dev.vectorguard.mask.MaskAction.REDACT;
import static dev.vectorguard.mask.MaskFixtures.ENGINE;
import static dev.vectorguard.mask.MaskFixtures.mask;
import static dev.vectorguard.mask.MaskFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskPlanLayoutTest {
  private static final List<MaskRule> EMAIL = List.of(MaskRule.of("email", REDACT));

  @Test
  void qdrantQueryMasksPayloadsAndStripsVectorsOnly() throws Exception {
    String body = """
        {"result":{"points":[
          {"id":1,"version":3,"score":0.9,"payload":{"email":"a@x.io","n":1},"vector":[0.1,0.2,0.3]},
          {"id":2,"score":0.8,"payload":{"email":"b@x.io"},"vector":{"text":[0.1,0.2],"sparse":{"indices":[1,7],"values":[0.5,0.1]}}},
          {"id":3,"score":0.7,"payload":null,"vector":null},
          {"id":4,"score":0.6,"vector":[[0.1,0.2],[0.3,0.4]],"email":"not-a-payload@x.io"}
        ]},"status":"ok","time":0.002,"email":"top@x.io"}""";
    var r = mask(ENGINE.plan(EMAIL, true), body, MaskFixtures.QDRANT_QUERY);
    assertThat(r.tree()).isEqualTo(tree("""
        {"result":{"points":[
          {"id":1,"version":3,"score":0.9,"payload":{"email":"[REDACTED]","n":1}},
          {"id":2,"score":0.8,"payload":{"email":"[REDACTED]"}},
          {"id":3,"score":0.7,"payload":null},
          {"id":4,"score":0.6,"email":"not-a-payload@x.io"}
        ]},"status":"ok","time":0.002,"email":"top@x.io"}"""));
    assertThat(r.counts().records()).isEqualTo(2);
    assertThat(r.counts().vectorsStripped()).isEqualTo(1 + 2 + 0 + 2);
    assertThat(r.counts().fieldsByAction()).containsEntry(REDACT, 2L);
  }

  @Test
  void vectorsAreKeptWhenNotStripping() throws Exception {
    String body = "{\"result\":{\"points\":[{\"id\":1,\"payload\":{\"email\":\"a@x.io\"},\"vector\":[0.1,0.25]}]}}";
    var r = mask(ENGINE.plan(EMAIL, false), body, MaskFixtures.QDRANT_QUERY);
    assertThat(r.json()).isEqualTo(
        "{\"result\":{\"points\":[{\"id\":1,\"payload\":{\"email\":\"[REDACTED]\"},\"vector\":[0.1,0.25]}]}}");
    assertThat(r.counts().vectorsStripped()).isZero();
  }

  @Test
  void qdrantSearchBatchNestsArrays() throws Exception {
    String body = """
        {"result":[[{"id":1,"payload":{"email":"a@x.io"},"vector":[1,2]}],[{"id":2,"payload":{"email":"b@x.io"},"vector":[3,4]}]],"status":"ok"}""";
    var layout = JsonLayout.of(List.of("result[*][*].payload"), List.of("result[*][*].vector"));
    var r = mask(ENGINE.plan(EMAIL, true), body, layout);
    assertThat(r.json()).isEqualTo("{\"result\":[[{\"id\":1,\"payload\":{\"email\":\"[REDACTED]\"}}],"
        + "[{\"id\":2,\"payload\":{\"email\":\"[REDACTED]\"}}]],\"status\":\"ok\"}");
    assertThat(r.counts().records()).isEqualTo(2);
    assertThat(r.counts().vectorsStripped()).isEqualTo(2);
  }

  @Test
  void milvusRowsAreRecordsWithVectorColumnsInside() throws Exception {
    String body = """
        {"code":0,"cost":3,"data":[{"id":1,"distance":0.1,"email":"a@x.io","embedding":[0.1,0.2],"bin":"AAEC"},
                                   {"id":2,"distance":0.2,"email":"b@x.io","embedding":[0.3,0.4],"bin":"AQID"}],"topks":[2]}""";
    var layout = JsonLayout.of(List.of("data[*]"), List.of("data[*].embedding", "data[*].bin"));
    var r = mask(ENGINE.plan(List.of(MaskRule.of("email", DROP)), true), body, layout);
    assertThat(r.json()).isEqualTo(
        "{\"code\":0,\"cost\":3,\"data\":[{\"id\":1,\"distance\":0.1},{\"id\":2,\"distance\":0.2}],\"topks\":[2]}");
    assertThat(r.counts().vectorsStripped()).isEqualTo(4);
    assertThat(r.counts().records()).isEqualTo(2);
  }

  @Test
  void chromaQueryMetadatasAndTopLevelEmbeddings() throws Exception {
    String body = """
        {"ids":[["a","b"]],"embeddings":[[[0.1,0.2],[0.3,0.4]]],"documents":[["d1","d2"]],
         "metadatas":[[{"email":"a@x.io"},null]],"distances":[[0.1,0.2]]}""";
    var layout = JsonLayout.of(List.of("metadatas[*][*]"), List.of("embeddings"));
    var r = mask(ENGINE.plan(EMAIL, true), body, layout);
    assertThat(r.json()).isEqualTo("{\"ids\":[[\"a\",\"b\"]],\"documents\":[[\"d1\",\"d2\"]],"
        + "\"metadatas\":[[{\"email\":\"[REDACTED]\"},null]],\"distances\":[[0.1,0.2]]}");
    assertThat(r.counts().vectorsStripped()).isEqualTo(2);
    assertThat(r.counts().records()).isEqualTo(1);
  }

  @Test
  void vectorPathOnArrayElementsRemovesTheElements() throws Exception {
    var layout = JsonLayout.of(List.of(), List.of("embeddings[*]"));
    var r = mask(ENGINE.plan(List.of(), true), "{\"embeddings\":[[1,2],[3,4]],\"ids\":[1,2]}", layout);
    assertThat(r.json()).isEqualTo("{\"embeddings\":[],\"ids\":[1,2]}");
    assertThat(r.counts().vectorsStripped()).isEqualTo(2);
  }

  @Test
  void aRecordPathHoldingANonObjectFailsClosed() {
    var body = "{\"result\":{\"points\":[{\"payload\":\"a@x.io\"}]}}";
    assertThatThrownBy(() -> mask(ENGINE.plan(EMAIL, false), body, MaskFixtures.QDRANT_QUERY))
        .isInstanceOf(MaskingException.class)
        .hasMessage("expected an object or null at record path 'result.points[*].payload' but found a string"
            + " at line 1, column 33");
  }

  @Test
  void noopPlanCopiesTheBodyAndStillChecksIt() throws Exception {
    MaskPlan noop = ENGINE.plan(List.of(), false);
    assertThat(noop.isNoop()).isTrue();
    assertThat(ENGINE.plan(List.of(), true).isNoop()).isFalse();
    assertThat(ENGINE.plan(EMAIL, false).isNoop()).isFalse();
    var r = mask(noop, "{\"result\":{\"points\":[{\"payload\":{\"email\":\"a@x.io\"},\"vector\":[1]}]}}",
        MaskFixtures.QDRANT_QUERY);
    assertThat(r.json()).isEqualTo("{\"result\":{\"points\":[{\"payload\":{\"email\":\"a@x.io\"},\"vector\":[1]}]}}");
    assertThat(r.counts().records()).isEqualTo(1);
    assertThat(r.counts().fieldsMasked()).isZero();
  }

  @Test
  void plansAreCachedPerRulesAndStrip() {
    assertThat(ENGINE.plan(EMAIL, true)).isSameAs(ENGINE.plan(List.of(MaskRule.of("email", REDACT)), true));
    assertThat(ENGINE.plan(EMAIL, true)).isNotSameAs(ENGINE.plan(EMAIL, false));
  }

  @Test
  void malformedLayoutPathsAreRejected() {
    MaskPlan plan = ENGINE.plan(EMAIL, true);
    assertThatThrownBy(() -> mask(plan, "{}", JsonLayout.of(List.of("result.points[0].payload"), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layout path 'result.points[0].payload' has an unsupported step in 'points[0]';"
            + " only key names and [*] are supported");
    assertThatThrownBy(() -> mask(plan, "{}", JsonLayout.of(List.of("result..payload"), List.of())))
        .hasMessage("layout path 'result..payload' has an empty segment");
    assertThatThrownBy(() -> mask(plan, "{}", JsonLayout.of(List.of(), List.of(""))))
        .hasMessage("vector path must not be the document root");
  }
}
