package dev.vectorguard.conformance;

import static dev.vectorguard.conformance.Expectation.unchanged;
import static dev.vectorguard.conformance.Scenario.milvus;
import static dev.vectorguard.conformance.Scenarios.FIELDS;
import static dev.vectorguard.conformance.Scenarios.MASK;

import java.util.List;

/**
 * Milvus (REST v2 and gRPC): the request parts that read a masked field or one outside the
 * allowed output fields and so act as an oracle for it: filter expressions in queries, counts,
 * searches, sub-searches, hybrid searches and deletes, in every spelling of the field; grouping
 * and ordering parameters; rankers. And the parts that do not: literals, template parameters,
 * equality lookups a mask allows.
 */
final class MilvusLeakScenarios {
  private static final String E = "POST /v2/vectordb/entities/";
  private static final String G = "milvus.proto.milvus.MilvusService/";
  /** A double quote inside an expression (rows write JSON with single quotes, see {@link Spelling#json}). */
  private static final String D = "\\\"";
  /** A single quote inside an expression, as a JSON escape. */
  private static final String S = "\\u0027";
  private static final String EXACT_EMAIL = "mask: [ { field: email, with: redact, lookups: exact } ]";
  private static final String JSON_EMAIL = "mask: [ { field: metadata.email, with: redact } ]";

  private MilvusLeakScenarios() {}

  private static String kv(String key, String value) {
    return MilvusScenarios.kv(key, value);
  }

  /** A REST query with a limit of 3; {@code more} starts with a comma. */
  private static String restQuery(String filter, String more) {
    return MilvusScenarios.restQuery(filter, "'limit':3" + more);
  }

  private static String grpcQuery(String expr, String more) {
    return MilvusScenarios.grpcQuery(expr, "'query_params':[{'key':'limit','value':'3'}]" + more);
  }

  private static String restSearch(String more) {
    return MilvusScenarios.restSearch("'limit':3" + more);
  }

  private static String grpcSearch(String params, String more) {
    return MilvusScenarios.grpcSearch(kv("topk", "3") + params, more.isEmpty() ? "" : more.substring(1));
  }

  /** A query row: the same expression as REST {@code filter} and gRPC {@code expr}. */
  private static Scenario.Builder query(String id, String intent, String obligations, String expression) {
    return milvus(id, intent).obligations(obligations)
        .rest(E + "query", restQuery(expression, ""))
        .grpc(G + "Query", grpcQuery(expression, ""));
  }

