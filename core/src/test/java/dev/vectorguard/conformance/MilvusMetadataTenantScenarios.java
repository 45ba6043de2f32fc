package dev.vectorguard.conformance;

import static dev.vectorguard.conformance.Expectation.metadataTenantFiltered;
import static dev.vectorguard.conformance.Expectation.writesCarryMetadataTenant;
import static dev.vectorguard.conformance.MilvusScenarios.grpcQuery;
import static dev.vectorguard.conformance.MilvusScenarios.grpcSearch;
import static dev.vectorguard.conformance.MilvusScenarios.kv;
import static dev.vectorguard.conformance.MilvusScenarios.restQuery;
import static dev.vectorguard.conformance.MilvusScenarios.restSearch;
import static dev.vectorguard.conformance.Scenario.milvus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Milvus (REST v2 and gRPC): a tenant filter on a key inside a JSON field,
 * {@code metadata["tenant_id"]}, where LangChain4j's and Spring AI's stores keep a document's
 * metadata. The side doors: the caller's own filter on the same key with another value or in
 * another spelling, {@code json_contains}, nested paths, writes of another tenant's metadata,
 * metadata without the key or that is no object.
 */
final class MilvusMetadataTenantScenarios {
  static final String METADATA_TENANT = "tenant_filter: { field: 'metadata[\"tenant_id\"]', value: \"${actor.tenant}\" }";
  private static final String E = "POST /v2/vectordb/entities/";
  private static final String G = "milvus.proto.milvus.MilvusService/";
  private static final String LIMIT_3 = "'query_params':[{'key':'limit','value':'3'}]";

  private MilvusMetadataTenantScenarios() {}

  /** A REST insert of one row whose {@code metadata} is the JSON object {@code metadata}. */
  private static String restRow(String metadata) {
    return "{'collectionName':'docs','data':[{'id':1,'metadata':" + metadata + ",'embedding':[1,0,0,0]}]}";
  }

  /** A gRPC insert of one row whose JSON column {@code metadata} holds the text {@code metadata}. */
  private static String grpcRow(String metadata) {
    String bytes = Base64.getEncoder().encodeToString(metadata.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    return "{'collection_name':'docs','num_rows':1,'fields_data':[{'type':'Int64','field_name':'id','scalars':"
        + "{'long_data':{'data':[1]}}},{'type':'JSON','field_name':'metadata','scalars':{'json_data':{'data':['"
        + bytes + "']}}},{'type':'FloatVector','field_name':'embedding','vectors':{'dim':4,'float_vector':"
        + "{'data':[1,0,0,0]}}}]}";
  }

  static List<Scenario> rows() {
    return List.of(
        milvus("m-meta-tenant-search-added", "a search without a filter gets metadata[\"tenant_id\"] == the tenant")
            .obligations(METADATA_TENANT)
            .rest(E + "search", restSearch("'limit':3"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3"), ""))
            .allows(metadataTenantFiltered()),
        milvus("m-meta-tenant-other-value", "a query's own filter on metadata[\"tenant_id\"] naming another tenant is "
                + "kept whole and ANDed with the caller's")
            .obligations(METADATA_TENANT)
            .rest(E + "query", restQuery("metadata[\\\"tenant_id\\\"] == \\\"globex\\\"", "'limit':3"))
            .grpc(G + "Query", grpcQuery("metadata[\\\"tenant_id\\\"] == \\\"globex\\\"", LIMIT_3))
            .allows(metadataTenantFiltered()),
        milvus("m-meta-tenant-other-spelling", "another spelling of the key (single quotes) with an 'or' stays inside "
                + "the caller's tenant")
            .obligations(METADATA_TENANT)
            .rest(E + "query", restQuery("metadata[\\'tenant_id\\'] == \\'globex\\' or year > 0", "'limit':3"))
            .grpc(G + "Query", grpcQuery("metadata[\\'tenant_id\\'] == \\'globex\\' or year > 0", LIMIT_3))
            .allows(metadataTenantFiltered()),
        milvus("m-meta-tenant-json-contains", "json_contains on the metadata stays inside the caller's tenant")
            .obligations(METADATA_TENANT)
            .rest(E + "query", restQuery("json_contains(metadata[\\\"tenant_id\\\"], \\\"globex\\\") or "
                + "json_contains(metadata, \\\"x\\\")", "'limit':3"))
            .grpc(G + "Query", grpcQuery("json_contains(metadata[\\\"tenant_id\\\"], \\\"globex\\\") or "
                + "json_contains(metadata, \\\"x\\\")", LIMIT_3))
            .allows(metadataTenantFiltered()),
        milvus("m-meta-tenant-nested-path", "a filter on a path below the tenant key stays inside the caller's tenant")
            .obligations(METADATA_TENANT)
            .rest(E + "search", restSearch("'filter':'metadata[\\\"tenant_id\\\"][\\\"name\\\"] != \\\"x\\\"','limit':3"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3"), "'dsl':'metadata[\\\"tenant_id\\\"][\\\"name\\\"] != \\\"x\\\"'"))
            .allows(metadataTenantFiltered()),
        milvus("m-meta-tenant-delete", "a delete by expression only deletes rows of the caller's tenant")
            .obligations(METADATA_TENANT)
            .rest(E + "delete", "{'collectionName':'docs','filter':'id in [1, 2]'}")
            .grpc(G + "Delete", "{'collection_name':'docs','expr':'id in [1, 2]'}")
            .allows(metadataTenantFiltered()),
        milvus("m-meta-tenant-insert", "an insert of rows whose metadata names the caller's tenant is allowed")
            .obligations(METADATA_TENANT)
            .rest(E + "insert", restRow("{'tenant_id':'acme','lang':'en'}"))
            .grpc(G + "Insert", grpcRow("{'tenant_id':'acme','lang':'en'}"))
            .allows(writesCarryMetadataTenant()),
        milvus("m-meta-tenant-insert-other", "an insert of rows whose metadata names another tenant is refused")
            .obligations(METADATA_TENANT)
            .rest(E + "insert", restRow("{'tenant_id':'globex'}"))
            .grpc(G + "Insert", grpcRow("{'tenant_id':'globex'}"))
            .refuses("tenant"),
        milvus("m-meta-tenant-insert-lacking", "an insert of rows whose metadata lacks the tenant key is refused")
            .obligations(METADATA_TENANT)
            .rest(E + "insert", restRow("{'lang':'en'}"))
            .grpc(G + "Insert", grpcRow("{'lang':'en'}"))
            .refuses("tenant"),
        milvus("m-meta-tenant-insert-nested", "an insert whose tenant key holds an object, not the tenant, is refused")
            .obligations(METADATA_TENANT)
            .rest(E + "insert", restRow("{'tenant_id':{'tenant_id':'acme'}}"))
            .grpc(G + "Insert", grpcRow("{'tenant_id':{'tenant_id':'acme'}}"))
            .refuses("tenant"),
        milvus("m-meta-tenant-upsert", "an upsert under a metadata tenant filter is refused, as under a field's")
            .obligations(METADATA_TENANT)
            .rest(E + "upsert", restRow("{'tenant_id':'acme'}"))
            .grpc(G + "Upsert", grpcRow("{'tenant_id':'acme'}"))
            .refuses("tenant"));
  }
}
