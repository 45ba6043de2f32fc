package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests a server could read differently from the guard are refused, never classified loosely. */
class RestBypassTest {
  private final RestDialect qdrant = RestDialect.qdrant();

  private static RestRequest post(String path, String body) {
    return RestRequest.of("POST", path, body.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      /collections/a%2Fb/points/search          | the path '/collections/a%2Fb/points/search' has a segment ('a%2Fb') that decodes to a name containing '/'
      /collections/a%2fb/points/search          | the path '/collections/a%2fb/points/search' has a segment ('a%2fb') that decodes to a name containing '/'
      /collections/a%5Cb/points/search          | the path '/collections/a%5Cb/points/search' has a segment ('a%5Cb') that decodes to a name containing '\\'
      /collections/%2e%2e/points/search         | the path '/collections/%2e%2e/points/search' has a dot segment ('%2e%2e'), which servers and proxies resolve differently
      /collections/../secret/points/search      | the path '/collections/../secret/points/search' has a dot segment ('..'), which servers and proxies resolve differently
      /collections/%2E/points/search            | the path '/collections/%2E/points/search' has a dot segment ('%2E'), which servers and proxies resolve differently
      /collections/a%00b/points/search          | the path '/collections/a%00b/points/search' has a segment ('a%00b') that decodes to a control character
      /collections/a%zzb/points/search          | the path '/collections/a%zzb/points/search' has a malformed percent-escape in 'a%zzb'
      /collections/a%2/points/search            | the path '/collections/a%2/points/search' has a malformed percent-escape in 'a%2'
      /collections/%C3%28/points/search         | the path '/collections/%C3%28/points/search' has a segment ('%C3%28') that is not valid UTF-8 once decoded
      /collections/a..b/points/search           | the collection name 'a..b' contains '..', which is not allowed
      /collections/x%2F..%2Fsecret/points/search | the path '/collections/x%2F..%2Fsecret/points/search' has a segment ('x%2F..%2Fsecret') that decodes to a name containing '/'
      """)
  void ambiguousPathsAreRefused(String path, String message) {
    assertThatThrownBy(() -> qdrant.classify(post(path, "{}")))
        .isInstanceOf(RestClassificationException.class)
        .hasMessage(message);
  }

  @Test
  void duplicateJsonKeysAreRefused() {
    assertThatThrownBy(() -> qdrant.classify(post("/collections/docs/points/query",
        "{\"lookup_from\":{\"collection\":\"docs\",\"collection\":\"secret\"}}")))
        .isInstanceOf(RestClassificationException.class)
        .hasMessage("the body of POST /collections/{c}/points/query is not valid JSON: Duplicate field 'collection'");
  }

  @Test
  void trailingDataAndNonObjectsAreRefused() {
    assertThatThrownBy(() -> qdrant.classify(post("/collections/docs/points/search", "{} {}")))
        .hasMessageStartingWith("the body of POST /collections/{c}/points/search is not valid JSON: Trailing token");
    assertThatThrownBy(() -> qdrant.classify(post("/collections/docs/points/search", "[1]")))
        .hasMessage("the body of POST /collections/{c}/points/search must be a JSON object, but was array");
  }

  @Test
  void smuggledCollectionNamesInBodiesAreChecked() {
    assertThatThrownBy(() -> qdrant.classify(post("/collections/docs/points/query",
        "{\"lookup_from\":{\"collection\":\"../secret\"}}")))
        .hasMessage("the collection name '../secret' contains '/', which is not allowed");
    assertThatThrownBy(() -> qdrant.classify(post("/collections/docs/points/search/groups",
        "{\"with_lookup\":42}")))
        .hasMessage("'with_lookup' must name a collection");
  }

  @Test
  void caseVariantsAreUnknownNotAliases() throws Exception {
    assertThat(qdrant.classify(post("/COLLECTIONS/docs/points/search", "{}")).operation().id()).isEqualTo("unknown");
    assertThat(qdrant.classify(RestRequest.of("post", "/collections/docs/points/search", null)).operation().id())
        .isEqualTo("unknown");
  }
}
