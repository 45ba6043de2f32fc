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
      drift("q-get-ids-capped", Wire.QDRANT_REST,
          "QdrantRewriter POINTS_BY_IDS never caps the number of ids (gRPC truncates 'ids')"),
      drift("q-matrix-pairs-capped", Wire.QDRANT_REST,
          "QdrantRewriter MATRIX clamps 'sample' only; 'limit' (default 3) multiplies the pairs"),
      drift("q-matrix-offsets-capped", Wire.QDRANT_REST,
          "QdrantRewriter MATRIX clamps 'sample' only; sample x limit is not capped"),
      drift("q-query-nested-prefetch-limit", Wire.QDRANT_REST,
          "QdrantRewriter.read clamps the top-level limit only, never prefetch limits"),
      drift("q-groups-lookup-payload", Wire.QDRANT_REST,
          "QdrantRewriter.payloadFields restricts with_payload, not with_lookup.with_payload"),
      // Qdrant gRPC: grpc-interceptor/src/main/java/dev/vectorguard/grpc/internal/
      //   QdrantRewriter.java, QdrantDialect.java
      drift("q-matrix-pairs-capped", Wire.QDRANT_GRPC,
          "QdrantRewriter.capLimit caps 'limit' only; 'sample' (default 10) is untouched"),
      drift("q-matrix-offsets-capped", Wire.QDRANT_GRPC,
          "QdrantRewriter.capLimit caps 'limit' only; sample x limit is not capped"),
      drift("q-query-nested-prefetch-limit", Wire.QDRANT_GRPC,
          "QdrantRewriter rewrites prefetches with tenant-only obligations: no cap"),
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
      // Milvus REST: core/src/main/java/dev/vectorguard/rest/internal/MilvusDialect.java, MilvusRewriter.java
      // Milvus gRPC: grpc-interceptor/src/main/java/dev/vectorguard/grpc/internal/
      //   MilvusRewriter.java, MilvusColumns.java
      drift("m-output-star-strip", Wire.MILVUS_GRPC,
          "no refusal of output_fields '*' under vectors: strip (REST leakRisk refuses)"));

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
