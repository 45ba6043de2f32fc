package dev.vectorguard.conformance;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The row × wire pairs that fall short of their row today because a backend's rules were written
 * twice and drifted. A listed pair aborts instead of failing; once it meets its row it fails until
 * it is removed here, so this list only shrinks. Nothing else may be added to make the build pass.
 */
public final class KnownDrift {
  /**
   * One pair that falls short.
   *
   * @param row the scenario id
   * @param wire where it falls short
   * @param cause which rule is missing or drifted, and in which file
   */
  public record Entry(String row, Wire wire, String cause) {
    public Entry {
      Objects.requireNonNull(row, "row");
      Objects.requireNonNull(wire, "wire");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** Every known-failing pair, with its cause. Empty it as the fixes land. */
  public static final List<Entry> KNOWN_DRIFT = List.of(
      // Qdrant REST: core/src/main/java/dev/vectorguard/rest/internal/
      //   QdrantRewriter.java, QdrantDialect.java, MaskSelectors.java
      drift("q-search-top-alias", Wire.QDRANT_REST,
          "QdrantRewriter.clamp reads only 'limit', never its serde alias 'top'"),
      drift("q-search-batch-top-alias", Wire.QDRANT_REST,
          "QdrantRewriter.clamp reads only 'limit', never 'top', in batch items too"),
      drift("q-recommend-top-alias", Wire.QDRANT_REST,
          "QdrantRewriter.clamp reads only 'limit', never its serde alias 'top'"),
      drift("q-recommend-batch-top-alias", Wire.QDRANT_REST,
          "QdrantRewriter.clamp reads only 'limit', never 'top', in batch items too"),
      drift("q-get-ids-capped", Wire.QDRANT_REST,
          "QdrantRewriter POINTS_BY_IDS never caps the number of ids (gRPC truncates 'ids')"),
      drift("q-matrix-pairs-capped", Wire.QDRANT_REST,
          "QdrantRewriter MATRIX clamps 'sample' only; 'limit' (default 3) multiplies the pairs"),
      drift("q-matrix-offsets-capped", Wire.QDRANT_REST,
          "QdrantRewriter MATRIX clamps 'sample' only; sample x limit is not capped"),
      drift("q-query-nested-prefetch-limit", Wire.QDRANT_REST,
          "QdrantRewriter.read clamps the top-level limit only, never prefetch limits"),
      drift("q-facet-masked-quoted", Wire.QDRANT_REST,
          "MaskSelectors.covering compares raw keys; a quoted JSON-path key is not parsed"),
      drift("q-search-groups-masked-quoted", Wire.QDRANT_REST,
          "MaskSelectors.covering compares raw group_by keys; quoted key not parsed"),
      drift("q-scroll-order-masked-quoted", Wire.QDRANT_REST,
          "MaskSelectors.covering compares raw order_by keys; quoted key not parsed"),
      drift("q-count-filter-masked", Wire.QDRANT_REST,
          "QdrantDialect.leakRisk never checks filter keys against mask rules"),
      drift("q-search-filter-masked", Wire.QDRANT_REST,
          "QdrantDialect.leakRisk never checks filter keys against mask rules"),
      drift("q-groups-lookup-payload", Wire.QDRANT_REST,
          "QdrantRewriter.payloadFields restricts with_payload, not with_lookup.with_payload"),
      drift("q-set-payload-quoted-tenant-key", Wire.QDRANT_REST,
          "QdrantRewriter.checkPayloadChange compares 'key' raw; \"tenant\" is the tenant"),
      drift("q-delete-payload-quoted-tenant-key", Wire.QDRANT_REST,
          "QdrantRewriter.tenantFieldOf compares delete keys raw; quoted key not parsed"),
      // Qdrant gRPC: grpc-interceptor/src/main/java/dev/vectorguard/grpc/internal/
      //   QdrantRewriter.java, QdrantDialect.java
      drift("q-search-groups-capped", Wire.QDRANT_GRPC,
          "QdrantRewriter.rewriteRead caps limit and group_size each to max: max^2 hits"),
      drift("q-recommend-groups-capped", Wire.QDRANT_GRPC,
          "QdrantRewriter.rewriteRead caps limit and group_size each to max: max^2 hits"),
      drift("q-query-groups-capped", Wire.QDRANT_GRPC,
          "QdrantRewriter.rewriteRead caps limit and group_size each to max: max^2 hits"),
      drift("q-matrix-pairs-capped", Wire.QDRANT_GRPC,
          "QdrantRewriter.capLimit caps 'limit' only; 'sample' (default 10) is untouched"),
      drift("q-matrix-offsets-capped", Wire.QDRANT_GRPC,
          "QdrantRewriter.capLimit caps 'limit' only; sample x limit is not capped"),
      drift("q-query-nested-prefetch-limit", Wire.QDRANT_GRPC,
          "QdrantRewriter rewrites prefetches with tenant-only obligations: no cap"),
      drift("q-recommend-id-example-tenant", Wire.QDRANT_GRPC,
          "no gRPC counterpart of REST QdrantExamples: point-id examples pass"),
      drift("q-recommend-batch-uuid-example-tenant", Wire.QDRANT_GRPC,
          "no gRPC counterpart of REST QdrantExamples: point-id examples pass"),
      drift("q-discover-id-target-tenant", Wire.QDRANT_GRPC,
          "no gRPC counterpart of REST QdrantExamples: point-id targets pass"),
      drift("q-query-nearest-id-tenant", Wire.QDRANT_GRPC,
          "no gRPC counterpart of REST QdrantExamples: VectorInput.id passes"),
      drift("q-query-prefetch-recommend-id-tenant", Wire.QDRANT_GRPC,
          "no gRPC counterpart of REST QdrantExamples: ids in prefetches pass"),
      drift("q-get-ids-tenant", Wire.QDRANT_GRPC,
          "QdrantRewriter allows Get under a tenant filter and relies on QdrantMasker post-filtering"),
      drift("q-get-point-tenant", Wire.QDRANT_GRPC,
          "QdrantRewriter allows Get under a tenant filter and relies on QdrantMasker post-filtering"),
      drift("q-search-groups-lookup-tenant", Wire.QDRANT_GRPC,
          "QdrantRewriter allows with_lookup under a tenant filter (post-filtered only)"),
      drift("q-query-groups-lookup-tenant", Wire.QDRANT_GRPC,
          "QdrantRewriter allows with_lookup under a tenant filter (post-filtered only)"),
      drift("q-query-formula-masked", Wire.QDRANT_GRPC,
          "QdrantRewriter.revealedKeys ignores qdrant.Formula expressions (variables)"),
      drift("q-query-formula-condition-masked", Wire.QDRANT_GRPC,
          "QdrantRewriter.revealedKeys ignores conditions inside formulas"),
      drift("q-query-formula-nested-masked", Wire.QDRANT_GRPC,
          "QdrantRewriter.revealedKeys ignores formulas (decay x) in prefetches"),
      drift("q-facet-masked-quoted", Wire.QDRANT_GRPC,
          "QdrantRewriter.checkMaskedKeys compares raw keys; a quoted JSON-path key is not parsed"),
      drift("q-search-groups-masked-quoted", Wire.QDRANT_GRPC,
          "QdrantRewriter.checkMaskedKeys compares raw group_by keys"),
      drift("q-scroll-order-masked-quoted", Wire.QDRANT_GRPC,
          "QdrantRewriter.checkMaskedKeys compares raw order_by keys"),
      drift("q-count-filter-masked", Wire.QDRANT_GRPC,
          "QdrantRewriter.checkMaskedKeys never looks at filter keys"),
      drift("q-search-filter-masked", Wire.QDRANT_GRPC,
          "QdrantRewriter.checkMaskedKeys never looks at filter keys"),
      drift("q-search-payload-restricted", Wire.QDRANT_GRPC,
          "QdrantRewriter never restricts with_payload to output_fields (response-only)"),
      drift("q-scroll-payload-exclude", Wire.QDRANT_GRPC,
          "QdrantRewriter never restricts with_payload to output_fields (response-only)"),
      drift("q-query-payload-list", Wire.QDRANT_GRPC,
          "QdrantRewriter never restricts with_payload to output_fields (response-only)"),
      drift("q-groups-lookup-payload", Wire.QDRANT_GRPC,
          "QdrantRewriter never restricts with_lookup.with_payload to output_fields"),
      drift("q-search-every-obligation", Wire.QDRANT_GRPC,
          "QdrantRewriter never restricts with_payload to output_fields (response-only)"),
      drift("q-upsert-lacking-tenant", Wire.QDRANT_GRPC,
          "QdrantRewriter.withTenantPayload adds a missing tenant field instead of refusing"),
      drift("q-upsert-nested-tenant-path", Wire.QDRANT_GRPC,
          "withTenantPayload reads 'meta.tenant' as one top-level key: writes globex"),
      drift("q-overwrite-payload-lacking-tenant", Wire.QDRANT_GRPC,
          "OverwritePayload adds a missing tenant field instead of refusing"),
      drift("q-set-payload-nested-key", Wire.QDRANT_GRPC,
          "QdrantRewriter refuses every SetPayload with a 'key' (REST checks the path)"),
      drift("q-batch-update-tenant", Wire.QDRANT_GRPC,
          "QdrantRewriter.rewriteWrite refuses UpdateBatch under a tenant (REST rewrites each op)"),
      drift("q-delete-payload-quoted-tenant-key", Wire.QDRANT_GRPC,
          "DeletePayload compares keys raw; quoted key not parsed"),
      // Milvus REST: core/src/main/java/dev/vectorguard/rest/internal/MilvusDialect.java, MilvusRewriter.java
      drift("m-alias-to-secret", Wire.MILVUS_REST,
          "MilvusDialect never learns aliases (gRPC AliasBook learns DescribeAlias/ListAliases)"),
      drift("m-group-by-outside-output", Wire.MILVUS_REST,
          "MilvusDialect.leakRisk checks groupingField against masks, not output_fields"),
      drift("m-unbalanced-bracket", Wire.MILVUS_REST,
          "MilvusRewriter.checkBalanced counts parentheses only, not brackets"),
      drift("m-search-by-ids-tenant", Wire.MILVUS_REST,
          "search by primary keys ('ids') is not refused under a tenant filter"),
      // Milvus gRPC: grpc-interceptor/src/main/java/dev/vectorguard/grpc/internal/
      //   MilvusRewriter.java, MilvusColumns.java
      drift("m-group-by-masked", Wire.MILVUS_GRPC,
          "MilvusRewriter.checkGroupBy checks output_fields only, not mask rules"),
      drift("m-hybrid-group-by-masked", Wire.MILVUS_GRPC,
          "MilvusRewriter.checkGroupBy checks output_fields only, not mask rules"),
      drift("m-insert-lacking-tenant", Wire.MILVUS_GRPC,
          "MilvusColumns.requireTenantColumns adds a tenant column instead of refusing"),
      drift("m-output-fields-restricted", Wire.MILVUS_GRPC,
          "MilvusRewriter never restricts output_fields (MilvusMasker drops columns after)"),
      drift("m-output-star-strip", Wire.MILVUS_GRPC,
          "no refusal of output_fields '*' under vectors: strip (REST leakRisk refuses)"),
      drift("m-output-vector-strip", Wire.MILVUS_GRPC,
          "MilvusRewriter leaves the anns field in output_fields (REST removes it)"),
      drift("m-search-by-ids-tenant", Wire.MILVUS_GRPC,
          "search by primary keys ('ids') is not refused under a tenant filter"));

  private KnownDrift() {}

  /** The entry for {@code row} on {@code wire}, or {@code null} when the pair is not listed. */
  public static @Nullable Entry find(String row, Wire wire) {
    for (Entry entry : KNOWN_DRIFT) {
      if (entry.row().equals(row) && entry.wire() == wire) {
        return entry;
      }
    }
    return null;
  }

  private static Entry drift(String row, Wire wire, String cause) {
    return new Entry(row, wire, cause);
  }
}
