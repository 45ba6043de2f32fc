package dev.vectorguard.conformance;

import dev.vectorguard.Actor;

/**
 * The world every scenario is set in: one caller, the collections it may and may not reach, and
 * the payload fields the obligations name. Rows and checkers refer to these names, never to
 * values of their own.
 */
public final class World {
  /** The collection the row's rule allows (read and write), as it allows every name starting {@code docs_}. */
  public static final String DOCS = "docs";
  /** Another allowed collection, named by lookups. */
  public static final String OWNERS = "owners";
  /** A collection a deny rule protects. */
  public static final String SECRET = "secret";
  /** The payload field holding the tenant. */
  public static final String TENANT_FIELD = "tenant";
  /** The caller's tenant. */
  public static final String TENANT = "acme";
  /** Another tenant. */
  public static final String OTHER_TENANT = "globex";
  /** Milvus: the vector field of {@link #DOCS}. */
  public static final String VECTOR_FIELD = "embedding";
  /** The workload the guard runs as. */
  public static final String WORKLOAD = "spiffe://test.local/sa/conformance";

  private World() {}

  /** The actor every call is made for: a user of tenant {@link #TENANT}. */
  public static Actor actor() {
    return Actor.builder().user("u-" + TENANT).tenant(TENANT).build();
  }
}
