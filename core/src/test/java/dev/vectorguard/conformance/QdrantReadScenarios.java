package dev.vectorguard.conformance;

import static dev.vectorguard.conformance.Expectation.limitAtMost;
import static dev.vectorguard.conformance.Expectation.unchanged;
import static dev.vectorguard.conformance.Expectation.vectorsNotRequested;
import static dev.vectorguard.conformance.Scenario.qdrant;
import static dev.vectorguard.conformance.Scenarios.CAP_5;
import static dev.vectorguard.conformance.Scenarios.CAP_50;
import static dev.vectorguard.conformance.Scenarios.STRIP;
import static dev.vectorguard.conformance.Scenarios.V;

import java.util.List;

/** Qdrant reads: result caps (every limit, alias and nesting) and vector stripping. */
final class QdrantReadScenarios {
  private static final String P = "POST /collections/docs/points";
  private static final String G = "qdrant.Points/";
  private static final String GROUPS = "'group_by':'lang','limit':10,'group_size':10";

  private QdrantReadScenarios() {}

  static List<Scenario> rows() {
    return List.of(
        qdrant("q-search-limit-capped", "a search asking for 100 hits is capped at max_results")
            .obligations(CAP_5)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':100}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':100}")
            .allows(limitAtMost(5)),
        qdrant("q-search-limit-within", "a search within max_results is sent as it is")
            .obligations(CAP_5)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':3}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':3}")
            .allows(unchanged()),
        qdrant("q-search-top-alias", "REST 'top', the serde alias of 'limit', is capped like limit")
            .obligations(CAP_50)
            .rest(P + "/search", "{'vector':[1,0,0,0],'top':1000}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':1000}")
            .allows(limitAtMost(50)),
        qdrant("q-search-batch-capped", "every search of a batch is capped")
            .obligations(CAP_5)
            .rest(P + "/search/batch", "{'searches':[{'vector':[1,0,0,0],'limit':100},{'vector':[0,1,0,0],'limit':2}]}")
            .grpc(G + "SearchBatch", "{'collection_name':'docs','search_points':[{'collection_name':'docs',"
                + "'vector':[1,0,0,0],'limit':100},{'collection_name':'docs','vector':[0,1,0,0],'limit':2}]}")
            .allows(limitAtMost(5)),
        qdrant("q-search-batch-top-alias", "'top' inside a search batch is capped like limit")
            .obligations(CAP_50)
            .rest(P + "/search/batch", "{'searches':[{'vector':[1,0,0,0],'top':1000}]}")
            .grpc(G + "SearchBatch", "{'collection_name':'docs','search_points':[{'collection_name':'docs',"
                + "'vector':[1,0,0,0],'limit':1000}]}")
            .allows(limitAtMost(50)),
        qdrant("q-recommend-limit-capped", "a recommendation asking for 100 hits is capped")
            .obligations(CAP_5)
            .rest(P + "/recommend", "{'positive':[[1,0,0,0]],'limit':100}")
            .grpc(G + "Recommend", "{'collection_name':'docs','positive_vectors':[" + V + "],'limit':100}")
            .allows(limitAtMost(5)),
        qdrant("q-recommend-top-alias", "'top' on a recommendation is capped like limit")
            .obligations(CAP_50)
            .rest(P + "/recommend", "{'positive':[[1,0,0,0]],'top':1000}")
            .grpc(G + "Recommend", "{'collection_name':'docs','positive_vectors':[" + V + "],'limit':1000}")
            .allows(limitAtMost(50)),
        qdrant("q-recommend-batch-top-alias", "'top' inside a recommendation batch is capped like limit")
            .obligations(CAP_50)
            .rest(P + "/recommend/batch", "{'searches':[{'positive':[[1,0,0,0]],'top':1000}]}")
            .grpc(G + "RecommendBatch", "{'collection_name':'docs','recommend_points':[{'collection_name':'docs',"
                + "'positive_vectors':[" + V + "],'limit':1000}]}")
            .allows(limitAtMost(50)),
        qdrant("q-discover-limit-capped", "a discovery asking for 100 hits is capped")
            .obligations(CAP_5)
            .rest(P + "/discover", "{'target':[1,0,0,0],'context':[{'positive':[0,1,0,0],'negative':[0,0,1,0]}],"
                + "'limit':100}")
            .grpc(G + "Discover", "{'collection_name':'docs','target':{'single':{'vector':" + V + "}},"
                + "'context':[{'positive':{'vector':" + V + "},'negative':{'vector':" + V + "}}],'limit':100}")
            .allows(limitAtMost(5)),
        qdrant("q-discover-batch-capped", "every discovery of a batch is capped")
            .obligations(CAP_5)
            .rest(P + "/discover/batch", "{'searches':[{'target':[1,0,0,0],'context':[],'limit':100}]}")
            .grpc(G + "DiscoverBatch", "{'collection_name':'docs','discover_points':[{'collection_name':'docs',"
                + "'target':{'single':{'vector':" + V + "}},'limit':100}]}")
            .allows(limitAtMost(5)),
        qdrant("q-query-limit-capped", "a query asking for 100 hits is capped")
            .obligations(CAP_5)
            .rest(P + "/query", "{'query':[1,0,0,0],'limit':100}")
            .grpc(G + "Query", "{'collection_name':'docs','query':{'nearest':" + V + "},'limit':100}")
            .allows(limitAtMost(5)),
        qdrant("q-query-default-limit", "a query without a limit (server default 10) is capped")
            .obligations(CAP_5)
            .rest(P + "/query", "{'query':[1,0,0,0]}")
            .grpc(G + "Query", "{'collection_name':'docs','query':{'nearest':" + V + "}}")
            .allows(limitAtMost(5)),
        qdrant("q-query-nested-prefetch-limit", "prefetch limits, nested too, are capped: they bound what is read")
            .obligations(CAP_5)
            .rest(P + "/query", "{'prefetch':[{'prefetch':{'query':[1,0,0,0],'limit':1000},'query':[0,1,0,0],"
                + "'limit':1000}],'query':{'fusion':'rrf'},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'prefetch':[{'query':{'nearest':" + V + "},"
                + "'limit':1000}],'query':{'nearest':" + V + "},'limit':1000}],'query':{'fusion':'RRF'},'limit':3}")
            .allows(limitAtMost(5)),
        qdrant("q-query-batch-capped", "every query of a batch is capped")
            .obligations(CAP_5)
            .rest(P + "/query/batch", "{'searches':[{'query':[1,0,0,0],'limit':100},{'query':[0,1,0,0]}]}")
            .grpc(G + "QueryBatch", "{'collection_name':'docs','query_points':[{'collection_name':'docs',"
                + "'query':{'nearest':" + V + "},'limit':100},{'collection_name':'docs',"
                + "'query':{'nearest':" + V + "}}]}")
            .allows(limitAtMost(5)),
        qdrant("q-search-batch-too-many-entries", "a batch of more reads than max_results would return more than"
            + " the cap even at one point each: refused")
            .obligations(CAP_5)
            .rest(P + "/search/batch", "{'searches':[{'vector':[1,0,0,0],'limit':1},{'vector':[1,0,0,0],'limit':1},{'vector':[1,0,0,0],'limit':1},{'vector':[1,0,0,0],'limit':1},{'vector':[1,0,0,0],'limit':1},{'vector':[1,0,0,0],'limit':1}]}")
            .grpc(G + "SearchBatch", "{'collection_name':'docs','search_points':[{'collection_name':'docs','vector':[1,0,0,0],'limit':1},{'collection_name':'docs','vector':[1,0,0,0],'limit':1},{'collection_name':'docs','vector':[1,0,0,0],'limit':1},{'collection_name':'docs','vector':[1,0,0,0],'limit':1},{'collection_name':'docs','vector':[1,0,0,0],'limit':1},{'collection_name':'docs','vector':[1,0,0,0],'limit':1}]}")
            .refuses("reads per batch"),
        qdrant("q-scroll-limit-capped", "a scroll asking for 100 points is capped")
            .obligations(CAP_5)
            .rest(P + "/scroll", "{'limit':100}")
            .grpc(G + "Scroll", "{'collection_name':'docs','limit':100}")
            .allows(limitAtMost(5)),
        qdrant("q-scroll-default-limit", "a scroll without a limit (server default 10) is capped")
            .obligations(CAP_5)
            .rest(P + "/scroll", "{}")
            .grpc(G + "Scroll", "{'collection_name':'docs'}")
            .allows(limitAtMost(5)),
        qdrant("q-facet-limit-capped", "a facet asking for 100 values is capped")
            .obligations(CAP_5)
            .rest("POST /collections/docs/facet", "{'key':'lang','limit':100}")
            .grpc(G + "Facet", "{'collection_name':'docs','key':'lang','limit':100}")
            .allows(limitAtMost(5)),
        qdrant("q-matrix-pairs-capped", "a distance matrix returns sample × limit pairs, capped as a whole")
            .obligations(CAP_5)
            .rest(P + "/search/matrix/pairs", "{'sample':100,'limit':100}")
            .grpc(G + "SearchMatrixPairs", "{'collection_name':'docs','sample':100,'limit':100}")
            .allows(limitAtMost(5)),
        qdrant("q-matrix-offsets-capped", "a matrix whose sample and limit are each within the cap, not their product")
            .obligations(CAP_5)
            .rest(P + "/search/matrix/offsets", "{'sample':4,'limit':4}")
            .grpc(G + "SearchMatrixOffsets", "{'collection_name':'docs','sample':4,'limit':4}")
            .allows(limitAtMost(5)),
        qdrant("q-search-groups-capped", "groups return limit × group_size hits, capped as a whole")
            .obligations(CAP_5)
            .rest(P + "/search/groups", "{'vector':[1,0,0,0]," + GROUPS + "}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0]," + GROUPS + "}")
            .allows(limitAtMost(5)),
        qdrant("q-recommend-groups-capped", "recommendation groups are capped as a whole")
            .obligations(CAP_5)
            .rest(P + "/recommend/groups", "{'positive':[[1,0,0,0]]," + GROUPS + "}")
            .grpc(G + "RecommendGroups", "{'collection_name':'docs','positive_vectors':[" + V + "]," + GROUPS + "}")
            .allows(limitAtMost(5)),
        qdrant("q-query-groups-capped", "query groups are capped as a whole")
            .obligations(CAP_5)
            .rest(P + "/query/groups", "{'query':[1,0,0,0]," + GROUPS + "}")
            .grpc(G + "QueryGroups", "{'collection_name':'docs','query':{'nearest':" + V + "}," + GROUPS + "}")
            .allows(limitAtMost(5)),
        qdrant("q-get-ids-capped", "a get by 8 ids returns at most max_results points")
            .obligations(CAP_5)
            .rest(P, "{'ids':[1,2,3,4,5,6,7,8]}")
            .grpc(G + "Get", "{'collection_name':'docs','ids':[{'num':1},{'num':2},{'num':3},{'num':4},{'num':5},"
                + "{'num':6},{'num':7},{'num':8}]}")
            .allows(limitAtMost(5)),
        qdrant("q-search-vectors-stripped", "vectors asked for by a search are turned off")
            .obligations(STRIP)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':3,'with_vector':true}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':3,"
                + "'with_vectors':{'enable':true}}")
            .allows(vectorsNotRequested()),
        qdrant("q-search-named-vectors-alias", "named vectors asked for through the with_vectors alias are turned off")
            .obligations(STRIP)
            .rest(P + "/search", "{'vector':[1,0,0,0],'limit':3,'with_vectors':['image']}")
            .grpc(G + "Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':3,"
                + "'with_vectors':{'include':{'names':['image']}}}")
            .allows(vectorsNotRequested()),
        qdrant("q-scroll-vectors-stripped", "vectors asked for by a scroll are turned off")
            .obligations(STRIP)
            .rest(P + "/scroll", "{'limit':3,'with_vector':true}")
            .grpc(G + "Scroll", "{'collection_name':'docs','limit':3,'with_vectors':{'enable':true}}")
            .allows(vectorsNotRequested()),
        qdrant("q-get-vectors-stripped", "vectors asked for by a get are turned off")
            .obligations(STRIP)
            .rest(P, "{'ids':[1,2],'with_vector':true}")
            .grpc(G + "Get", "{'collection_name':'docs','ids':[{'num':1},{'num':2}],'with_vectors':{'enable':true}}")
            .allows(vectorsNotRequested()),
        qdrant("q-recommend-vectors-stripped", "vectors asked for by a recommendation are turned off")
            .obligations(STRIP)
            .rest(P + "/recommend", "{'positive':[[1,0,0,0]],'limit':3,'with_vector':true}")
            .grpc(G + "Recommend", "{'collection_name':'docs','positive_vectors':[" + V + "],'limit':3,"
                + "'with_vectors':{'enable':true}}")
            .allows(vectorsNotRequested()),
        qdrant("q-groups-lookup-vectors-stripped", "vectors of with_lookup records are turned off")
            .obligations(STRIP)
            .rest(P + "/search/groups", "{'vector':[1,0,0,0],'group_by':'owner','limit':2,'group_size':2,"
                + "'with_lookup':{'collection':'owners','with_vectors':true}}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0],'group_by':'owner','limit':2,"
                + "'group_size':2,'with_lookup':{'collection':'owners','with_vectors':{'enable':true}}}")
            .allows(vectorsNotRequested()),
        qdrant("q-query-batch-vectors-stripped", "vectors asked for by any query of a batch are turned off")
            .obligations(STRIP)
            .rest(P + "/query/batch", "{'searches':[{'query':[1,0,0,0],'with_vector':true},{'query':[0,1,0,0]}]}")
            .grpc(G + "QueryBatch", "{'collection_name':'docs','query_points':[{'collection_name':'docs',"
                + "'query':{'nearest':" + V + "},'with_vectors':{'enable':true}},{'collection_name':'docs',"
                + "'query':{'nearest':" + V + "}}]}")
            .allows(vectorsNotRequested()));
  }
}
