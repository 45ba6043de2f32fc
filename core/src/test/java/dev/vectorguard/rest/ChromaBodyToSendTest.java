package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.model.UnenforceableRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Chroma dialect's {@code bodyToSend}, which reads the body once, against what the interface's
 * default does ({@link RestDialect#leakRisk}, then {@link RestDialect#rewrite}): the same body or
 * the same refusal for every request and obligations below.
 */
class ChromaBodyToSendTest {
  private static final String DB = "/api/v2/tenants/t1/databases/db1";
  private static final String ID = "27a084ef-95f9-4efa-9001-bc37c7a08a90";
  private static final List<String> BODIES = List.of("{}", "{\"where\":{\"lang\":\"en\"},\"n_results\":50,\"limit\":90}",
      "{\"where\":{\"ssn\":{\"$eq\":\"x\"}}}", "{\"where_document\":{\"$contains\":\"x\"}}", "{\"where\":[1]}",
      "{\"where\":{\"a\":{\"$bogus\":1}}}", "{\"include\":[\"embeddings\",\"documents\"],\"limit\":2}",
      "{\"ids\":[\"a\"],\"embeddings\":[[1]],\"metadatas\":[{\"tenant\":\"acme\"}]}",
      "{\"ids\":[\"a\",\"b\"],\"embeddings\":[[1],[2]],\"metadatas\":[{\"tenant\":\"acme\"},{\"tenant\":\"x\"}]}",
      "{\"searches\":[{\"filter\":{\"lang\":{\"$eq\":\"en\"}},\"rank\":{\"$knn\":{\"key\":\"ssn\"}},"
          + "\"select\":{\"keys\":[\"#embedding\",\"#document\"]}}]}",
      "{\"searches\":[{\"group_by\":{\"keys\":[\"ssn\"]}}]}", "{\"searches\":[{\"limit\":{\"limit\":3}}]}",
      "{\"name\":\"docs\"}", "{\"new_name\":\"docs2\"}", "[1]", "");
  private static final List<String> OPS = List.of("query", "get", "delete", "search", "add", "upsert", "update",
      "count", "fork");
  private static final List<Obligations> OBLIGATIONS = List.of(Obligations.NONE,
      Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).maxResults(3).stripVectors(true).build(),
      Obligations.builder().mask(MaskRule.of("ssn", MaskAction.HASH)).build(),
      Obligations.builder().mask(MaskRule.of("document", MaskAction.REDACT)).tenantFilter(new TenantFilter("tenant",
          "acme")).build(),
      Obligations.builder().allowedOutputFields(Set.of("lang")).build(),
      Obligations.builder().stripVectors(true).build());

  @Test
  void readsTheBodyOnceAndSendsWhatTheDefaultSends() throws Exception {
    RestDialect chroma = RestDialect.chroma();
    chroma.filterCollections(chroma.classify(RestRequest.of("GET", DB + "/collections/docs", null)),
        ("{\"id\":\"" + ID + "\",\"name\":\"docs\",\"tenant\":\"t1\",\"database\":\"db1\"}")
            .getBytes(StandardCharsets.UTF_8), name -> true);
    int compared = 0;
    int refused = 0;
    for (String op : OPS) {
      String method = op.equals("count") ? "GET" : "POST";
      for (String body : BODIES) {
        RestRequest request = RestRequest.of(method, DB + "/collections/" + ID + "/" + op,
            method.equals("GET") ? null : body.getBytes(StandardCharsets.UTF_8));
        VectorCall call;
        try {
          call = chroma.classify(request);
        } catch (RestClassificationException e) {
          continue; // refused before any obligation applies
        }
        for (Obligations obligations : OBLIGATIONS) {
          String expected = byDefault(chroma, request, call, obligations);
          String actual;
          try {
            byte[] sent = chroma.bodyToSend(request, call, obligations);
            actual = sent == null ? "null" : new String(sent, StandardCharsets.UTF_8);
          } catch (UnenforceableRequestException e) {
            actual = "refused: " + e.getMessage();
          }
          assertThat(actual).as(op + " " + body + " " + obligations).isEqualTo(expected);
          compared++;
          refused += expected.startsWith("refused: ") ? 1 : 0;
        }
      }
    }
    assertThat(compared).isGreaterThan(300);
    assertThat(refused).isGreaterThan(30);
  }

  /** The interface's default {@code bodyToSend}, written out. */
  private static String byDefault(RestDialect chroma, RestRequest request, VectorCall call, Obligations obligations) {
    if (obligations.isNone()) {
      return request.body() == null ? "null" : new String(request.body(), StandardCharsets.UTF_8);
    }
    String risk = chroma.leakRisk(request, call, obligations);
    if (risk != null) {
      return "refused: " + risk;
    }
    try {
      byte[] rewritten = chroma.rewrite(request, call, obligations);
      byte[] sent = rewritten != null ? rewritten : request.body();
      return sent == null ? "null" : new String(sent, StandardCharsets.UTF_8);
    } catch (RestClassificationException e) {
      return "refused: " + e.getMessage();
    }
  }
}
