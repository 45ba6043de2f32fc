package dev.vectorguard.conformance;

import static dev.vectorguard.conformance.Expectation.fieldsWithin;
import static dev.vectorguard.conformance.Expectation.limitAtMost;
import static dev.vectorguard.conformance.Expectation.tenantFiltered;
import static dev.vectorguard.conformance.Expectation.unchanged;
import static dev.vectorguard.conformance.Expectation.vectorsNotRequested;
import static dev.vectorguard.conformance.Scenario.qdrant;
import static dev.vectorguard.conformance.Scenarios.CAP_5;
import static dev.vectorguard.conformance.Scenarios.FIELDS;
import static dev.vectorguard.conformance.Scenarios.MASK;
import static dev.vectorguard.conformance.Scenarios.STRIP;
import static dev.vectorguard.conformance.Scenarios.TENANT;
import static dev.vectorguard.conformance.Scenarios.V;

import java.util.List;

/**
 * Qdrant reads under a tenant filter, and the channels that leak what masks and output fields
 * hide: facets, groups, orderings and score formulas over a field, filters on it, point ids used
 * as examples or lookups (both read without the request's filter).
 */
final class QdrantLeakScenarios {
  private static final String P = "POST /collections/docs/points";
  private static final String G = "qdrant.Points/";
  private static final String UUID = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26";
  /** {@code lang = en}, as REST and gRPC spell a condition. */
  private static final String EXACT_EMAIL = "mask: [ { field: email, with: redact, lookups: exact } ]";
  private static final String LANG_REST = "{'key':'lang','match':{'value':'en'}}";
  private static final String LANG_GRPC = "{'field':{'key':'lang','match':{'keyword':'en'}}}";
  /** {@code "email"} written as a quoted JSON-path key, which names the field {@code email}. */
  private static final String QUOTED_EMAIL = "\\\"email\\\"";
  private static final String QUOTED_SALARY = "\\\"salary\\\"";

  private QdrantLeakScenarios() {}

