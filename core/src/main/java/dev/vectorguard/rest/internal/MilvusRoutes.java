package dev.vectorguard.rest.internal;

import static dev.vectorguard.milvus.MilvusApi.*;

import dev.vectorguard.milvus.MilvusApi;
import java.util.HashMap;
import java.util.Map;

/**
 * The Milvus REST v2 routes ({@code RegisterRoutesToV2}, handler_v2.go) and the action each one
 * is ({@code routeToMethod}: the gRPC method whose privilege the route is checked against); not
 * public API.
 */
final class MilvusRoutes {
  private MilvusRoutes() {}

  static Map<String, MilvusApi> routes() {
    Map<String, MilvusApi> r = new HashMap<>();
    r.put("collections/list", SHOW_COLLECTIONS);
    r.put("collections/has", HAS_COLLECTION);
    r.put("collections/describe", DESCRIBE_COLLECTION);
    r.put("collections/get_stats", GET_COLLECTION_STATISTICS);
    r.put("collections/get_load_state", GET_LOAD_STATE);
    r.put("collections/get_compaction_state", GET_COMPACTION_STATE);
    r.put("collections/create", CREATE_COLLECTION);
    r.put("collections/drop", DROP_COLLECTION);
    r.put("collections/truncate", TRUNCATE_COLLECTION);
    r.put("collections/rename", RENAME_COLLECTION);
    r.put("collections/load", LOAD_COLLECTION);
    r.put("collections/refresh_load", LOAD_COLLECTION);
    r.put("collections/release", RELEASE_COLLECTION);
    r.put("collections/alter_properties", ALTER_COLLECTION);
    r.put("collections/drop_properties", ALTER_COLLECTION);
    r.put("collections/add_function", ADD_COLLECTION_FUNCTION);
    r.put("collections/alter_function", ALTER_COLLECTION_FUNCTION);
    r.put("collections/drop_function", DROP_COLLECTION_FUNCTION);
    r.put("collections/fields/alter_properties", ALTER_COLLECTION_FIELD);
    r.put("collections/fields/add", ADD_COLLECTION_FIELD);
    r.put("collections/compact", MANUAL_COMPACTION);
    r.put("collections/flush", FLUSH);
    r.put("databases/create", CREATE_DATABASE);
    r.put("databases/drop", DROP_DATABASE);
    for (String a : new String[] {"alter", "alter_properties", "drop_properties"}) {
      r.put("databases/" + a, ALTER_DATABASE);
    }
    r.put("databases/list", LIST_DATABASES);
    r.put("databases/describe", DESCRIBE_DATABASE);
    r.put("entities/query", QUERY);
    r.put("entities/get", GET_ENTITIES);
    r.put("entities/search", SEARCH);
    r.put("entities/advanced_search", HYBRID_SEARCH);
    r.put("entities/hybrid_search", HYBRID_SEARCH);
    r.put("entities/insert", INSERT);
    r.put("entities/upsert", UPSERT);
    r.put("entities/delete", DELETE);
    r.put("partitions/list", SHOW_PARTITIONS);
    r.put("partitions/has", HAS_PARTITION);
    r.put("partitions/get_stats", GET_PARTITION_STATISTICS);
    r.put("partitions/create", CREATE_PARTITION);
    r.put("partitions/drop", DROP_PARTITION);
    r.put("partitions/load", LOAD_PARTITIONS);
    r.put("partitions/release", RELEASE_PARTITIONS);
    r.put("indexes/list", DESCRIBE_INDEX);
    r.put("indexes/describe", DESCRIBE_INDEX);
    r.put("indexes/create", CREATE_INDEX);
    r.put("indexes/drop", DROP_INDEX);
    r.put("indexes/alter_properties", ALTER_INDEX);
    r.put("indexes/drop_properties", ALTER_INDEX);
    r.put("aliases/list", LIST_ALIASES);
    r.put("aliases/describe", DESCRIBE_ALIAS);
    r.put("aliases/create", CREATE_ALIAS);
    r.put("aliases/drop", DROP_ALIAS);
    r.put("aliases/alter", ALTER_ALIAS);
    r.put("jobs/import/create", IMPORT);
    r.put("jobs/import/list", LIST_IMPORT_TASKS);
    r.put("jobs/import/get_progress", GET_IMPORT_STATE);
    r.put("jobs/import/describe", GET_IMPORT_STATE);
    r.put("users/list", LIST_CRED_USERS);
    r.put("users/describe", SELECT_USER);
    r.put("users/create", CREATE_CREDENTIAL);
    r.put("users/update_password", UPDATE_CREDENTIAL);
    r.put("users/drop", DELETE_CREDENTIAL);
    r.put("users/grant_role", OPERATE_USER_ROLE);
    r.put("users/revoke_role", OPERATE_USER_ROLE);
    r.put("roles/list", SELECT_ROLE);
    r.put("roles/describe", SELECT_GRANT);
    r.put("roles/create", CREATE_ROLE);
    r.put("roles/drop", DROP_ROLE);
    r.put("roles/grant_privilege", OPERATE_PRIVILEGE);
    r.put("roles/revoke_privilege", OPERATE_PRIVILEGE);
    r.put("roles/grant_privilege_v2", OPERATE_PRIVILEGE_V2);
    r.put("roles/revoke_privilege_v2", OPERATE_PRIVILEGE_V2);
    r.put("privilege_groups/list", LIST_PRIVILEGE_GROUPS);
    r.put("privilege_groups/create", CREATE_PRIVILEGE_GROUP);
    r.put("privilege_groups/drop", DROP_PRIVILEGE_GROUP);
    r.put("privilege_groups/add_privileges_to_group", OPERATE_PRIVILEGE_GROUP);
    r.put("privilege_groups/remove_privileges_from_group", OPERATE_PRIVILEGE_GROUP);
    r.put("resource_groups/create", CREATE_RESOURCE_GROUP);
    r.put("resource_groups/drop", DROP_RESOURCE_GROUP);
    r.put("resource_groups/alter", UPDATE_RESOURCE_GROUPS);
    r.put("resource_groups/describe", DESCRIBE_RESOURCE_GROUP);
    r.put("resource_groups/list", LIST_RESOURCE_GROUPS);
    r.put("resource_groups/transfer_replica", TRANSFER_REPLICA);
    r.put("segments/describe", DESCRIBE_SEGMENTS);
    r.put("quotacenter/describe", DESCRIBE_QUOTAS);
    r.put("common/run_analyzer", RUN_ANALYZER);
    return Map.copyOf(r);
  }
}
