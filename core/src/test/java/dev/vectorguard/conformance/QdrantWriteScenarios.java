package dev.vectorguard.conformance;

import static dev.vectorguard.conformance.Expectation.responseOmits;
import static dev.vectorguard.conformance.Expectation.tenantFiltered;
import static dev.vectorguard.conformance.Expectation.unchanged;
import static dev.vectorguard.conformance.Expectation.writesCarryTenant;
import static dev.vectorguard.conformance.Scenario.qdrant;
import static dev.vectorguard.conformance.Scenarios.CAP_5;
import static dev.vectorguard.conformance.Scenarios.TENANT;
import static dev.vectorguard.conformance.Scenarios.V;

import java.util.List;

/**
 * Qdrant writes under a tenant filter (upserts, payload and vector changes, deletes, batches; an
 * empty selector must stay empty or be refused, never widened to the tenant), and which
 * collections a call reaches (denied names, lookups, aliases, listings).
 */
final class QdrantWriteScenarios {
  private static final String P = "/collections/docs/points";
  private static final String G = "qdrant.Points/";
  private static final String IDS_1 = "{'points':{'ids':[{'num':1}]}}";
  private static final String QUOTED_TENANT = "\\\"tenant\\\"";

  private QdrantWriteScenarios() {}

  private static String restPoint(int id, String payload) {
    return "{'id':" + id + ",'vector':[1,0,0,0],'payload':" + payload + "}";
  }

  private static String grpcPoint(int id, String payload) {
    return "{'id':{'num':" + id + "},'vectors':{'vector':" + V + "},'payload':" + payload + "}";
  }

