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
  /** Milvus: a JSON field holding a document's metadata, as LangChain4j's and Spring AI's stores keep it. */
  public static final String METADATA_FIELD = "metadata";
  /** Milvus: the key of {@link #METADATA_FIELD} holding the tenant, for rules filtering on it. */
  public static final String METADATA_TENANT_KEY = "tenant_id";
  /** Milvus: {@link #METADATA_TENANT_KEY} inside {@link #METADATA_FIELD}, spelled as an expression reads it. */
  public static final String METADATA_TENANT = METADATA_FIELD + "[\"" + METADATA_TENANT_KEY + "\"]";
  /** The caller's tenant. */
  public static final String TENANT = "acme";
  /** Another tenant. */
  public static final String OTHER_TENANT = "globex";
  /** Milvus: the vector field of {@link #DOCS}. */
  public static final String VECTOR_FIELD = "embedding";
  /** Milvus: a binary vector field of {@link #DOCS}, base64 text in REST rows. */
  public static final String BINARY_VECTOR_FIELD = "bits";
  /**
   * Milvus: the fields of {@link #DOCS} and their data types, as a describe shows them (dynamic
   * fields enabled): the primary key {@code id}, the vector fields, and the fields rows use.
   */
  public static final java.util.Map<String, String> MILVUS_FIELDS = orderedFields("id", "Int64", VECTOR_FIELD,
      "FloatVector", BINARY_VECTOR_FIELD, "BinaryVector", "title", "VarChar", "email", "VarChar", TENANT_FIELD,
      "VarChar", "salary", "VarChar", "year", "Int64", METADATA_FIELD, "JSON");
  /** The workload the guard runs as. */
  public static final String WORKLOAD = "spiffe://test.local/sa/conformance";

  private World() {}

  private static java.util.Map<String, String> orderedFields(String... nameTypePairs) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      out.put(nameTypePairs[i], nameTypePairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The actor every call is made for: a user of tenant {@link #TENANT}. */
  public static Actor actor() {
    return Actor.builder().user("u-" + TENANT).tenant(TENANT).build();
  }
}