  static List<Scenario> rows() {
    return List.of(
        // Reads under a tenant filter.
        qdrant("q-search-tenant-keeps-filter", "a search's own filter is kept whole and ANDed with the tenant")
            .obligations(TENANT)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':3,'filter':{'should':[" + LANG_REST + "]}}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':3,'filter':{'should':["
                + LANG_GRPC + "]}}")
            .allows(tenantFiltered()),
        qdrant("q-search-tenant-added", "a search without a filter gets the tenant filter")
            .obligations(TENANT)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':3}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':3}")
            .allows(tenantFiltered()),
        qdrant("q-search-batch-tenant", "every search of a batch is tenant-filtered")
            .obligations(TENANT)
            .rest(P + "/search/batch", "{'searches':[{'vector':[1,0,0,0],'limit':3},{'vector':[0,1,0,0],'limit':3,"
                + "'filter':{'must_not':[" + LANG_REST + "]}}]}")
            .grpc(G + "SearchBatch", "{'collection_name':'docs','search_points':[{'collection_name':'docs',"
                + "'vector':[1,0,0,0],'limit':3},{'collection_name':'docs','vector':[0,1,0,0],'limit':3,"
                + "'filter':{'must_not':[" + LANG_GRPC + "]}}]}")
            .allows(tenantFiltered()),
        qdrant("q-recommend-tenant", "a recommendation by vectors is tenant-filtered")
            .obligations(TENANT)
            .rest(P + "/recommend", "{'positive':[[1,0,0,0]],'limit':3}")
            .grpc(G + "Recommend", "{'collection_name':'docs','positive_vectors':[" + V + "],'limit':3}")
            .allows(tenantFiltered()),
        qdrant("q-discover-tenant", "a discovery by vectors is tenant-filtered")
            .obligations(TENANT)
            .rest(P + "/discover", "{'target':[1,0,0,0],'context':[],'limit':3}")
            .grpc(G + "Discover", "{'collection_name':'docs','target':{'single':{'vector':" + V + "}},'limit':3}")
            .allows(tenantFiltered()),
        qdrant("q-query-prefetch-tenant", "a hybrid query's top filter, which Qdrant pushes into every prefetch, "
                + "holds the tenant")
            .obligations(TENANT)
            .rest(P + "/query", "{'prefetch':[{'query':[1,0,0,0],'filter':{'must':[" + LANG_REST + "]},'limit':5}],"
                + "'query':{'fusion':'rrf'},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'query':{'nearest':" + V + "},'filter':"
                + "{'must':[" + LANG_GRPC + "]},'limit':5}],'query':{'fusion':'RRF'},'limit':3}")
            .allows(tenantFiltered()),
        qdrant("q-query-batch-tenant", "every query of a batch is tenant-filtered")
            .obligations(TENANT)
            .rest(P + "/query/batch", "{'searches':[{'query':[1,0,0,0],'limit':3},{'query':[0,1,0,0],'limit':3}]}")
            .grpc(G + "QueryBatch", "{'collection_name':'docs','query_points':[{'collection_name':'docs',"
                + "'query':{'nearest':" + V + "},'limit':3},{'collection_name':'docs','query':{'nearest':" + V + "},"
                + "'limit':3}]}")
            .allows(tenantFiltered()),
        qdrant("q-scroll-tenant", "a scroll is tenant-filtered")
            .obligations(TENANT)
            .rest(P + "/scroll", "{'limit':3,'filter':{'must':[" + LANG_REST + "]}}")
            .grpc(G + "Scroll", "{'collection_name':'docs','limit':3,'filter':{'must':[" + LANG_GRPC + "]}}")
            .allows(tenantFiltered()),
        qdrant("q-count-tenant", "a count is tenant-filtered, its must_not kept")
            .obligations(TENANT)
            .rest(P + "/count", "{'filter':{'must_not':[" + LANG_REST + "]},'exact':true}")
            .grpc(G + "Count", "{'collection_name':'docs','filter':{'must_not':[" + LANG_GRPC + "]},'exact':true}")
            .allows(tenantFiltered()),
        qdrant("q-facet-tenant", "a facet counts only the tenant's points")
            .obligations(TENANT)
            .rest("POST /collections/docs/facet", "{'key':'lang','limit':3}")
            .grpc(G + "Facet", "{'collection_name':'docs','key':'lang','limit':3}")
            .allows(tenantFiltered()),
        qdrant("q-matrix-tenant", "a distance matrix samples only the tenant's points")
            .obligations(TENANT)
            .rest(P + "/search/matrix/pairs", "{'sample':3,'limit':1}")
            .grpc(G + "SearchMatrixPairs", "{'collection_name':'docs','sample':3,'limit':1}")
            .allows(tenantFiltered()),
        qdrant("q-search-groups-tenant", "search groups are tenant-filtered")
            .obligations(TENANT)
            .rest(P + "/search/groups", "{'vector':[1,0,0,0],'group_by':'lang','limit':2,'group_size':2}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0],'group_by':'lang','limit':2,"
                + "'group_size':2}")
            .allows(tenantFiltered()),
        qdrant("q-query-groups-tenant", "query groups are tenant-filtered")
            .obligations(TENANT)
            .rest(P + "/query/groups", "{'query':[1,0,0,0],'group_by':'lang','limit':2,'group_size':2}")
            .grpc(G + "QueryGroups", "{'collection_name':'docs','query':{'nearest':" + V + "},'group_by':'lang',"
                + "'limit':2,'group_size':2}")
            .allows(tenantFiltered()),
        qdrant("q-query-min-should-tenant", "a min_should filter keeps its meaning under the tenant filter")
            .obligations(TENANT)
            .rest(P + "/query", "{'query':[1,0,0,0],'limit':3,'filter':{'min_should':{'conditions':[" + LANG_REST
                + ",{'key':'year','range':{'gte':2020}}],'min_count':1}}}")
            .grpc(G + "Query", "{'collection_name':'docs','query':{'nearest':" + V + "},'limit':3,'filter':"
                + "{'min_should':{'conditions':[" + LANG_GRPC + ",{'field':{'key':'year','range':{'gte':2020}}}],"
                + "'min_count':1}}}")
            .allows(tenantFiltered()),
        // Point ids as examples: Qdrant loads their vectors without the request's filter.
        qdrant("q-recommend-id-example-tenant", "another tenant's point id as a recommendation example is refused")
            .obligations(TENANT)
            .rest(P + "/recommend", "{'positive':[[1,0,0,0],17],'limit':3}")
            .grpc(G + "Recommend", "{'collection_name':'docs','positive':[{'num':17}],'positive_vectors':[" + V + "],"
                + "'limit':3}")
            .refuses("point id"),
        qdrant("q-recommend-batch-uuid-example-tenant", "a uuid point id as a negative example in a batch is refused")
            .obligations(TENANT)
            .rest(P + "/recommend/batch", "{'searches':[{'positive':[[1,0,0,0]],'negative':['" + UUID + "'],"
                + "'limit':3}]}")
            .grpc(G + "RecommendBatch", "{'collection_name':'docs','recommend_points':[{'collection_name':'docs',"
                + "'positive_vectors':[" + V + "],'negative':[{'uuid':'" + UUID + "'}],'limit':3}]}")
            .refuses("point id"),
        qdrant("q-discover-id-target-tenant", "a point id as the discovery target is refused")
            .obligations(TENANT)
            .rest(P + "/discover", "{'target':3,'context':[],'limit':3}")
            .grpc(G + "Discover", "{'collection_name':'docs','target':{'single':{'id':{'num':3}}},'limit':3}")
            .refuses("point id"),
        qdrant("q-query-nearest-id-tenant", "a point id as the nearest-query input is refused")
            .obligations(TENANT)
            .rest(P + "/query", "{'query':42,'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','query':{'nearest':{'id':{'num':42}}},'limit':3}")
            .refuses("point id"),
        qdrant("q-query-prefetch-recommend-id-tenant", "a point id in a prefetch's recommend query is refused")
            .obligations(TENANT)
            .rest(P + "/query", "{'prefetch':[{'query':{'recommend':{'positive':[7]}},'limit':5}],"
                + "'query':{'fusion':'rrf'},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'query':{'recommend':{'positive':"
                + "[{'id':{'num':7}}]}},'limit':5}],'query':{'fusion':'RRF'},'limit':3}")
            .refuses("point id"),
        qdrant("q-recommend-id-example-untenanted", "point ids as examples are fine without a tenant filter")
            .obligations(MASK)
            .rest(P + "/recommend", "{'positive':[17],'limit':3}")
            .grpc(G + "Recommend", "{'collection_name':'docs','positive':[{'num':17}],'limit':3}")
            .allows(unchanged()),
        // Gets and lookups carry no filter.
        qdrant("q-get-ids-tenant", "a get by ids cannot be tenant-filtered, so it is refused")
            .obligations(TENANT)
            .rest(P, "{'ids':[1,2]}")
            .grpc(G + "Get", "{'collection_name':'docs','ids':[{'num':1},{'num':2}]}")
            .refuses("by id"),
        qdrant("q-get-point-tenant", "reading one point by id cannot be tenant-filtered, so it is refused")
            .obligations(TENANT)
            .rest("GET /collections/docs/points/7", null)
            .grpc(G + "Get", "{'collection_name':'docs','ids':[{'num':7}]}")
            .refuses("by id"),
        qdrant("q-search-groups-lookup-tenant", "with_lookup reads records without the tenant filter, so it is refused")
            .obligations(TENANT)
            .rest(P + "/search/groups", "{'vector':[1,0,0,0],'group_by':'owner','limit':2,'group_size':2,"
                + "'with_lookup':'owners'}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0],'group_by':'owner','limit':2,"
                + "'group_size':2,'with_lookup':{'collection':'owners'}}")
            .refuses("with_lookup"),
        qdrant("q-query-groups-lookup-tenant", "with_lookup on query groups is refused under a tenant filter")
            .obligations(TENANT)
            .rest(P + "/query/groups", "{'query':[1,0,0,0],'group_by':'owner','limit':2,'group_size':2,"
                + "'with_lookup':{'collection':'owners','with_payload':true}}")
            .grpc(G + "QueryGroups", "{'collection_name':'docs','query':{'nearest':" + V + "},'group_by':'owner',"
                + "'limit':2,'group_size':2,'with_lookup':{'collection':'owners','with_payload':{'enable':true}}}")
            .refuses("with_lookup"),
        // Masked fields: facets, groups, orderings, formulas and filters show their values.
        qdrant("q-facet-masked", "faceting on a masked field is refused")
            .obligations(MASK)
            .rest("POST /collections/docs/facet", "{'key':'email'}")
            .grpc(G + "Facet", "{'collection_name':'docs','key':'email'}")
            .refuses("masked"),
        qdrant("q-facet-masked-quoted", "faceting on a masked field written as a quoted key is refused")
            .obligations(MASK)
            .rest("POST /collections/docs/facet", "{'key':'" + QUOTED_EMAIL + "'}")
            .grpc(G + "Facet", "{'collection_name':'docs','key':'" + QUOTED_EMAIL + "'}")
            .refuses("masked"),
        qdrant("q-facet-inside-masked", "faceting on a path inside a masked field is refused")
            .obligations(MASK)
            .rest("POST /collections/docs/facet", "{'key':'email.domain'}")
            .grpc(G + "Facet", "{'collection_name':'docs','key':'email.domain'}")
            .refuses("masked"),
        qdrant("q-search-groups-masked", "grouping by a masked field is refused (group ids are its values)")
            .obligations(MASK)
            .rest(P + "/search/groups", "{'vector':[1,0,0,0],'group_by':'email','limit':2,'group_size':2}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0],'group_by':'email','limit':2,"
                + "'group_size':2}")
            .refuses("masked"),
        qdrant("q-search-groups-masked-quoted", "grouping by a masked field written as a quoted key is refused")
            .obligations(MASK)
            .rest(P + "/search/groups", "{'vector':[1,0,0,0],'group_by':'" + QUOTED_EMAIL + "','limit':2,"
                + "'group_size':2}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0],'group_by':'" + QUOTED_EMAIL
                + "','limit':2,'group_size':2}")
            .refuses("masked"),
        qdrant("q-scroll-order-masked", "ordering a scroll by a masked field is refused (order_value shows it)")
            .obligations(MASK)
            .rest(P + "/scroll", "{'limit':3,'order_by':{'key':'salary','direction':'desc'}}")
            .grpc(G + "Scroll", "{'collection_name':'docs','limit':3,'order_by':{'key':'salary','direction':'Desc'}}")
            .refuses("masked"),
        qdrant("q-scroll-order-masked-quoted", "ordering by a masked field written as a quoted key is refused")
            .obligations(MASK)
            .rest(P + "/scroll", "{'limit':3,'order_by':'" + QUOTED_SALARY + "'}")
            .grpc(G + "Scroll", "{'collection_name':'docs','limit':3,'order_by':{'key':'" + QUOTED_SALARY + "'}}")
            .refuses("masked"),
        qdrant("q-query-order-masked", "a query ordered by a masked field is refused")
            .obligations(MASK)
            .rest(P + "/query", "{'query':{'order_by':'salary'},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','query':{'order_by':{'key':'salary'}},'limit':3}")
            .refuses("masked"),
        qdrant("q-query-prefetch-order-masked", "a prefetch ordered by a masked field is refused")
            .obligations(MASK)
            .rest(P + "/query", "{'prefetch':[{'query':{'order_by':'salary'},'limit':5}],'query':{'fusion':'rrf'},"
                + "'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'query':{'order_by':{'key':'salary'}},"
                + "'limit':5}],'query':{'fusion':'RRF'},'limit':3}")
            .refuses("masked"),
        qdrant("q-query-formula-masked", "a score formula over a masked field is refused (scores show its values)")
            .obligations(MASK)
            .rest(P + "/query", "{'prefetch':{'query':[1,0,0,0],'limit':5},'query':{'formula':{'sum':['$score',"
                + "{'mult':[0.5,'salary']}]}},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'query':{'nearest':" + V + "},'limit':5}],"
                + "'query':{'formula':{'expression':{'sum':{'sum':[{'variable':'$score'},{'mult':{'mult':"
                + "[{'constant':0.5},{'variable':'salary'}]}}]}}}},'limit':3}")
            .refuses("masked"),
        qdrant("q-query-formula-condition-masked", "a score formula conditioned on a masked field is refused")
            .obligations(MASK)
            .rest(P + "/query", "{'prefetch':{'query':[1,0,0,0],'limit':5},'query':{'formula':{'sum':['$score',"
                + "{'key':'salary','match':{'value':1}}]}},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'query':{'nearest':" + V + "},'limit':5}],"
                + "'query':{'formula':{'expression':{'sum':{'sum':[{'variable':'$score'},{'condition':{'field':"
                + "{'key':'salary','match':{'integer':1}}}}]}}}},'limit':3}")
            .refuses("masked"),
        qdrant("q-query-formula-nested-masked", "a decay formula over a masked field in a nested prefetch is refused")
            .obligations(MASK)
            .rest(P + "/query", "{'prefetch':[{'prefetch':{'query':[1,0,0,0],'limit':5},'query':{'formula':"
                + "{'gauss_decay':{'x':'salary'}}},'limit':5}],'query':{'fusion':'rrf'},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'prefetch':[{'query':{'nearest':" + V + "},"
                + "'limit':5}],'query':{'formula':{'expression':{'gauss_decay':{'x':{'variable':'salary'}}}}},"
                + "'limit':5}],'query':{'fusion':'RRF'},'limit':3}")
            .refuses("masked"),
        qdrant("q-query-formula-unmasked", "a score formula over an unmasked field is sent as it is")
            .obligations(MASK)
            .rest(P + "/query", "{'prefetch':{'query':[1,0,0,0],'limit':5},'query':{'formula':{'sum':['$score',"
                + "'age']}},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'query':{'nearest':" + V + "},'limit':5}],"
                + "'query':{'formula':{'expression':{'sum':{'sum':[{'variable':'$score'},{'variable':'age'}]}}}},"
                + "'limit':3}")
            .allows(unchanged()),
        qdrant("q-count-filter-masked", "counting by a filter on a masked field is refused (an oracle for its values)")
            .obligations(MASK)
            .rest(P + "/count", "{'filter':{'must':[{'key':'email','match':{'value':'alice@acme.io'}}]},'exact':true}")
            .grpc(G + "Count", "{'collection_name':'docs','filter':{'must':[{'field':{'key':'email','match':"
                + "{'keyword':'alice@acme.io'}}}]},'exact':true}")
            .refuses("masked"),
        qdrant("q-search-filter-masked", "searching with a range filter on a masked field is refused")
            .obligations(MASK)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':3,'filter':{'must':[{'key':'salary','range':"
                + "{'gte':100000}}]}}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':3,'filter':{'must':[{'field':"
                + "{'key':'salary','range':{'gte':100000}}}]}}")
            .refuses("masked"),
        qdrant("q-count-filter-masked-exact-lookup", "an equality filter on a masked field whose rule allows exact"
            + " lookups goes out as sent")
            .obligations(EXACT_EMAIL)
            .rest(P + "/count", "{'filter':{'must':[{'key':'email','match':{'any':['a@acme.io','b@acme.io']}}]}}")
            .grpc(G + "Count", "{'collection_name':'docs','filter':{'must':[{'field':{'key':'email','match':"
                + "{'keywords':{'strings':['a@acme.io','b@acme.io']}}}}]}}")
            .allows(unchanged()),
        qdrant("q-count-decoy-match-beside-range-exact-lookup", "a match beside a range in one condition is no exact"
            + " lookup: Qdrant ORs a condition's parts, so the range decides")
            .obligations(EXACT_EMAIL)
            .rest(P + "/count", "{'filter':{'must':[{'key':'email','match':{'value':'none'},'range':{'gte':0}}]}}")
            .grpc(G + "Count", "{'collection_name':'docs','filter':{'must':[{'field':{'key':'email','match':"
                + "{'keyword':'none'},'range':{'gte':0}}}]}}")
            .refuses("only exact-match lookups"),
        qdrant("q-count-text-match-masked-exact-lookup", "a full-text match on a masked field is refused even where its"
            + " rule allows exact lookups")
            .obligations(EXACT_EMAIL)
            .rest(P + "/count", "{'filter':{'must':[{'key':'email','match':{'text':'ceo'}}]}}")
            .grpc(G + "Count", "{'collection_name':'docs','filter':{'must':[{'field':{'key':'email','match':"
                + "{'text':'ceo'}}}]}}")
            .refuses("only exact-match lookups"),
        qdrant("q-count-nested-filter-masked", "a nested condition's keys are read inside its array: a filter on"
            + " contacts[].email is refused under a mask on contacts[].email")
            .obligations("mask: [ { field: 'contacts[].email', with: redact } ]")
            .rest(P + "/count", "{'filter':{'should':[{'nested':{'key':'contacts','filter':{'must':[{'key':'email',"
                + "'match':{'value':'ceo@acme.io'}}]}}}]}}")
            .grpc(G + "Count", "{'collection_name':'docs','filter':{'should':[{'nested':{'key':'contacts','filter':"
                + "{'must':[{'field':{'key':'email','match':{'keyword':'ceo@acme.io'}}}]}}}]}}")
            .refuses("masked field 'contacts[].email'"),
        qdrant("q-count-must-not-quoted-masked", "a filter on a masked field spelled as a quoted key inside must_not"
            + " is refused")
            .obligations(MASK)
            .rest(P + "/count", "{'filter':{'must_not':[{'key':'" + QUOTED_SALARY + "','range':{'lt':50000}}]}}")
            .grpc(G + "Count", "{'collection_name':'docs','filter':{'must_not':[{'field':{'key':'" + QUOTED_SALARY + "',"
                + "'range':{'lt':50000}}}]}}")
            .refuses("masked"),
        // Fields outside the allowed output fields.
        qdrant("q-facet-outside-output", "faceting on a field outside the allowed output fields is refused")
            .obligations(FIELDS)
            .rest("POST /collections/docs/facet", "{'key':'salary'}")
            .grpc(G + "Facet", "{'collection_name':'docs','key':'salary'}")
            .refuses("allowed output fields"),
        qdrant("q-groups-outside-output", "grouping by a field outside the allowed output fields is refused")
            .obligations(FIELDS)
            .rest(P + "/search/groups", "{'vector':[1,0,0,0],'group_by':'salary','limit':2,'group_size':2}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0],'group_by':'salary','limit':2,"
                + "'group_size':2}")
            .refuses("allowed output fields"),
        qdrant("q-order-outside-output", "ordering by a field outside the allowed output fields is refused")
            .obligations(FIELDS)
            .rest(P + "/scroll", "{'limit':3,'order_by':'salary'}")
            .grpc(G + "Scroll", "{'collection_name':'docs','limit':3,'order_by':{'key':'salary'}}")
            .refuses("allowed output fields"),
        qdrant("q-search-payload-restricted", "with_payload: true asks only for the allowed output fields")
            .obligations(FIELDS)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':3,'with_payload':true}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':3,"
                + "'with_payload':{'enable':true}}")
            .allows(fieldsWithin("title", "tenant")),
        qdrant("q-scroll-payload-exclude", "an exclude selector becomes the allowed fields it does not exclude")
            .obligations(FIELDS)
            .rest(P + "/scroll", "{'limit':3,'with_payload':{'exclude':['title']}}")
            .grpc(G + "Scroll", "{'collection_name':'docs','limit':3,'with_payload':{'exclude':{'fields':['title']}}}")
            .allows(fieldsWithin("title", "tenant")),
        qdrant("q-query-payload-list", "a payload list keeps only its allowed fields")
            .obligations(FIELDS)
            .rest(P + "/query", "{'query':[1,0,0,0],'limit':3,'with_payload':['title','email']}")
            .grpc(G + "Query", "{'collection_name':'docs','query':{'nearest':" + V + "},'limit':3,"
                + "'with_payload':{'include':{'fields':['title','email']}}}")
            .allows(fieldsWithin("title", "tenant")),
        qdrant("q-groups-lookup-payload", "with_lookup records return only the allowed output fields")
            .obligations(FIELDS)
            .rest(P + "/search/groups", "{'vector':[1,0,0,0],'group_by':'title','limit':2,'group_size':2,"
                + "'with_payload':['title'],'with_lookup':{'collection':'owners','with_payload':true}}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0],'group_by':'title','limit':2,"
                + "'group_size':2,'with_payload':{'include':{'fields':['title']}},'with_lookup':{'collection':'owners',"
                + "'with_payload':{'enable':true}}}")
            .allows(fieldsWithin("title", "tenant")),
        qdrant("q-search-filter-hidden", "filtering on a field outside the allowed output fields is refused (it"
            + " reveals that field)")
            .obligations(FIELDS)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':3,'filter':{'must':[" + LANG_REST + "]}}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':3,"
                + "'filter':{'must':[" + LANG_GRPC + "]}}")
            .refuses("outside the allowed output fields"),
        qdrant("q-search-every-obligation", "a search under every read obligation at once meets each of them")
            .obligations(CAP_5, STRIP, TENANT, MASK, "output_fields: [title, tenant, lang]")
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':100,'with_vector':true,'with_payload':true,"
                + "'filter':{'must':[" + LANG_REST + "]}}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':100,"
                + "'with_vectors':{'enable':true},'with_payload':{'enable':true},"
                + "'filter':{'must':[" + LANG_GRPC + "]}}")
            .allows(limitAtMost(5), vectorsNotRequested(), tenantFiltered(), fieldsWithin("title", "tenant", "lang")));
  }
}
