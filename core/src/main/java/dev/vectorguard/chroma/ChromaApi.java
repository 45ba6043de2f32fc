package dev.vectorguard.chroma;

import static dev.vectorguard.AccessLevel.ADMIN;
import static dev.vectorguard.AccessLevel.MANAGE;
import static dev.vectorguard.AccessLevel.NONE;
import static dev.vectorguard.AccessLevel.READ;
import static dev.vectorguard.AccessLevel.WRITE;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Operation;

/**
 * Every action of Chroma's HTTP API v2, with the operation and access level the guard decides it
 * as, what its body holds and what its path names. Chroma's own authorization (token auth with
 * its RBAC) is coarser; these levels are at least as strict. The REST binding maps each route to
 * a constant; a route that maps to none is {@link Operation#UNKNOWN}.
 */
public enum ChromaApi {
  HEALTH(Operation.HEALTH, NONE, Kind.NONE, Target.GLOBAL),
  IDENTITY(Operation.LIST_DATABASES, READ, Kind.NONE, Target.GLOBAL),
  RESET(Operation.RESET, ADMIN, Kind.NONE, Target.GLOBAL),
  CREATE_TENANT(Operation.TENANT_ADMIN, ADMIN, Kind.NONE, Target.GLOBAL),
  GET_TENANT(Operation.LIST_DATABASES, READ, Kind.NONE, Target.GLOBAL),
  UPDATE_TENANT(Operation.TENANT_ADMIN, ADMIN, Kind.NONE, Target.GLOBAL),
  LIST_DATABASES(Operation.LIST_DATABASES, READ, Kind.NONE, Target.GLOBAL),
  CREATE_DATABASE(Operation.DATABASE_ADMIN, ADMIN, Kind.NONE, Target.GLOBAL),
  GET_DATABASE(Operation.LIST_DATABASES, READ, Kind.NONE, Target.DATABASE),
  DELETE_DATABASE(Operation.DATABASE_ADMIN, ADMIN, Kind.NONE, Target.DATABASE),
  LIST_COLLECTIONS(Operation.LIST_COLLECTIONS, READ, Kind.LIST, Target.DATABASE),
  COUNT_COLLECTIONS(Operation.LIST_COLLECTIONS, READ, Kind.NONE, Target.DATABASE),
  CREATE_COLLECTION(Operation.CREATE_COLLECTION, MANAGE, Kind.CREATE, Target.DATABASE),
  GET_COLLECTION(Operation.DESCRIBE_COLLECTION, READ, Kind.COLLECTION, Target.NAME),
  DELETE_COLLECTION(Operation.DROP_COLLECTION, MANAGE, Kind.NONE, Target.NAME),
  GET_COLLECTION_BY_ID(Operation.DESCRIBE_COLLECTION, READ, Kind.COLLECTION, Target.ID),
  GET_COLLECTION_BY_CRN(Operation.DESCRIBE_COLLECTION, READ, Kind.COLLECTION, Target.CRN),
  UPDATE_COLLECTION(Operation.ALTER_COLLECTION, MANAGE, Kind.RENAME, Target.ID),
  ADD(Operation.UPSERT, WRITE, Kind.ADD, Target.ID),
  UPSERT(Operation.UPSERT, WRITE, Kind.UPSERT, Target.ID),
  UPDATE(Operation.UPDATE, WRITE, Kind.UPDATE, Target.ID),
  DELETE(Operation.DELETE, WRITE, Kind.DELETE, Target.ID),
  GET(Operation.GET, READ, Kind.GET, Target.ID),
  QUERY(Operation.QUERY, READ, Kind.QUERY, Target.ID),
  SEARCH(Operation.SEARCH, READ, Kind.SEARCH, Target.ID),
  COUNT(Operation.COUNT, READ, Kind.COUNT, Target.ID),
  /** Copies every record, of every tenant, into a new collection. */
  FORK(Operation.CREATE_COLLECTION, MANAGE, Kind.FORK, Target.ID),
  COLLECTION_STATUS(Operation.DESCRIBE_COLLECTION, READ, Kind.NONE, Target.ID),
  ALTER_FUNCTIONS(Operation.ALTER_COLLECTION, MANAGE, Kind.NONE, Target.ID),
  GET_FUNCTION(Operation.DESCRIBE_COLLECTION, READ, Kind.NONE, Target.ID);

  /** What a request body holds and its response carries. */
  public enum Kind { NONE, LIST, COLLECTION, CREATE, RENAME, FORK, ADD, UPSERT, UPDATE, DELETE, GET, QUERY, SEARCH, COUNT }

  /** What the path names: nothing, a database, a collection by name, by id, or by resource name. */
  public enum Target { GLOBAL, DATABASE, NAME, ID, CRN }

  private final Operation operation;
  private final AccessLevel access;
  private final Kind kind;
  private final Target target;

  ChromaApi(Operation operation, AccessLevel access, Kind kind, Target target) {
    this.operation = operation;
    this.access = access;
    this.kind = kind;
    this.target = target;
  }

  public Operation operation() {
    return operation;
  }

  public AccessLevel access() {
    return access;
  }

  public Kind kind() {
    return kind;
  }

  public Target target() {
    return target;
  }
}
