package dev.vectorguard.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorguard.Obligations;
import dev.vectorguard.Scope;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChromaDialectTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DB = "/api/v2/tenants/t1/databases/db1";
  private static final String ID = "27a084ef-95f9-4efa-9001-bc37c7a08a90";
  private static final Obligations TENANT = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme"))
      .build();
  private final RestDialect chroma = RestDialect.chroma();

  @BeforeEach
  void learnTheCollectionId() throws Exception {
    VectorCall get = classify("GET", DB + "/collections/docs", null);
    chroma.filterCollections(get, ("{\"id\":\"" + ID + "\",\"name\":\"docs\",\"tenant\":\"t1\",\"database\":\"db1\"}")
        .getBytes(StandardCharsets.UTF_8), name -> true);
  }

  private VectorCall classify(String method, String path, String body) throws RestClassificationException {
    return chroma.classify(RestRequest.of(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      GET    | /api/v2/heartbeat                           | health              | none   | -
      GET    | /api/v2/healthcheck                         | health              | none   | -
      GET    | /api/v2/version                             | health              | none   | -
      GET    | /api/v2/pre-flight-checks                   | health              | none   | -
      GET    | /api/v2/auth/identity                       | list_databases      | read   | -
      POST   | /api/v2/reset                               | reset               | admin  | -
      POST   | /api/v2/tenants                             | tenant_admin        | admin  | -
      GET    | /api/v2/tenants/t1                          | list_databases      | read   | -
      PATCH  | /api/v2/tenants/t1                          | tenant_admin        | admin  | -
      GET    | /api/v2/tenants/t1/databases                | list_databases      | read   | -
      POST   | /api/v2/tenants/t1/databases                | database_admin      | admin  | -
      GET    | /api/v2/tenants/t1/databases/db1            | list_databases      | read   | -
      DELETE | /api/v2/tenants/t1/databases/db1            | database_admin      | admin  | -
      GET    | /api/v2/tenants/t1/databases/db1/collections | list_collections   | read   | -
      GET    | /api/v2/tenants/t1/databases/db1/collections_count | list_collections | read | -
      GET    | /api/v2/tenants/t1/databases/db1/collections/docs | describe_collection | read | docs
      DELETE | /api/v2/tenants/t1/databases/db1/collections/docs | drop_collection | manage | docs
      GET    | /api/v2/tenants/t1/databases/db1/collections/by-id/27a084ef-95f9-4efa-9001-bc37c7a08a90 | describe_collection | read | docs
      GET    | /api/v2/collections/t1:db1:docs             | describe_collection | read   | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/add    | upsert | write | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/upsert | upsert | write | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/update | update | write | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/delete | delete | write | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/get    | get    | read  | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/query  | query  | read  | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/search | search | read  | docs
      GET    | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/count  | count  | read  | docs
      GET    | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/indexing_status | describe_collection | read | docs
      GET    | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/fork_count | describe_collection | read | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/functions/attach | alter_collection | manage | docs
      POST   | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/attached_functions/f/detach | alter_collection | manage | docs
      GET    | /api/v2/tenants/t1/databases/db1/collections/27a084ef-95f9-4efa-9001-bc37c7a08a90/functions/f | describe_collection | read | docs
      GET    | /api/v1/heartbeat                           | unknown             | admin  | -
      GET    | /api/v2/Heartbeat                           | unknown             | admin  | -
      """)
  void classifiesEveryEndpoint(String method, String path, String operation, String access, String collection)
      throws Exception {
    VectorCall call = classify(method, path, method.equals("POST") ? "{}" : null);

    assertThat(call.operation().id()).isEqualTo(operation);
    assertThat(call.access().id()).isEqualTo(access);
    if (collection == null) {
      assertThat(call.collections()).isEmpty();
    } else {
      assertThat(call.collections()).containsExactly(collection);
      assertThat(call.database()).isEqualTo("t1/db1");
    }
  }

  @Test
  void createForkAndRenameNameTheNewCollection() throws Exception {
    VectorCall create = classify("POST", DB + "/collections", "{\"name\":\"fresh\",\"get_or_create\":true}");
    assertThat(create.operation().id()).isEqualTo("create_collection");
    assertThat(create.collections()).containsExactly("fresh");
    assertThat(classify("POST", DB + "/collections/" + ID + "/fork", "{\"new_name\":\"copy\"}").collections())
        .containsExactly("docs", "copy");
    assertThat(classify("PUT", DB + "/collections/" + ID, "{\"new_name\":\"renamed\"}").collections())
        .containsExactly("docs", "renamed");
    assertThatThrownBy(() -> classify("POST", DB + "/collections/" + ID + "/get", "{}"))
        .as("a renamed id must be looked up again").isInstanceOf(RestClassificationException.class);
  }

  @Test
  void unknownCollectionIdsAreRefused() {
    assertThatThrownBy(() -> classify("POST", DB + "/collections/11111111-95f9-4efa-9001-bc37c7a08a90/get", "{}"))
        .hasMessage("the Chroma collection id '11111111-95f9-4efa-9001-bc37c7a08a90' is not known to the guard; "
            + "get or create the collection by name through the guarded client first");
    assertThatThrownBy(() -> classify("POST", "/api/v2/tenants/t2/databases/db1/collections/" + ID + "/get", "{}"))
        .as("ids are remembered per tenant and database").isInstanceOf(RestClassificationException.class);
  }

  @Test
  void listingsAreFilteredAndTeachIds() throws Exception {
    VectorCall list = classify("GET", DB + "/collections", null);
    assertThat(list.scope()).isEqualTo(Scope.DATABASE);
    String body = "[{\"id\":\"" + ID + "\",\"name\":\"docs\",\"tenant\":\"t1\",\"database\":\"db1\"},"
        + "{\"id\":\"99999999-95f9-4efa-9001-bc37c7a08a90\",\"name\":\"secret\",\"tenant\":\"t1\",\"database\":\"db1\"}]";

    byte[] out = chroma.filterCollections(list, body.getBytes(StandardCharsets.UTF_8), "docs"::equals);

    assertThat(JSON.readTree(out).findValuesAsText("name")).containsExactly("docs");
    assertThat(classify("GET", DB + "/collections/99999999-95f9-4efa-9001-bc37c7a08a90/count", null).collections())
        .containsExactly("secret");
  }

  private String rewrite(String op, String body, Obligations obligations) throws Exception {
    RestRequest request = RestRequest.of("POST", DB + "/collections/" + ID + "/" + op,
        body.getBytes(StandardCharsets.UTF_8));
    byte[] out = chroma.rewrite(request, chroma.classify(request), obligations);
    return out == null ? null : new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void queriesAreTenantFilteredClampedAndStripped() throws Exception {
    Obligations ob = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).maxResults(3)
        .stripVectors(true).build();

    assertThat(JSON.readTree(rewrite("query", "{\"query_embeddings\":[[1]],\"n_results\":50,"
        + "\"include\":[\"embeddings\",\"metadatas\"],\"where\":{\"lang\":\"en\"}}", ob)))
        .isEqualTo(JSON.readTree("{\"query_embeddings\":[[1]],\"n_results\":3,\"include\":[\"metadatas\"],"
            + "\"where\":{\"$and\":[{\"tenant\":{\"$eq\":\"acme\"}},{\"lang\":\"en\"}]}}"));
    assertThat(JSON.readTree(rewrite("get", "{}", ob)))
        .isEqualTo(JSON.readTree("{\"limit\":3,\"where\":{\"tenant\":{\"$eq\":\"acme\"}}}"));
    assertThat(JSON.readTree(rewrite("delete", "{\"ids\":[\"a\"]}", TENANT)))
        .isEqualTo(JSON.readTree("{\"ids\":[\"a\"],\"where\":{\"tenant\":{\"$eq\":\"acme\"}}}"));
  }

  @Test
  void aDeleteThatSelectsNothingIsRefusedRatherThanWidenedToTheTenant() throws Exception {
    // Chroma deletes nothing for these; with the tenant condition alone they would delete all of the tenant's records.
    for (String selectsNothing : new String[] {"{}", "{\"ids\":[]}", "{\"where\":{}}", "{\"where_document\":{}}"}) {
      assertThatThrownBy(() -> rewrite("delete", selectsNothing, TENANT)).as(selectsNothing)
          .isInstanceOf(RestClassificationException.class)
          .hasMessage("the delete selects no records (no ids, where or where_document), and the guard does not widen"
              + " it to the tenant's records");
    }
    assertThat(JSON.readTree(rewrite("delete", "{\"where_document\":{\"$contains\":\"x\"}}", TENANT)))
        .isEqualTo(JSON.readTree("{\"where_document\":{\"$contains\":\"x\"},"
            + "\"where\":{\"tenant\":{\"$eq\":\"acme\"}}}"));
    assertThat(rewrite("delete", "{}", Obligations.NONE)).as("without a tenant filter it goes out as sent").isNull();
  }

  @Test
  void aSearchFilterIsTheWhereClauseTheTenantIsAndedInto() throws Exception {
    // Chroma 1.x deserializes searches[].filter as a where clause (a where_clause key inside it is refused).
    assertThat(JSON.readTree(rewrite("search", "{\"searches\":[{\"filter\":{\"lang\":{\"$eq\":\"en\"}},"
        + "\"limit\":{\"limit\":3}}]}", TENANT)))
        .isEqualTo(JSON.readTree("{\"searches\":[{\"filter\":{\"$and\":[{\"tenant\":{\"$eq\":\"acme\"}},"
            + "{\"lang\":{\"$eq\":\"en\"}}]},\"limit\":{\"limit\":3}}]}"));
    assertThat(JSON.readTree(rewrite("search", "{\"searches\":[{\"limit\":{\"limit\":3}}]}", TENANT)))
        .isEqualTo(JSON.readTree("{\"searches\":[{\"limit\":{\"limit\":3},"
            + "\"filter\":{\"tenant\":{\"$eq\":\"acme\"}}}]}"));
  }

  @Test
  void addsMustCarryTheCallersTenant() throws Exception {
    assertThat(rewrite("add", "{\"ids\":[\"a\"],\"embeddings\":[[1]],\"metadatas\":[{\"tenant\":\"acme\"}]}", TENANT))
        .isNull();
    assertThatThrownBy(() -> rewrite("add", "{\"ids\":[\"a\",\"b\"],\"embeddings\":[[1],[2]],"
        + "\"metadatas\":[{\"tenant\":\"acme\"},{\"tenant\":\"globex\"}]}", TENANT))
        .hasMessage("record \"b\" has a tenant field 'tenant' that differs from the caller's tenant");
    assertThatThrownBy(() -> rewrite("add", "{\"ids\":[\"a\"],\"embeddings\":[[1]]}", TENANT))
        .hasMessage("record \"a\" lacks the tenant field 'tenant'");
  }

  @Test
  void aMaskOnANestedPathReachesNoFlatChromaKey() throws Exception {
    // Chroma metadata is flat: the selector customer.ssn names a nested path, which no record has, and not
    // the key spelled "customer.ssn". `vectorguard policy check` warns of such a mask on Chroma.
    Obligations ob = Obligations.builder().mask(dev.vectorguard.mask.MaskRule.of("customer.ssn",
        dev.vectorguard.mask.MaskAction.REDACT)).build();
    VectorCall query = classify("POST", DB + "/collections/" + ID + "/get", "{}");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String body = "{\"ids\":[\"a\"],\"metadatas\":[{\"customer.ssn\":\"123-45-6789\"}],\"include\":[\"metadatas\"]}";

    chroma.maskResponse(query, ob, dev.vectorguard.mask.MaskEngine.create(dev.vectorguard.mask.MaskSettings.defaults())
        .plan(ob.maskRules(), false), new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), out);

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("123-45-6789");
    assertThat(dev.vectorguard.model.BackendObligationReach.INSTANCE.mask(dev.vectorguard.Backend.CHROMA,
        ob.maskRules().get(0))).startsWith("the mask field 'customer.ssn' is a nested path");
  }

  @Test
  void metadataOutsideTheAllowedOutputFieldsIsRemovedFromResponses() throws Exception {
    Obligations ob = Obligations.builder().allowedOutputFields(java.util.Set.of("lang")).build();
    VectorCall query = classify("POST", DB + "/collections/" + ID + "/query", "{}");
    assertThat(chroma.masksResponse(query, ob)).isTrue();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String body = "{\"ids\":[[\"a\",\"b\"]],\"metadatas\":[[{\"lang\":\"en\",\"email\":\"a@x.io\"},null]],"
        + "\"documents\":[[\"doc a\",\"doc b\"]],\"include\":[\"metadatas\",\"documents\"]}";

    chroma.maskResponse(query, ob, dev.vectorguard.mask.MaskEngine.create(dev.vectorguard.mask.MaskSettings.defaults())
        .plan(java.util.List.of(), false), new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), out);

    assertThat(JSON.readTree(out.toByteArray())).isEqualTo(JSON.readTree("{\"ids\":[[\"a\",\"b\"]],"
        + "\"metadatas\":[[{\"lang\":\"en\"},null]],\"documents\":null,\"include\":[\"metadatas\",\"documents\"]}"));
    assertThat(RestDialect.qdrant().masksResponse(query, ob)).as("Qdrant selects fields in the request").isFalse();
  }

  @Test
  void writesThatCannotBeTenantFilteredAreRefused() throws Exception {
    for (String op : new String[] {"upsert", "update"}) {
      RestRequest request = RestRequest.of("POST", DB + "/collections/" + ID + "/" + op, "{}".getBytes());
      assertThat(chroma.leakRisk(request, chroma.classify(request), TENANT)).isNotNull();
    }
    RestRequest count = RestRequest.of("GET", DB + "/collections/" + ID + "/count", null);
    assertThat(chroma.leakRisk(count, chroma.classify(count), TENANT))
        .isEqualTo("counting all records of a collection cannot be tenant-filtered; use get with a where filter");
  }
}
