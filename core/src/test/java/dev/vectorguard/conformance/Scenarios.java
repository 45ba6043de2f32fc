package dev.vectorguard.conformance;

import java.util.ArrayList;
import java.util.List;

/** The whole table, and the obligations rows combine (each a YAML entry of a rule's {@code obligations}). */
public final class Scenarios {
  /** At most 5 results. */
  static final String CAP_5 = "max_results: 5";
  /** At most 50 results: above the server's default of 10, so an ignored alias shows. */
  static final String CAP_50 = "max_results: 50";
  static final String STRIP = "vectors: strip";
  static final String TENANT = "tenant_filter: { field: tenant, value: \"${actor.tenant}\" }";
  static final String MASK = "mask: [ { field: email, with: redact }, { field: salary, with: redact } ]";
  static final String FIELDS = "output_fields: [title, tenant]";

  /** A dense query vector, as Qdrant gRPC spells a {@code Vector} or {@code VectorInput}. */
  static final String V = "{'dense':{'data':[1,0,0,0]}}";

  private Scenarios() {}

  /** Every row, Qdrant first. */
  public static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    all.addAll(QdrantReadScenarios.rows());
    all.addAll(QdrantLeakScenarios.rows());
    all.addAll(QdrantWriteScenarios.rows());
    all.addAll(MilvusScenarios.rows());
    all.addAll(MilvusLeakScenarios.rows());
    all.addAll(MilvusMetadataTenantScenarios.rows());
    return all;
  }
}