  static List<Scenario> rows() {
    return List.of(
        qdrant("q-upsert-tenant", "an upsert of the tenant's points only updates points of the tenant")
            .obligations(TENANT)
            .rest("PUT " + P, "{'points':[" + restPoint(1, "{'tenant':'acme','title':'a'}") + "]}")
            .grpc(G + "Upsert", "{'collection_name':'docs','points':[" + grpcPoint(1,
                "{'tenant':{'string_value':'acme'},'title':{'string_value':'a'}}") + "]}")
            .allows(tenantFiltered(), writesCarryTenant()),
        qdrant("q-upsert-other-tenant", "an upsert writing another tenant's value is refused")
            .obligations(TENANT)
            .rest("PUT " + P, "{'points':[" + restPoint(1, "{'tenant':'globex'}") + "]}")
            .grpc(G + "Upsert", "{'collection_name':'docs','points':[" + grpcPoint(1,
                "{'tenant':{'string_value':'globex'}}") + "]}")
            .refuses("tenant"),
        qdrant("q-upsert-lacking-tenant", "an upsert of a point without the tenant field is refused, not completed")
            .obligations(TENANT)
            .rest("PUT " + P, "{'points':[" + restPoint(1, "{'title':'a'}") + "]}")
            .grpc(G + "Upsert", "{'collection_name':'docs','points':[" + grpcPoint(1,
                "{'title':{'string_value':'a'}}") + "]}")
            .refuses("tenant"),
        qdrant("q-upsert-nested-tenant-path", "a nested tenant field (meta.tenant) is read along its path")
            .obligations("tenant_filter: { field: meta.tenant, value: \"${actor.tenant}\" }")
            .rest("PUT " + P, "{'points':[" + restPoint(1, "{'meta':{'tenant':'globex'}}") + "]}")
            .grpc(G + "Upsert", "{'collection_name':'docs','points':[" + grpcPoint(1,
                "{'meta':{'struct_value':{'fields':{'tenant':{'string_value':'globex'}}}}}") + "]}")
            .refuses("tenant"),
        qdrant("q-upsert-batch-lacking-tenant", "a columnar batch upsert with a payload lacking the tenant is refused")
            .obligations(TENANT)
            .rest("PUT " + P, "{'batch':{'ids':[1,2],'vectors':[[1,0,0,0],[0,1,0,0]],"
                + "'payloads':[{'tenant':'acme'},{}]}}")
            .notOn(Wire.QDRANT_GRPC, "gRPC upserts have no columnar form; q-upsert-lacking-tenant is the same write")
            .refuses("tenant"),
        qdrant("q-upsert-points-and-batch", "an upsert naming both points and a batch is refused: Qdrant writes the"
            + " batch and ignores the points, so checking either one alone lets the other through")
            .obligations(TENANT)
            .rest("PUT " + P, "{'points':[" + restPoint(1, "{'tenant':'acme'}") + "],"
                + "'batch':{'ids':[2],'vectors':[[1,0,0,0]],'payloads':[{'tenant':'globex'}]}}")
            .notOn(Wire.QDRANT_GRPC, "a gRPC upsert has only points; it cannot name a batch beside them")
            .refuses("points once"),
        qdrant("q-upsert-untenanted", "an upsert without a tenant filter is sent as it is")
            .obligations(CAP_5)
            .rest("PUT " + P, "{'points':[" + restPoint(1, "{'title':'a'}") + "]}")
            .grpc(G + "Upsert", "{'collection_name':'docs','points':[" + grpcPoint(1,
                "{'title':{'string_value':'a'}}") + "]}")
            .allows(unchanged()),
        qdrant("q-update-vectors-tenant", "updating vectors only touches the tenant's points")
            .obligations(TENANT)
            .rest("PUT " + P + "/vectors", "{'points':[{'id':1,'vector':[1,0,0,0]}]}")
            .grpc(G + "UpdateVectors", "{'collection_name':'docs','points':[{'id':{'num':1},'vectors':{'vector':"
                + V + "}}]}")
            .allows(tenantFiltered()),
        qdrant("q-delete-ids-tenant", "a delete by ids becomes those ids AND the tenant")
            .obligations(TENANT)
            .rest("POST " + P + "/delete", "{'points':[1,2]}")
            .grpc(G + "Delete", "{'collection_name':'docs','points':{'points':{'ids':[{'num':1},{'num':2}]}}}")
            .allows(tenantFiltered()),
        qdrant("q-delete-filter-tenant", "a delete by filter is ANDed with the tenant")
            .obligations(TENANT)
            .rest("POST " + P + "/delete", "{'filter':{'must':[{'key':'lang','match':{'value':'de'}}]}}")
            .grpc(G + "Delete", "{'collection_name':'docs','points':{'filter':{'must':[{'field':{'key':'lang',"
                + "'match':{'keyword':'de'}}}]}}}")
            .allows(tenantFiltered()),
        qdrant("q-delete-empty-selector-tenant", "a delete selecting nothing is refused, never widened to the tenant")
            .obligations(TENANT)
            .rest("POST " + P + "/delete", "{}")
            .grpc(G + "Delete", "{'collection_name':'docs'}")
            .refuses("select"),
        qdrant("q-delete-empty-selector-untenanted", "a delete selecting nothing stays empty without a tenant filter")
            .obligations(CAP_5)
            .rest("POST " + P + "/delete", "{}")
            .grpc(G + "Delete", "{'collection_name':'docs'}")
            .allows(unchanged()),
        qdrant("q-delete-vectors-tenant", "deleting vectors of ids only touches the tenant's points")
            .obligations(TENANT)
            .rest("POST " + P + "/vectors/delete", "{'points':[1],'vector':['image']}")
            .grpc(G + "DeleteVectors", "{'collection_name':'docs','points_selector':" + IDS_1 + ","
                + "'vectors':{'names':['image']}}")
            .allows(tenantFiltered()),
        qdrant("q-delete-vectors-empty-selector-tenant", "deleting vectors of no selected point is refused")
            .obligations(TENANT)
            .rest("POST " + P + "/vectors/delete", "{'vector':['image']}")
            .grpc(G + "DeleteVectors", "{'collection_name':'docs','vectors':{'names':['image']}}")
            .refuses("select"),
        qdrant("q-set-payload-tenant", "setting payload on ids only touches the tenant's points")
            .obligations(TENANT)
            .rest("POST " + P + "/payload", "{'payload':{'lang':'en'},'points':[1]}")
            .grpc(G + "SetPayload", "{'collection_name':'docs','payload':{'lang':{'string_value':'en'}},"
                + "'points_selector':" + IDS_1 + "}")
            .allows(tenantFiltered()),
        qdrant("q-set-payload-moves-tenant", "setting the tenant field to another tenant is refused")
            .obligations(TENANT)
            .rest("POST " + P + "/payload", "{'payload':{'tenant':'globex'},'points':[1]}")
            .grpc(G + "SetPayload", "{'collection_name':'docs','payload':{'tenant':{'string_value':'globex'}},"
                + "'points_selector':" + IDS_1 + "}")
            .refuses("tenant"),
        qdrant("q-set-payload-nested-key", "setting payload under another key (meta) cannot touch the tenant: allowed")
            .obligations(TENANT)
            .rest("POST " + P + "/payload", "{'payload':{'x':1},'key':'meta','points':[1]}")
            .grpc(G + "SetPayload", "{'collection_name':'docs','payload':{'x':{'integer_value':1}},'key':'meta',"
                + "'points_selector':" + IDS_1 + "}")
            .allows(tenantFiltered()),
        qdrant("q-set-payload-quoted-tenant-key", "setting payload under the quoted key \"tenant\" replaces the tenant")
            .obligations(TENANT)
            .rest("POST " + P + "/payload", "{'payload':{'x':1},'key':'" + QUOTED_TENANT + "','points':[1]}")
            .grpc(G + "SetPayload", "{'collection_name':'docs','payload':{'x':{'integer_value':1}},'key':'"
                + QUOTED_TENANT + "','points_selector':" + IDS_1 + "}")
            .refuses("tenant"),
        qdrant("q-overwrite-payload-lacking-tenant", "overwriting a payload without the tenant field is refused")
            .obligations(TENANT)
            .rest("PUT " + P + "/payload", "{'payload':{'lang':'en'},'points':[1]}")
            .grpc(G + "OverwritePayload", "{'collection_name':'docs','payload':{'lang':{'string_value':'en'}},"
                + "'points_selector':" + IDS_1 + "}")
            .refuses("tenant"),
        qdrant("q-overwrite-payload-with-tenant", "overwriting a payload that keeps the tenant is allowed")
            .obligations(TENANT)
            .rest("PUT " + P + "/payload", "{'payload':{'tenant':'acme','lang':'en'},'points':[1]}")
            .grpc(G + "OverwritePayload", "{'collection_name':'docs','payload':{'tenant':{'string_value':'acme'},"
                + "'lang':{'string_value':'en'}},'points_selector':" + IDS_1 + "}")
            .allows(tenantFiltered()),
        qdrant("q-delete-payload-tenant-key", "deleting the tenant field is refused")
            .obligations(TENANT)
            .rest("POST " + P + "/payload/delete", "{'keys':['tenant'],'points':[1]}")
            .grpc(G + "DeletePayload", "{'collection_name':'docs','keys':['tenant'],'points_selector':" + IDS_1 + "}")
            .refuses("tenant"),
        qdrant("q-delete-payload-quoted-tenant-key", "deleting the tenant field written as a quoted key is refused")
            .obligations(TENANT)
            .rest("POST " + P + "/payload/delete", "{'keys':['" + QUOTED_TENANT + "'],'points':[1]}")
            .grpc(G + "DeletePayload", "{'collection_name':'docs','keys':['" + QUOTED_TENANT + "'],"
                + "'points_selector':" + IDS_1 + "}")
            .refuses("tenant"),
        qdrant("q-delete-payload-other-key", "deleting another payload key only touches the tenant's points")
            .obligations(TENANT)
            .rest("POST " + P + "/payload/delete", "{'keys':['lang'],'points':[1]}")
            .grpc(G + "DeletePayload", "{'collection_name':'docs','keys':['lang'],'points_selector':" + IDS_1 + "}")
            .allows(tenantFiltered()),
        qdrant("q-clear-payload-tenant", "clearing the payload removes the tenant field, so it is refused")
            .obligations(TENANT)
            .rest("POST " + P + "/payload/clear", "{'points':[1]}")
            .grpc(G + "ClearPayload", "{'collection_name':'docs','points':" + IDS_1 + "}")
            .refuses("tenant"),
        qdrant("q-batch-update-tenant", "every operation of a points batch is confined to the tenant")
            .obligations(TENANT)
            .rest("POST " + P + "/batch", "{'operations':[{'upsert':{'points':[" + restPoint(1, "{'tenant':'acme'}")
                + "]}},{'delete':{'points':[2]}},{'set_payload':{'payload':{'lang':'en'},'points':[3]}}]}")
            .grpc(G + "UpdateBatch", "{'collection_name':'docs','operations':[{'upsert':{'points':[" + grpcPoint(1,
                "{'tenant':{'string_value':'acme'}}") + "]}},"
                + "{'delete_points':{'points':{'points':{'ids':[{'num':2}]}}}},"
                + "{'set_payload':{'payload':{'lang':{'string_value':'en'}},'points_selector':{'points':{'ids':"
                + "[{'num':3}]}}}}]}")
            .allows(tenantFiltered(), writesCarryTenant()),
        qdrant("q-batch-update-other-tenant", "a points batch upserting another tenant's value is refused")
            .obligations(TENANT)
            .rest("POST " + P + "/batch", "{'operations':[{'upsert':{'points':[" + restPoint(1, "{'tenant':'globex'}")
                + "]}}]}")
            .grpc(G + "UpdateBatch", "{'collection_name':'docs','operations':[{'upsert':{'points':[" + grpcPoint(1,
                "{'tenant':{'string_value':'globex'}}") + "]}}]}")
            .refuses("tenant"),
        qdrant("q-batch-update-empty-delete", "a points batch deleting by an empty selector is refused")
            .obligations(TENANT)
            .rest("POST " + P + "/batch", "{'operations':[{'delete':{}}]}")
            .grpc(G + "UpdateBatch", "{'collection_name':'docs','operations':[{'delete_points':{}}]}")
            .refuses(null),
        // Which collections a call reaches.
        qdrant("q-secret-denied", "a search of a denied collection is refused by its rule")
            .rest("POST /collections/secret/points/search", "{'vector':[1,0,0,0],'limit':3}")
            .grpc(G + "Search", "{'collection_name':'secret','vector':[1,0,0,0],'limit':3}")
            .refuses("no-secret"),
        qdrant("q-lookup-from-secret", "recommending with vectors looked up in a denied collection is refused")
            .rest("POST " + P + "/recommend", "{'positive':[1],'lookup_from':{'collection':'secret'},'limit':3}")
            .grpc(G + "Recommend", "{'collection_name':'docs','positive':[{'num':1}],'lookup_from':"
                + "{'collection_name':'secret'},'limit':3}")
            .refuses("no-secret"),
        qdrant("q-with-lookup-secret", "group lookups in a denied collection are refused")
            .rest("POST " + P + "/search/groups", "{'vector':[1,0,0,0],'group_by':'owner','limit':2,'group_size':2,"
                + "'with_lookup':'secret'}")
            .grpc(G + "SearchGroups", "{'collection_name':'docs','vector':[1,0,0,0],'group_by':'owner','limit':2,"
                + "'group_size':2,'with_lookup':{'collection':'secret'}}")
            .refuses("no-secret"),
        qdrant("q-prefetch-lookup-from-secret", "a prefetch looking vectors up in a denied collection is refused")
            .rest("POST " + P + "/query", "{'prefetch':[{'query':{'recommend':{'positive':[1]}},'lookup_from':"
                + "{'collection':'secret'},'limit':5}],'query':{'fusion':'rrf'},'limit':3}")
            .grpc(G + "Query", "{'collection_name':'docs','prefetch':[{'query':{'recommend':{'positive':[{'id':"
                + "{'num':1}}]}},'lookup_from':{'collection_name':'secret'},'limit':5}],'query':{'fusion':'RRF'},"
                + "'limit':3}")
            .refuses("no-secret"),
        qdrant("q-batch-inner-collection-secret", "a batch item naming a denied collection is refused, "
                + "although Qdrant reads only the outer name")
            .notOn(Wire.QDRANT_REST, "REST batch items carry no collection name")
            .grpc(G + "SearchBatch", "{'collection_name':'docs','search_points':[{'collection_name':'secret',"
                + "'vector':[1,0,0,0],'limit':3}]}")
            .refuses("no-secret"),
        qdrant("q-alias-to-secret", "a search through an alias of a denied collection is refused")
            .alias("docs_alias", "secret")
            .rest("POST /collections/docs_alias/points/search", "{'vector':[1,0,0,0],'limit':3}")
            .grpc(G + "Search", "{'collection_name':'docs_alias','vector':[1,0,0,0],'limit':3}")
            .refuses("no-secret"),
        qdrant("q-list-collections", "a collection listing hides the denied collection")
            .rest("GET /collections", null)
            .restResponse("{'result':{'collections':[{'name':'docs'},{'name':'secret'}]},'status':'ok','time':0.001}")
            .grpc("qdrant.Collections/List", "{}")
            .grpcResponse("{'collections':[{'name':'docs'},{'name':'secret'}],'time':0.001}")
            .allows(unchanged(), responseOmits("secret")),
        qdrant("q-list-aliases", "an alias listing hides aliases of the denied collection")
            .rest("GET /aliases", null)
            .restResponse("{'result':{'aliases':[{'alias_name':'docs_alias','collection_name':'secret'},"
                + "{'alias_name':'docs_latest','collection_name':'docs'}]},'status':'ok','time':0.001}")
            .grpc("qdrant.Collections/ListAliases", "{}")
            .grpcResponse("{'aliases':[{'alias_name':'docs_alias','collection_name':'secret'},"
                + "{'alias_name':'docs_latest','collection_name':'docs'}],'time':0.001}")
            .allows(responseOmits("secret"), responseOmits("docs_alias")),
        qdrant("q-alias-update-refused", "pointing an alias at a denied collection is refused")
            .rest("POST /collections/aliases", "{'actions':[{'create_alias':{'collection_name':'secret',"
                + "'alias_name':'docs'}}]}")
            .grpc("qdrant.Collections/UpdateAliases", "{'actions':[{'create_alias':{'collection_name':'secret',"
                + "'alias_name':'docs'}}]}")
            .refuses("no-secret"),
        qdrant("q-drop-collection-refused", "dropping a collection needs a rule that allows manage")
            .rest("DELETE /collections/docs", null)
            .grpc("qdrant.Collections/Delete", "{'collection_name':'docs'}")
            .refuses("default deny"),
        qdrant("q-snapshot-download-refused", "a snapshot download returns raw data and is refused")
            .obligations(TENANT)
            .rest("GET /collections/docs/snapshots/s.snapshot", null)
            .notOn(Wire.QDRANT_GRPC, "gRPC creates and lists snapshots but cannot download one")
            .refuses(null),
        qdrant("q-storage-read-refused", "StorageRead returns raw shard files past every mask and is refused")
            .obligations(TENANT)
            .notOn(Wire.QDRANT_REST, "StorageRead exists only on gRPC")
            .grpc("qdrant.StorageRead/ReadWhole", "{'collection_name':'docs','shard_id':0,'path':'segments/0/payload'}")
            .refuses("default deny"));
  }
}
