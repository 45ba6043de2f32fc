package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QdrantClassificationTest {
  private final RestDialect qdrant = RestDialect.qdrant();

  private VectorCall classify(String method, String path, String body) throws RestClassificationException {
    byte[] bytes = body == null || body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8);
    return qdrant.classify(RestRequest.of(method, path, bytes));
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      GET    | /                                          | health              | none   | -
      GET    | /healthz                                   | health              | none   | -
      GET    | /readyz                                    | health              | none   | -
      GET    | /livez                                     | health              | none   | -
      GET    | /telemetry                                 | cluster             | admin  | -
      GET    | /metrics                                   | cluster             | admin  | -
      GET    | /issues                                    | cluster             | admin  | -
      DELETE | /issues                                    | cluster             | admin  | -
      GET    | /cluster                                   | cluster             | admin  | -
      GET    | /cluster/telemetry                         | cluster             | admin  | -
      POST   | /cluster/recover                           | cluster             | admin  | -
      DELETE | /cluster/peer/7                            | cluster             | admin  | -
      GET    | /logger                                    | cluster             | admin  | -
      POST   | /logger                                    | cluster             | admin  | -
      GET    | /quotas                                    | cluster             | admin  | -
      PUT    | /quotas                                    | cluster             | admin  | -
      GET    | /snapshots                                 | snapshot            | admin  | -
      POST   | /snapshots                                 | snapshot            | admin  | -
      GET    | /snapshots/full-1.snapshot                 | snapshot            | admin  | -
      DELETE | /snapshots/full-1.snapshot                 | snapshot            | admin  | -
      GET    | /collections                               | list_collections    | read   | -
      GET    | /aliases                                   | list_aliases        | read   | -
      GET    | /collections/docs                          | describe_collection | read   | docs
      PUT    | /collections/docs                          | create_collection   | manage | docs
      PATCH  | /collections/docs                          | alter_collection    | manage | docs
      DELETE | /collections/docs                          | drop_collection     | manage | docs
      GET    | /collections/docs/exists                   | describe_collection | read   | docs
      GET    | /collections/docs/aliases                  | list_aliases        | read   | docs
      GET    | /collections/docs/cluster                  | cluster             | admin  | docs
      POST   | /collections/docs/cluster                  | cluster             | admin  | docs
      GET    | /collections/docs/shards                   | describe_collection | read   | docs
      PUT    | /collections/docs/shards                   | partition           | manage | docs
      POST   | /collections/docs/shards/delete            | partition           | manage | docs
      GET    | /collections/docs/optimizations            | describe_collection | read   | docs
      PUT    | /collections/docs/index                    | create_index        | manage | docs
      DELETE | /collections/docs/index/email              | drop_index          | manage | docs
      PUT    | /collections/docs/vectors/image            | alter_collection    | manage | docs
      DELETE | /collections/docs/vectors/image            | alter_collection    | manage | docs
      GET    | /collections/docs/snapshots                | snapshot            | manage | docs
      POST   | /collections/docs/snapshots                | snapshot            | manage | docs
      GET    | /collections/docs/snapshots/s1.snapshot    | snapshot            | admin  | docs
      DELETE | /collections/docs/snapshots/s1.snapshot    | snapshot            | manage | docs
      PUT    | /collections/docs/snapshots/recover        | snapshot            | admin  | docs
      POST   | /collections/docs/snapshots/upload         | snapshot            | admin  | docs
      GET    | /collections/docs/shards/0/snapshots       | snapshot            | manage | docs
      GET    | /collections/docs/shards/0/snapshots/s.snapshot | snapshot       | admin  | docs
      PUT    | /collections/docs/shards/0/snapshots/recover | snapshot          | admin  | docs
      GET    | /collections/docs/shards/0/snapshot        | snapshot            | admin  | docs
      GET    | /collections/docs/points/42                | get                 | read   | docs
      POST   | /collections/docs/points                   | get                 | read   | docs
      POST   | /collections/docs/points/scroll            | scroll              | read   | docs
      POST   | /collections/docs/points/count             | count               | read   | docs
      POST   | /collections/docs/facet                    | facet               | read   | docs
      POST   | /collections/docs/points/search            | search              | read   | docs
      POST   | /collections/docs/points/search/batch      | search              | read   | docs
      POST   | /collections/docs/points/search/groups     | search              | read   | docs
      POST   | /collections/docs/points/search/matrix/pairs | search            | read   | docs
      POST   | /collections/docs/points/search/matrix/offsets | search          | read   | docs
      POST   | /collections/docs/points/recommend         | recommend           | read   | docs
      POST   | /collections/docs/points/recommend/batch   | recommend           | read   | docs
      POST   | /collections/docs/points/recommend/groups  | recommend           | read   | docs
      POST   | /collections/docs/points/discover          | discover            | read   | docs
      POST   | /collections/docs/points/discover/batch    | discover            | read   | docs
      POST   | /collections/docs/points/query             | query               | read   | docs
      POST   | /collections/docs/points/query/batch       | query               | read   | docs
      POST   | /collections/docs/points/query/groups      | query               | read   | docs
      PUT    | /collections/docs/points                   | upsert              | write  | docs
      POST   | /collections/docs/points/delete            | delete              | write  | docs
      PUT    | /collections/docs/points/vectors           | update              | write  | docs
      POST   | /collections/docs/points/vectors/delete    | update              | write  | docs
      POST   | /collections/docs/points/payload           | update              | write  | docs
      PUT    | /collections/docs/points/payload           | update              | write  | docs
      POST   | /collections/docs/points/payload/delete    | update              | write  | docs
      POST   | /collections/docs/points/payload/clear     | update              | write  | docs
      POST   | /collections/docs/points/batch             | update              | write  | docs
      GET    | /Collections/docs                          | unknown             | admin  | -
      POST   | /collections/docs/points/SEARCH            | unknown             | admin  | -
      GET    | /dashboard                                 | unknown             | admin  | -
      POST   | /collections/docs/points/search/extra      | unknown             | admin  | -
      HEAD   | /collections/docs                          | unknown             | admin  | -
      """)
  void classifiesEveryEndpoint(String method, String path, String operation, String access, String collection)
      throws Exception {
    VectorCall call = classify(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}"
        .replace("{}", path.endsWith("/aliases") && method.equals("POST") ? "{\"actions\":[]}" : "{}"));

    assertThat(call.operation().id()).isEqualTo(operation);
    assertThat(call.access().id()).isEqualTo(access);
    if (collection == null) {
      assertThat(call.collections()).isEmpty();
      assertThat(call.scope()).isEqualTo(Scope.GLOBAL);
    } else {
      assertThat(call.collections()).containsExactly(collection);
    }
  }

  @ParameterizedTest(name = "{0} is collection {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /collections//docs//points/search/    | docs
      /collections/docs/points/search/      | docs
      /collections/d%6Fcs/points/search     | docs
      /collections/caf%C3%A9/points/search  | café
      /collections/a%20b/points/search      | a b
      /collections/%7Bc%7D/points/search    | {c}
      /collections/docs/points/%73earch     | docs
      """)
  void normalisesPathsLikeTheServer(String path, String collection) throws Exception {
    VectorCall call = classify("POST", path, "{}");

    assertThat(call.operation().id()).isEqualTo("search");
    assertThat(call.collections()).containsExactly(collection);
    assertThat(call.endpoint()).isEqualTo("POST /collections/{c}/points/search");
  }

  @ParameterizedTest(name = "aliases body {0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"actions":[{"create_alias":{"collection_name":"docs","alias_name":"public"}}]}                | docs,public
      {"actions":[{"rename_alias":{"old_alias_name":"a","new_alias_name":"b"}}]}                      | a,b
      {"actions":[{"delete_alias":{"alias_name":"public"}},{"create_alias":{"collection_name":"x","alias_name":"public"}}]} | public,x
      """)
  void aliasChangesAreManageOnEveryNameTheyTouch(String body, String names) throws Exception {
    VectorCall call = classify("POST", "/collections/aliases", body);

    assertThat(call.operation().id()).isEqualTo("alias");
    assertThat(call.access().id()).isEqualTo("manage");
    assertThat(call.collections()).containsExactlyElementsOf(List.of(names.split(",")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      /collections/docs/points/query         | {"query":[1,0],"lookup_from":{"collection":"other"}}                               | docs,other
      /collections/docs/points/query         | {"prefetch":[{"query":[1],"lookup_from":{"collection":"p1"}},{"prefetch":{"lookup_from":{"collection":"p2"}}}]} | docs,p1,p2
      /collections/docs/points/search/groups | {"vector":[1],"group_by":"g","limit":2,"group_size":2,"with_lookup":"owners"}     | docs,owners
      /collections/docs/points/query/groups  | {"group_by":"g","with_lookup":{"collection":"owners","with_payload":true}}        | docs,owners
      /collections/docs/points/query/batch   | {"searches":[{"query":[1]},{"query":[2],"lookup_from":{"collection":"smuggled"}}]} | docs,smuggled
      /collections/docs/points/recommend/batch | {"searches":[{"positive":[1],"lookup_from":{"collection":"other"}}]}            | docs,other
      /collections/docs/points/recommend     | {"positive":[1],"lookup_from":{"collection":"docs"}}                              | docs
      """)
  void batchAndLookupRequestsNameEveryCollectionTheyTouch(String path, String body, String names) throws Exception {
    assertThat(classify("POST", path, body).collections()).containsExactlyElementsOf(List.of(names.split(",")));
  }

  @org.junit.jupiter.api.Test
  void knownAliasesAreClassifiedByTheCollectionTheyPointTo() throws Exception {
    VectorCall list = classify("GET", "/aliases", null);
    qdrant.filterCollections(list, ("{\"result\":{\"aliases\":[{\"alias_name\":\"public\","
        + "\"collection_name\":\"prod-secrets\"}]},\"status\":\"ok\"}").getBytes(StandardCharsets.UTF_8), n -> true);

    assertThat(classify("POST", "/collections/public/points/search", "{}").collections())
        .containsExactly("public", "prod-secrets");
    assertThat(classify("POST", "/collections/docs/points/query", "{\"lookup_from\":{\"collection\":\"public\"}}")
        .collections()).containsExactly("docs", "public", "prod-secrets");

    classify("POST", "/collections/aliases", "{\"actions\":[{\"delete_alias\":{\"alias_name\":\"public\"}}]}");
    assertThat(classify("POST", "/collections/public/points/search", "{}").collections()).containsExactly("public");
  }

  @org.junit.jupiter.api.Test
  void requestFactsAreRead() throws Exception {
    VectorCall call = classify("POST", "/collections/docs/points/query",
        "{\"query\":[1],\"limit\":25,\"with_vector\":true,\"with_payload\":[\"title\",\"email\"],"
            + "\"filter\":{\"must\":[{\"key\":\"lang\",\"match\":{\"value\":\"en\"}}],"
            + "\"should\":{\"nested\":{\"key\":\"x\",\"filter\":{\"must\":{\"key\":\"y\",\"range\":{\"gt\":1}}}}}}}");

    assertThat(call.facts().limit()).isEqualTo(25);
    assertThat(call.facts().vectorsRequested()).isTrue();
    assertThat(call.facts().filterPresent()).isTrue();
    assertThat(call.facts().outputFields()).containsExactly("title", "email");
    assertThat(call.facts().filterFields()).containsExactlyInAnyOrder("lang", "x", "y");
  }

  @org.junit.jupiter.api.Test
  void groupOrderAndFacetKeysAreFilterFields() throws Exception {
    assertThat(classify("POST", "/collections/docs/facet", "{\"key\":\"email\"}").facts().filterFields())
        .containsExactly("email");
    assertThat(classify("POST", "/collections/docs/points/scroll", "{\"order_by\":{\"key\":\"ts\"}}").facts()
        .filterFields()).containsExactly("ts");
    assertThat(classify("POST", "/collections/docs/points/search/groups", "{\"group_by\":\"author\"}").facts()
        .filterFields()).containsExactly("author");
    // Prefetch filters narrow the candidates and query.order_by orders them: filter fields as much as the top-level ones.
    assertThat(classify("POST", "/collections/docs/points/query", "{\"prefetch\":[{\"filter\":{\"must\":"
        + "{\"key\":\"email\",\"match\":{\"value\":\"a@b.c\"}}},\"prefetch\":{\"query\":{\"order_by\":\"ts\"}}}],"
        + "\"query\":{\"fusion\":\"rrf\"}}").facts().filterFields()).containsExactlyInAnyOrder("email", "ts");
  }
}
