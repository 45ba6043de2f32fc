package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Shapes an attacker's review found getting past the Qdrant REST binding; each test asserts the
 * secure behaviour and failed before the fix.
 */
class QdrantReviewBypassTest {
  private final RestDialect qdrant = RestDialect.qdrant();
  private static final Obligations TENANT = Obligations.builder()
      .tenantFilter(new TenantFilter("group_id", "acme")).build();
  /** salary is redacted; the policy lets callers confirm a salary they already know (equality only). */
  private static final Obligations SALARY_EXACT_LOOKUPS = Obligations.builder()
      .mask(new MaskRule("salary", MaskAction.REDACT, 0, true)).build();

  private String leakRisk(String method, String path, String body, Obligations ob) throws Exception {
    RestRequest request = RestRequest.of(method, path, body.getBytes(StandardCharsets.UTF_8));
    VectorCall call = qdrant.classify(request);
    return qdrant.leakRisk(request, call, ob);
  }

  private String rewrite(String method, String path, String body, Obligations ob) throws Exception {
    RestRequest request = RestRequest.of(method, path, body.getBytes(StandardCharsets.UTF_8));
    VectorCall call = qdrant.classify(request);
    byte[] out = qdrant.rewrite(request, call, ob);
    return out == null ? null : new String(out, StandardCharsets.UTF_8);
  }

  /**
   * Qdrant ORs the checks of one field condition ({@code FieldCondition::check_match}: match ||
   * range || geo_* || values_count ...), but {@code QdrantJsonView.isExactMatch} looks only at
   * {@code match}: a decoy {@code match.value} makes a {@code range} on the masked field pass as an
   * exact lookup, so the condition is a full range oracle (binary search on the salary).
   */
  @Test
  void aDecoyMatchValueDoesNotMakeARangeOnAMaskedFieldAnExactLookup() throws Exception {
    String body = "{\"filter\":{\"must\":[{\"key\":\"salary\",\"match\":{\"value\":-1},"
        + "\"range\":{\"gte\":100000}}]},\"exact\":true}";

    assertThat(leakRisk("POST", "/collections/docs/points/count", body, SALARY_EXACT_LOOKUPS)).isNotNull();
  }

  @Test
  void aDecoyMatchValueDoesNotHideAValuesCountOnAMaskedField() throws Exception {
    String body = "{\"filter\":{\"must\":[{\"key\":\"salary\",\"match\":{\"value\":-1},"
        + "\"values_count\":{\"gt\":1}}]}}";

    assertThat(leakRisk("POST", "/collections/docs/points/scroll", body, SALARY_EXACT_LOOKUPS)).isNotNull();
  }

  /** Control: a plain equality lookup is allowed, and a bare range is refused. */
  @Test
  void exactLookupsAloneStillBehave() throws Exception {
    assertThat(leakRisk("POST", "/collections/docs/points/count",
        "{\"filter\":{\"must\":[{\"key\":\"salary\",\"match\":{\"value\":5}}]}}", SALARY_EXACT_LOOKUPS)).isNull();
    assertThat(leakRisk("POST", "/collections/docs/points/count",
        "{\"filter\":{\"must\":[{\"key\":\"salary\",\"range\":{\"gte\":5}}]}}", SALARY_EXACT_LOOKUPS)).isNotNull();
  }

  /**
   * Qdrant's {@code PointInsertOperations} deserializer takes {@code batch} whenever the object
   * has it ({@code if map.contains_key("batch")}; {@code PointsBatch} does not deny unknown fields,
   * so {@code points} is ignored). {@code QdrantRewriter.checkUpsertedPayloads} checks
   * {@code points} first and never looks at {@code batch}: the decoy points carry the caller's
   * tenant, the batch inserts points into another tenant ({@code update_filter} does not stop
   * inserts of new ids).
   */
  @Test
  void anUpsertWithPointsAndBatchHasItsBatchChecked() {
    String body = "{\"points\":[{\"id\":1,\"vector\":[1],\"payload\":{\"group_id\":\"acme\"}}],"
        + "\"batch\":{\"ids\":[2],\"vectors\":[[1]],\"payloads\":[{\"group_id\":\"globex\"}]}}";

    assertThatThrownBy(() -> rewrite("PUT", "/collections/docs/points", body, TENANT))
        .isInstanceOf(RestClassificationException.class);
  }

  @Test
  void aBatchUpsertOperationWithPointsAndBatchHasItsBatchChecked() {
    String body = "{\"operations\":[{\"upsert\":{\"points\":[{\"id\":1,\"vector\":[1],"
        + "\"payload\":{\"group_id\":\"acme\"}}],"
        + "\"batch\":{\"ids\":[2],\"vectors\":[[1]],\"payloads\":[{}]}}}]}";

    assertThatThrownBy(() -> rewrite("POST", "/collections/docs/points/batch", body, TENANT))
        .isInstanceOf(RestClassificationException.class);
  }
}
