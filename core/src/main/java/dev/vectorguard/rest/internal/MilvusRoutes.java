package dev.vectorguard.rest.internal;

import static dev.vectorguard.AccessLevel.ADMIN;
import static dev.vectorguard.AccessLevel.MANAGE;
import static dev.vectorguard.AccessLevel.READ;
import static dev.vectorguard.AccessLevel.WRITE;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Operation;
import dev.vectorguard.rest.internal.MilvusDialect.Endpoint;
import dev.vectorguard.rest.internal.MilvusDialect.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Milvus REST v2 routes ({@code RegisterRoutesToV2}, handler_v2.go) and the gRPC privilege
 * each one is checked against; not public API.
 */
final class MilvusRoutes {
  private MilvusRoutes() {}

  static Map<String, Endpoint> routes() {
    Map<String, Endpoint> r = new LinkedHashMap<>();
    // collections/: ShowCollections (filtered), HasCollection (unchecked), DescribeCollection (Global),
    // GetCollectionStatistics, GetLoadState, Create/Drop/Truncate (Global), Rename (ClusterAdmin), Load, Release,
    // AlterCollection, functions, ManualCompaction, GetCompactionState, Flush, fields.
    put(r, "collections/list", Operation.LIST_COLLECTIONS, READ, Shape.LIST);
    for (String a : List.of("has", "describe", "get_stats", "get_load_state", "get_compaction_state")) {
      put(r, "collections/" + a, Operation.DESCRIBE_COLLECTION, READ, Shape.NONE);
    }
    put(r, "collections/create", Operation.CREATE_COLLECTION, MANAGE, Shape.NONE);
    put(r, "collections/drop", Operation.DROP_COLLECTION, MANAGE, Shape.NONE);
    put(r, "collections/truncate", Operation.DROP_COLLECTION, MANAGE, Shape.NONE);
    put(r, "collections/rename", Operation.ALTER_COLLECTION, ADMIN, Shape.RENAME);
    for (String a : List.of("load", "refresh_load", "release")) {
      put(r, "collections/" + a, Operation.LOAD_COLLECTION, MANAGE, Shape.NONE);
    }
    for (String a : List.of("alter_properties", "drop_properties", "add_function", "alter_function", "drop_function",
        "fields/alter_properties", "fields/add")) {
      put(r, "collections/" + a, Operation.ALTER_COLLECTION, MANAGE, Shape.NONE);
    }
    put(r, "collections/compact", Operation.FLUSH, MANAGE, Shape.NONE);
    put(r, "collections/flush", Operation.FLUSH, WRITE, Shape.NONE);
    // databases/: Create/Drop/Alter need cluster or database admin; List is filtered, Describe is database read.
    for (String a : List.of("create", "drop", "alter", "alter_properties", "drop_properties")) {
      put(r, "databases/" + a, Operation.DATABASE_ADMIN, ADMIN, Shape.NONE);
    }
    put(r, "databases/list", Operation.LIST_DATABASES, READ, Shape.NONE);
    put(r, "databases/describe", Operation.LIST_DATABASES, READ, Shape.NONE);
    // entities/: Query, Search, HybridSearch, Insert, Upsert, Delete on the collection.
    put(r, "entities/query", Operation.QUERY, READ, Shape.QUERY);
    put(r, "entities/get", Operation.GET, READ, Shape.GET);
    put(r, "entities/search", Operation.SEARCH, READ, Shape.SEARCH);
    put(r, "entities/advanced_search", Operation.SEARCH, READ, Shape.HYBRID);
    put(r, "entities/hybrid_search", Operation.SEARCH, READ, Shape.HYBRID);
    put(r, "entities/insert", Operation.UPSERT, WRITE, Shape.INSERT);
    put(r, "entities/upsert", Operation.UPSERT, WRITE, Shape.UPSERT);
    put(r, "entities/delete", Operation.DELETE, WRITE, Shape.DELETE);
    // partitions/: no partition-level RBAC in Milvus; changes are collection read-write.
    for (String a : List.of("list", "has", "get_stats")) {
      put(r, "partitions/" + a, Operation.DESCRIBE_COLLECTION, READ, Shape.NONE);
    }
    for (String a : List.of("create", "drop", "load", "release")) {
      put(r, "partitions/" + a, Operation.PARTITION, MANAGE, Shape.NONE);
    }
    // indexes/
    put(r, "indexes/list", Operation.DESCRIBE_INDEX, READ, Shape.NONE);
    put(r, "indexes/describe", Operation.DESCRIBE_INDEX, READ, Shape.NONE);
    put(r, "indexes/create", Operation.CREATE_INDEX, MANAGE, Shape.NONE);
    put(r, "indexes/drop", Operation.DROP_INDEX, MANAGE, Shape.NONE);
    put(r, "indexes/alter_properties", Operation.CREATE_INDEX, MANAGE, Shape.NONE);
    put(r, "indexes/drop_properties", Operation.CREATE_INDEX, MANAGE, Shape.NONE);
    // aliases/: Create/Drop/Alter check CreateAlias (Global); List/Describe are db-wide reads.
    put(r, "aliases/list", Operation.LIST_ALIASES, READ, Shape.LIST_ALIASES);
    put(r, "aliases/describe", Operation.LIST_ALIASES, READ, Shape.NONE);
    for (String a : List.of("create", "drop", "alter")) {
      put(r, "aliases/" + a, Operation.ALIAS, MANAGE, Shape.ALIAS);
    }
    // jobs/import: Import on the collection, progress and listing reads.
    put(r, "jobs/import/create", Operation.UPSERT, WRITE, Shape.NONE);
    for (String a : List.of("list", "get_progress", "describe")) {
      put(r, "jobs/import/" + a, Operation.DESCRIBE_COLLECTION, READ, Shape.NONE);
    }
    // Users, roles and privilege groups.
    for (String a : List.of("list", "describe", "create", "drop", "update_password", "grant_role", "revoke_role")) {
      put(r, "users/" + a, Operation.USER_ADMIN, ADMIN, Shape.NONE);
    }
    for (String a : List.of("list", "describe", "create", "drop", "grant_privilege", "revoke_privilege",
        "grant_privilege_v2", "revoke_privilege_v2")) {
      put(r, "roles/" + a, Operation.USER_ADMIN, ADMIN, Shape.NONE);
    }
    for (String a : List.of("list", "create", "drop", "add_privileges_to_group", "remove_privileges_from_group")) {
      put(r, "privilege_groups/" + a, Operation.USER_ADMIN, ADMIN, Shape.NONE);
    }
    // Cluster: resource groups, segments, quotas, the analyzer.
    for (String a : List.of("create", "drop", "alter", "describe", "list", "transfer_replica")) {
      put(r, "resource_groups/" + a, Operation.CLUSTER, ADMIN, Shape.NONE);
    }
    put(r, "segments/describe", Operation.CLUSTER, ADMIN, Shape.NONE);
    put(r, "quotacenter/describe", Operation.CLUSTER, ADMIN, Shape.NONE);
    put(r, "common/run_analyzer", Operation.DESCRIBE_COLLECTION, READ, Shape.NONE);
    return Map.copyOf(r);
  }

  private static void put(Map<String, Endpoint> r, String path, Operation op, AccessLevel access, Shape shape) {
    r.put(path, new Endpoint(op, access, shape));
  }
}
