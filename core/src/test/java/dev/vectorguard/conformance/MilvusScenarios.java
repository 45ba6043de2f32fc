package dev.vectorguard.conformance;

import static dev.vectorguard.conformance.Expectation.fieldsWithin;
import static dev.vectorguard.conformance.Expectation.limitAtMost;
import static dev.vectorguard.conformance.Expectation.responseOmits;
import static dev.vectorguard.conformance.Expectation.tenantFiltered;
import static dev.vectorguard.conformance.Expectation.unchanged;
import static dev.vectorguard.conformance.Expectation.vectorsNotRequested;
import static dev.vectorguard.conformance.Expectation.writesCarryTenant;
import static dev.vectorguard.conformance.Scenario.milvus;
import static dev.vectorguard.conformance.Scenarios.CAP_5;
import static dev.vectorguard.conformance.Scenarios.FIELDS;
import static dev.vectorguard.conformance.Scenarios.MASK;
import static dev.vectorguard.conformance.Scenarios.STRIP;
import static dev.vectorguard.conformance.Scenarios.TENANT;

import java.util.List;

/**
 * Milvus (REST v2 and gRPC): search, query and hybrid limits and tenant expressions, deletes,
 * inserts and upserts under a tenant, grouping on hidden fields, expressions that try to escape
 * the guard's parentheses, reserved template parameters, vectors and output fields, collections.
 */
final class MilvusScenarios {
  private static final String E = "POST /v2/vectordb/entities/";
  private static final String G = "milvus.proto.milvus.MilvusService/";

  private MilvusScenarios() {}

  static String kv(String key, String value) {
    return ",{'key':'" + key + "','value':'" + value + "'}";
  }

  /** A REST search of docs near [1,0,0,0] by the vector field, with {@code more} body fields. */
  static String restSearch(String more) {
    return "{'collectionName':'docs','data':[[1,0,0,0]],'annsField':'embedding'," + more + "}";
  }

  /** A gRPC search of docs by the vector field, with more {@code search_params} and {@code more} fields. */
  static String grpcSearch(String params, String more) {
    return "{'collection_name':'docs','dsl_type':'BoolExprV1','search_params':[{'key':'anns_field',"
        + "'value':'embedding'}" + params + "],'nq':1" + (more.isEmpty() ? "" : "," + more) + "}";
  }

  static String restQuery(String filter, String more) {
    return "{'collectionName':'docs','filter':'" + filter + "'" + (more.isEmpty() ? "" : "," + more) + "}";
  }

  static String grpcQuery(String expr, String more) {
    return "{'collection_name':'docs','expr':'" + expr + "'" + (more.isEmpty() ? "" : "," + more) + "}";
  }

  /** An insert or upsert of one row: id 1, {@code tenant} (when not null), a 4-d vector. */
  private static String grpcRows(@org.jspecify.annotations.Nullable String tenant) {
    return "{'collection_name':'docs','num_rows':1,'fields_data':[{'type':'Int64','field_name':'id','scalars':"
        + "{'long_data':{'data':[1]}}}," + (tenant == null ? "" : "{'type':'VarChar','field_name':'tenant',"
        + "'scalars':{'string_data':{'data':['" + tenant + "']}}},")
        + "{'type':'FloatVector','field_name':'embedding','vectors':{'dim':4,'float_vector':{'data':[1,0,0,0]}}}]}";
  }

  private static String restRows(@org.jspecify.annotations.Nullable String tenant) {
    return "{'collectionName':'docs','data':[{'id':1," + (tenant == null ? "" : "'tenant':'" + tenant + "',")
        + "'embedding':[1,0,0,0]}]}";
  }