  static List<Scenario> rows() {
    return List.of(
        // Filters on a masked field.
        milvus("m-count-filter-masked", "counting rows by a range on a masked field is refused (the count reveals it)")
            .obligations(MASK)
            .rest(E + "query", "{'collectionName':'docs','filter':'salary > 100000','outputFields':['count(*)']}")
            .grpc(G + "Query", "{'collection_name':'docs','expr':'salary > 100000','output_fields':['count(*)']}")
            .refuses("filtering on 'salary' would reveal values of the masked field 'salary'"),
        query("m-query-like-masked", "a prefix match on a masked field is refused", MASK,
            "email like " + D + "ceo%" + D)
            .refuses("masked field 'email'"),
        query("m-query-text-match-masked", "a TEXT_MATCH on a masked field is refused", MASK,
            "TEXT_MATCH(email, " + D + "ceo" + D + ")")
            .refuses("masked field 'email'"),
        query("m-query-phrase-match-masked", "a PHRASE_MATCH on a masked field is refused", MASK,
            "PHRASE_MATCH(email, " + D + "chief executive" + D + ", 1)")
            .refuses("masked field 'email'"),
        query("m-query-meta-key-masked", "a masked dynamic field spelled $meta[\"email\"] is refused", MASK,
            "$meta[" + D + "email" + D + "] == " + D + "ceo@acme.io" + D)
            .refuses("masked field 'email'"),
        query("m-query-json-key-single-quoted", "a masked JSON key spelled metadata['email'] is refused", JSON_EMAIL,
            "title != " + D + D + " and metadata[" + S + "email" + S + "] > " + D + "m" + D)
            .refuses("masked field 'metadata.email'"),
        query("m-query-json-contains-masked", "json_contains on a masked JSON key is refused", JSON_EMAIL,
            "json_contains(metadata[" + D + "email" + D + "], " + D + "ceo@acme.io" + D + ")")
            .refuses("masked field 'metadata.email'"),
        milvus("m-search-filter-masked", "a search filtered by a range on a masked field is refused")
            .obligations(MASK)
            .rest(E + "search", restSearch(",'filter':'salary > 100000'"))
            .grpc(G + "Search", grpcSearch("", ",'dsl':'salary > 100000'"))
            .refuses("masked field 'salary'"),
        milvus("m-hybrid-filter-masked", "a hybrid search whose second sub-search filters on a masked field is refused")
            .obligations(MASK)
            .rest(E + "hybrid_search", "{'collectionName':'docs','search':[{'data':[[1,0,0,0]],'annsField':'embedding',"
                + "'limit':3},{'data':[[0,1,0,0]],'annsField':'embedding','filter':'email like " + D + "a%" + D + "',"
                + "'limit':3}],'rerank':{'strategy':'rrf','params':{'k':60}},'limit':3}")
            .grpc(G + "HybridSearch", "{'collection_name':'docs','requests':[" + grpcSearch("", "") + ","
                + grpcSearch("", ",'dsl':'email like " + D + "a%" + D + "'") + "],'rank_params':["
                + "{'key':'strategy','value':'rrf'}" + kv("limit", "3") + "]}")
            .refuses("masked field 'email'"),
        milvus("m-search-sub-request-filter-masked", "a search's sub-request filtering on a masked field is refused")
            .obligations(MASK)
            .notOn(Wire.MILVUS_REST, "REST search has no sub-requests; hybrid_search's are m-hybrid-filter-masked")
            .grpc(G + "Search", grpcSearch("", ",'sub_reqs':[{'dsl':'salary >= 1','nq':1,'search_params':["
                + "{'key':'anns_field','value':'embedding'}" + kv("topk", "3") + "]}]"))
            .refuses("masked field 'salary'"),
        milvus("m-delete-filter-masked", "a delete by a range on a masked field is refused (its count reveals it)")
            .obligations(MASK)
            .rest(E + "delete", "{'collectionName':'docs','filter':'salary > 100000'}")
            .grpc(G + "Delete", "{'collection_name':'docs','expr':'salary > 100000'}")
            .refuses("masked field 'salary'"),
        query("m-query-unreadable-filter", "an expression the guard cannot read is refused where fields are masked",
            MASK, "lower(email) == " + D + "ceo" + D)
            .refuses("cannot be read"),
        // Where lookups are allowed, and what reads no protected field.
        query("m-query-exact-lookup", "equality lookups on a masked field whose rule allows exact lookups go out as sent",
            EXACT_EMAIL, "email == " + D + "a@acme.io" + D + " or email in [" + D + "b@acme.io" + D + "]")
            .allows(unchanged()),
        query("m-query-like-exact-lookup", "a prefix match on a masked field is refused even where its rule allows"
            + " exact lookups", EXACT_EMAIL, "email like " + D + "a%" + D)
            .refuses("only exact-match lookups"),
        milvus("m-query-literals-no-oracle", "a field name inside a string literal or a template parameter is no read")
            .obligations(MASK)
            .rest(E + "query", restQuery("title == " + D + "salary > 1" + D + " or title == {email}",
                ",'exprParams':{'email':'x'}"))
            .grpc(G + "Query", grpcQuery("title == " + D + "salary > 1" + D + " or title == {email}",
                ",'expr_template_values':{'email':{'string_val':'x'}}"))
            .allows(unchanged()),
        query("m-query-filter-hidden", "filtering on a field outside the allowed output fields is refused", FIELDS,
            "lang == " + D + "en" + D)
            .refuses("outside the allowed output fields"),
        // Grouping, ordering and ranking.
        milvus("m-search-params-group-by-masked", "grouping by a masked field through the search parameters is refused")
            .obligations(MASK)
            .rest(E + "search", restSearch(",'searchParams':{'group_by_field':'email'}"))
            .grpc(G + "Search", grpcSearch(kv("group_by_field", "email"), ""))
            .refuses("grouping by 'email' would reveal values of the masked field 'email'"),
        milvus("m-query-order-by-masked", "ordering rows by a masked field is refused (the order reveals it)")
            .obligations(MASK)
            .rest(E + "query", restQuery("id > 0", ",'orderByFields':['salary:desc']"))
            .grpc(G + "Query", "{'collection_name':'docs','expr':'id > 0','query_params':[{'key':'limit','value':'3'}"
                + kv("order_by_fields", "salary:desc") + "]}")
            .refuses("ordering by 'salary'"),
        milvus("m-search-boost-filter-masked", "a boost ranker whose filter reads a masked field is refused")
            .obligations(MASK)
            .rest(E + "search", restSearch(",'functionScore':{'functions':[{'name':'b','type':'Rerank',"
                + "'inputFieldNames':[],'outputFieldNames':[],'params':{'reranker':'boost','filter':'salary > 100000',"
                + "'weight':2}}]}"))
            .grpc(G + "Search", grpcSearch("", ",'function_score':{'functions':[{'name':'b','type':'Rerank',"
                + "'params':[{'key':'reranker','value':'boost'},{'key':'filter','value':'salary > 100000'},"
                + "{'key':'weight','value':'2'}]}]}"))
            .refuses("filtering on 'salary'"),
        milvus("m-search-decay-masked", "a decay ranker over a masked field is refused (the scores reveal it)")
            .obligations(MASK)
            .rest(E + "search", restSearch(",'functionScore':{'functions':[{'name':'d','type':'Rerank',"
                + "'inputFieldNames':['salary'],'outputFieldNames':[],'params':{'reranker':'decay','function':'gauss',"
                + "'origin':0,'scale':1000}}]}"))
            .grpc(G + "Search", grpcSearch("", ",'function_score':{'functions':[{'name':'d','type':'Rerank',"
                + "'input_field_names':['salary'],'params':[{'key':'reranker','value':'decay'},"
                + "{'key':'function','value':'gauss'},{'key':'origin','value':'0'},{'key':'scale','value':'1000'}]}]}"))
            .refuses("scoring by 'salary'"));
  }
}