  static List<Scenario> rows() {
    return List.of(
        milvus("m-search-limit-capped", "a search asking for 100 hits is capped at max_results")
            .obligations(CAP_5)
            .rest(E + "search", restSearch("'limit':100,'outputFields':['title']"))
            .grpc(G + "Search", grpcSearch(kv("topk", "100"), "'output_fields':['title']"))
            .allows(limitAtMost(5)),
        milvus("m-search-limit-within", "a search within max_results is sent as it is")
            .obligations(CAP_5)
            .rest(E + "search", restSearch("'limit':3,'outputFields':['title']"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3"), "'output_fields':['title']"))
            .allows(unchanged()),
        milvus("m-query-limit-capped", "a query asking for 100 rows is capped")
            .obligations(CAP_5)
            .rest(E + "query", restQuery("year > 2020", "'limit':100"))
            .grpc(G + "Query", grpcQuery("year > 2020", "'query_params':[{'key':'limit','value':'100'}]"))
            .allows(limitAtMost(5)),
        milvus("m-query-default-limit", "a query without a limit (up to 16384 rows) is capped")
            .obligations(CAP_5)
            .rest(E + "query", restQuery("year > 2020", "'outputFields':['title']"))
            .grpc(G + "Query", grpcQuery("year > 2020", "'output_fields':['title']"))
            .allows(limitAtMost(5)),
        milvus("m-hybrid-limit", "a hybrid search caps its own limit and every sub-search's")
            .obligations(CAP_5)
            .rest(E + "hybrid_search", "{'collectionName':'docs','search':[{'data':[[1,0,0,0]],'annsField':'embedding',"
                + "'limit':100},{'data':[[0,1,0,0]],'annsField':'embedding','limit':100}],'rerank':{'strategy':'rrf',"
                + "'params':{'k':60}},'limit':100,'outputFields':['title']}")
            .grpc(G + "HybridSearch", "{'collection_name':'docs','requests':[" + grpcSearch(kv("topk", "100"), "")
                + "," + grpcSearch(kv("topk", "100"), "") + "],'rank_params':[{'key':'strategy','value':'rrf'}"
                + kv("limit", "100") + "],'output_fields':['title']}")
            .allows(limitAtMost(5)),
        milvus("m-search-tenant-keeps-filter", "a search's own filter is kept whole and ANDed with the tenant")
            .obligations(TENANT)
            .rest(E + "search", restSearch("'filter':'year > 2020 or year < 1990','limit':3"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3"), "'dsl':'year > 2020 or year < 1990'"))
            .allows(tenantFiltered()),
        milvus("m-search-tenant-added", "a search without a filter gets the tenant filter")
            .obligations(TENANT)
            .rest(E + "search", restSearch("'limit':3"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3"), ""))
            .allows(tenantFiltered()),
        milvus("m-query-tenant", "a query's expression is ANDed with the tenant")
            .obligations(TENANT)
            .rest(E + "query", restQuery("year > 2020", "'limit':3"))
            .grpc(G + "Query", grpcQuery("year > 2020", "'query_params':[{'key':'limit','value':'3'}]"))
            .allows(tenantFiltered()),
        milvus("m-hybrid-tenant", "every sub-search of a hybrid search is tenant-filtered")
            .obligations(TENANT)
            .rest(E + "hybrid_search", "{'collectionName':'docs','search':[{'data':[[1,0,0,0]],'annsField':'embedding',"
                + "'filter':'year > 2020','limit':3},{'data':[[0,1,0,0]],'annsField':'embedding','limit':3}],"
                + "'rerank':{'strategy':'rrf','params':{'k':60}},'limit':3}")
            .grpc(G + "HybridSearch", "{'collection_name':'docs','requests':[" + grpcSearch(kv("topk", "3"),
                "'dsl':'year > 2020'") + "," + grpcSearch(kv("topk", "3"), "") + "],'rank_params':["
                + "{'key':'strategy','value':'rrf'}" + kv("limit", "3") + "]}")
            .allows(tenantFiltered()),
        milvus("m-delete-tenant", "a delete by expression only deletes the tenant's rows")
            .obligations(TENANT)
            .rest(E + "delete", "{'collectionName':'docs','filter':'id in [1, 2]'}")
            .grpc(G + "Delete", "{'collection_name':'docs','expr':'id in [1, 2]'}")
            .allows(tenantFiltered()),
        milvus("m-delete-no-filter-tenant", "a delete without an expression is refused, never widened to the tenant")
            .obligations(TENANT)
            .rest(E + "delete", "{'collectionName':'docs'}")
            .grpc(G + "Delete", "{'collection_name':'docs'}")
            .refuses("filter"),
        milvus("m-upsert-tenant", "an upsert replaces rows by key whatever their tenant, so it is refused")
            .obligations(TENANT)
            .rest(E + "upsert", restRows("acme"))
            .grpc(G + "Upsert", grpcRows("acme"))
            .refuses("tenant"),
        milvus("m-insert-tenant", "an insert of the tenant's rows is allowed")
            .obligations(TENANT)
            .rest(E + "insert", restRows("acme"))
            .grpc(G + "Insert", grpcRows("acme"))
            .allows(writesCarryTenant()),
        milvus("m-insert-lacking-tenant", "an insert of rows without the tenant field is refused, not completed")
            .obligations(TENANT)
            .rest(E + "insert", restRows(null))
            .grpc(G + "Insert", grpcRows(null))
            .refuses("tenant"),
        milvus("m-insert-other-tenant", "an insert of another tenant's rows is refused")
            .obligations(TENANT)
            .rest(E + "insert", restRows("globex"))
            .grpc(G + "Insert", grpcRows("globex"))
            .refuses("tenant"),
        milvus("m-unbalanced-parenthesis", "an expression closing a parenthesis it did not open (x == 1) or (true) "
                + "is refused")
            .obligations(TENANT)
            .rest(E + "query", restQuery("x == 1) or (true", "'limit':3"))
            .grpc(G + "Query", grpcQuery("x == 1) or (true", "'query_params':[{'key':'limit','value':'3'}]"))
            .refuses("parenthes"),
        milvus("m-unbalanced-bracket", "an expression with an unbalanced bracket is refused")
            .obligations(TENANT)
            .rest(E + "query", restQuery("x in [1, 2]] or [true", "'limit':3"))
            .grpc(G + "Query", grpcQuery("x in [1, 2]] or [true", "'query_params':[{'key':'limit','value':'3'}]"))
            .refuses(null),
        milvus("m-unterminated-string", "an expression with an unterminated string literal is refused")
            .obligations(TENANT)
            .rest(E + "query", restQuery("lang == \\\"en", "'limit':3"))
            .grpc(G + "Query", grpcQuery("lang == \\\"en", "'query_params':[{'key':'limit','value':'3'}]"))
            .refuses("unterminated"),
        milvus("m-reserved-params", "template parameters with the guard's reserved names are refused")
            .obligations(TENANT)
            .rest(E + "query", restQuery("tenant == {vg_tenant} or tenant == {__vg_t0}",
                "'exprParams':{'vg_tenant':'globex','__vg_t0':'globex'},'limit':3"))
            .grpc(G + "Query", grpcQuery("tenant == {vg_tenant} or tenant == {__vg_t0}",
                "'expr_template_values':{'vg_tenant':{'string_val':'globex'},'__vg_t0':{'string_val':'globex'}},"
                + "'query_params':[{'key':'limit','value':'3'}]"))
            .refuses("reserved"),
        milvus("m-user-params-kept", "the request's own template parameters are kept beside the tenant's")
            .obligations(TENANT)
            .rest(E + "query", restQuery("lang == {l}", "'exprParams':{'l':'en'},'limit':3"))
            .grpc(G + "Query", grpcQuery("lang == {l}", "'expr_template_values':{'l':{'string_val':'en'}},"
                + "'query_params':[{'key':'limit','value':'3'}]"))
            .allows(tenantFiltered()),
        milvus("m-group-by-masked", "grouping a search by a masked field is refused (group values show it)")
            .obligations(MASK)
            .rest(E + "search", restSearch("'groupingField':'email','limit':3"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3") + kv("group_by_field", "email"), ""))
            .refuses("masked"),
        milvus("m-group-by-outside-output", "grouping by a field outside the allowed output fields is refused")
            .obligations(FIELDS)
            .rest(E + "search", restSearch("'groupingField':'salary','limit':3"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3") + kv("group_by_field", "salary"), ""))
            .refuses("allowed output fields"),
        milvus("m-hybrid-group-by-masked", "grouping a hybrid search by a masked field is refused")
            .obligations(MASK)
            .rest(E + "hybrid_search", "{'collectionName':'docs','search':[{'data':[[1,0,0,0]],'annsField':'embedding',"
                + "'limit':3}],'rerank':{'strategy':'rrf','params':{'k':60}},'groupingField':'email','limit':3}")
            .grpc(G + "HybridSearch", "{'collection_name':'docs','requests':[" + grpcSearch(kv("topk", "3"), "")
                + "],'rank_params':[{'key':'strategy','value':'rrf'}" + kv("limit", "3") + kv("group_by_field", "email")
                + "]}")
            .refuses("masked"),
        milvus("m-output-fields-restricted", "output fields are restricted to the allowed ones")
            .obligations(FIELDS)
            // The filter reads an allowed field: one outside them is refused (m-query-filter-hidden).
            .rest(E + "query", restQuery("title > \\\"A\\\"", "'outputFields':['title','email','salary'],'limit':3"))
            .grpc(G + "Query", grpcQuery("title > \\\"A\\\"", "'output_fields':['title','email','salary'],"
                + "'query_params':[{'key':'limit','value':'3'}]"))
            .allows(fieldsWithin("title", "tenant")),
        milvus("m-output-star-strip", "output fields '*' under vector stripping would return vectors: refused")
            .obligations(STRIP)
            .rest(E + "search", restSearch("'outputFields':['*'],'limit':3"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3"), "'output_fields':['*']"))
            .refuses("vector"),
        milvus("m-output-vector-strip", "a vector field asked for as an output field is dropped")
            .obligations(STRIP)
            .described()
            .rest(E + "search", restSearch("'outputFields':['title','embedding'],'limit':3"))
            .grpc(G + "Search", grpcSearch(kv("topk", "3"), "'output_fields':['title','embedding']"))
            .allows(vectorsNotRequested()),
        milvus("m-output-binary-strip", "a binary vector field the schema names is dropped from the output fields")
            .obligations(STRIP)
            .described()
            .rest(E + "search", restSearch("'outputFields':['title',' bits '],'limit':3"))
            .notOn(Wire.MILVUS_GRPC, "gRPC requests name fields without types and the binding learns no schema: "
                + "'bits' is still asked for, and the typed column is stripped from the response"
                + " (m-response-binary-strip)")
            .allows(vectorsNotRequested()),
        milvus("m-output-untyped-strip", "under vector stripping, output fields of a collection the guard has not"
                + " seen described are refused: a base64 vector looks like text in REST rows")
            .obligations(STRIP)
            .rest(E + "query", restQuery("year > 2020", "'outputFields':['title'],'limit':3"))
            .notOn(Wire.MILVUS_GRPC, "gRPC results are typed: a vector column is stripped whatever it is named")
            .refuses("describe the collection"),
        milvus("m-response-binary-strip", "a binary vector the server returns anyway never reaches the caller")
            .obligations(STRIP)
            .described()
            .rest(E + "query", restQuery("year > 2020", "'outputFields':['title','bits'],'limit':3"))
            .restResponse("{'code':0,'data':[{'id':1,'title':'a','bits':'AfA='},{'id':2,'title':'b','bits':'AvA='}]}")
            .grpc(G + "Query", grpcQuery("year > 2020", "'output_fields':['title','bits'],"
                + "'query_params':[{'key':'limit','value':'3'}]"))
            .grpcResponse("{'fields_data':[{'type':'Int64','field_name':'id','scalars':{'long_data':{'data':[1,2]}}},"
                + "{'type':'VarChar','field_name':'title','scalars':{'string_data':{'data':['a','b']}}},"
                + "{'type':'BinaryVector','field_name':'bits','vectors':{'dim':16,'binary_vector':'AfACcA=='}}],"
                + "'output_fields':['id','title','bits'],'primary_field_name':'id'}")
            .allows(responseOmits("AfA="), responseOmits("AvA="), responseOmits("AfACcA==")),
        milvus("m-search-by-ids-tenant", "a search by primary keys loads their vectors without the tenant filter: "
                + "refused")
            .obligations(TENANT)
            .rest(E + "search", "{'collectionName':'docs','ids':[1,2],'annsField':'embedding','limit':3}")
            .grpc(G + "Search", "{'collection_name':'docs','ids':{'int_id':{'data':[1,2]}},'dsl_type':'BoolExprV1',"
                + "'search_params':[{'key':'anns_field','value':'embedding'}" + kv("topk", "3") + "],'nq':2}")
            .refuses(null),
        milvus("m-get-tenant", "a get by ids cannot be tenant-filtered, so it is refused")
            .obligations(TENANT)
            .rest(E + "get", "{'collectionName':'docs','id':[1,2]}")
            .notOn(Wire.MILVUS_GRPC, "gRPC has no get: the SDK's get is a Query with an id expression (m-query-tenant)")
            .refuses("get"),
        milvus("m-import-tenant", "a bulk import writes rows whose tenant the guard cannot check: refused")
            .obligations(TENANT)
            .rest("POST /v2/vectordb/jobs/import/create", "{'collectionName':'docs','files':[['rows.parquet']]}")
            .grpc(G + "Import", "{'collection_name':'docs','files':['rows.parquet']}")
            .refuses("tenant"),
        milvus("m-secret-denied", "a search of a denied collection is refused by its rule")
            .rest(E + "search", "{'collectionName':'secret','data':[[1,0,0,0]],'annsField':'embedding','limit':3}")
            .grpc(G + "Search", "{'collection_name':'secret','dsl_type':'BoolExprV1','search_params':"
                + "[{'key':'anns_field','value':'embedding'}" + kv("topk", "3") + "],'nq':1}")
            .refuses("no-secret"),
        milvus("m-alias-to-secret", "a search through an alias of a denied collection is refused")
            .alias("docs_alias", "secret")
            .rest(E + "search", "{'collectionName':'docs_alias','data':[[1,0,0,0]],'annsField':'embedding','limit':3}")
            .grpc(G + "Search", "{'collection_name':'docs_alias','dsl_type':'BoolExprV1','search_params':"
                + "[{'key':'anns_field','value':'embedding'}" + kv("topk", "3") + "],'nq':1}")
            .refuses("no-secret"),
        milvus("m-list-collections", "a collection listing hides the denied collection")
            .rest("POST /v2/vectordb/collections/list", "{}")
            .restResponse("{'code':0,'data':['docs','secret']}")
            .grpc(G + "ShowCollections", "{}")
            .grpcResponse("{'collection_names':['docs','secret'],'collection_ids':[1,2]}")
            .allows(unchanged(), responseOmits("secret")),
        milvus("m-drop-collection-refused", "dropping a collection needs a rule that allows manage")
            .rest("POST /v2/vectordb/collections/drop", "{'collectionName':'docs'}")
            .grpc(G + "DropCollection", "{'collection_name':'docs'}")
            .refuses("default deny"));
  }
}
