package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.audit.AuditEvent;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.StructArrayFieldSchema;
import io.milvus.v2.service.vector.request.AnnSearchReq;
import io.milvus.v2.service.vector.request.HybridSearchReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.request.ranker.RRFRanker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Under {@code vectors: strip}, no vector comes back through the Milvus SDK in any encoding the
 * proto has, from query, search and hybrid search results: the test server returns what was
 * asked for (gRPC requests name fields without their types, so a vector field other than the
 * one searched on is still asked for) and the guard removes it from the response, counting each
 * vector it removes.
 */
@org.junit.jupiter.api.Timeout(60)
class MilvusVectorStripTest {
  /** Three rows; {@code maybe} is a nullable float vector, null in row 2. */
  private static final int ROWS = 3;

  private MilvusFixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private void start(Obligations obligations) {
    fx = new MilvusFixture(TestPolicy.builder().allow("reads", Set.of("media", "only"), AccessLevel.READ, obligations).build());
    fx.server.createCollection(CollectionSchema.newBuilder().setName("media").setEnableDynamicField(true)
        .addFields(field(100, "id", DataType.Int64, 0).setIsPrimaryKey(true))
        .addFields(field(101, "dense", DataType.FloatVector, 2))
        .addFields(field(102, "bits", DataType.BinaryVector, 16))
        .addFields(field(103, "half", DataType.Float16Vector, 2))
        .addFields(field(104, "brain", DataType.BFloat16Vector, 2))
        .addFields(field(105, "small", DataType.Int8Vector, 4))
        .addFields(field(106, "sparse", DataType.SparseFloatVector, 0))
        .addFields(field(107, "maybe", DataType.FloatVector, 2).setNullable(true))
        .addFields(field(108, "title", DataType.VarChar, 0))
        .addStructArrayFields(StructArrayFieldSchema.newBuilder().setFieldID(110).setName("chunks")
            .addFields(field(111, "text", DataType.Array, 0).setElementType(DataType.VarChar))
            .addFields(field(112, "emb", DataType.ArrayOfVector, 2).setElementType(DataType.FloatVector)))
        .build());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i <= ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", (long) i);
      row.put("dense", List.of(1f, i / 10f));
      row.put("bits", new byte[] {(byte) i, (byte) 0xF0});
      row.put("half", new byte[] {0, 0x3C, (byte) i, 0x3C});
      row.put("brain", new byte[] {(byte) 0x80, 0x3F, (byte) i, 0x3F});
      row.put("small", new byte[] {1, (byte) -i, 3, 4});
      row.put("sparse", new TreeMap<>(Map.of(3L, 0.5f, 10L + i, 0.25f)));
      row.put("maybe", i == 2 ? null : List.of(0f, 1f));
      row.put("title", "doc " + i);
      // Row i has i chunks, so the struct column holds 1 + 2 + 3 vectors.
      List<Map<String, Object>> chunks = new ArrayList<>();
      for (int c = 0; c < i; c++) {
        chunks.add(Map.of("text", "chunk " + c, "emb", List.of(c * 1f, 1f)));
      }
      row.put("chunks", chunks);
      fx.server.insert("media", List.of(row));
    }
  }

  private static FieldSchema.Builder field(long id, String name, DataType type, int dim) {
    FieldSchema.Builder f = FieldSchema.newBuilder().setFieldID(id).setName(name).setDataType(type);
    if (dim > 0) {
      f.addTypeParams(KeyValuePair.newBuilder().setKey("dim").setValue(String.valueOf(dim)));
    }
    if (type == DataType.VarChar || type == DataType.Array) {
      f.addTypeParams(KeyValuePair.newBuilder().setKey("max_length").setValue("64"));
    }
    return f;
  }

  private List<Map<String, Object>> rows(String shape, List<String> output) {
    FloatVec near = new FloatVec(new float[] {1f, 0f});
    return switch (shape) {
      case "query" -> fx.client.query(QueryReq.builder().collectionName("media").filter("id > 0").limit(10)
          .outputFields(output).build()).getQueryResults().stream().map(r -> r.getEntity()).toList();
      case "search" -> fx.client.search(SearchReq.builder().collectionName("media").annsField("dense")
          .data(List.of(near)).limit(10).outputFields(output).build()).getSearchResults().get(0).stream()
          .map(r -> r.getEntity()).toList();
      case "hybrid" -> fx.client.hybridSearch(HybridSearchReq.builder().collectionName("media")
          .searchRequests(List.of(AnnSearchReq.builder().vectorFieldName("dense").vectors(List.of(near)).limit(10)
              .build(), AnnSearchReq.builder().vectorFieldName("maybe").vectors(List.of(near)).limit(10).build()))
          .ranker(new RRFRanker(60)).limit(10).outFields(output).build()).getSearchResults().get(0).stream()
          .map(r -> r.getEntity()).toList();
      default -> throw new IllegalArgumentException(shape);
    };
  }

  private Object vectorsStripped() {
    return fx.audit.ofType(AuditEvent.CALL_COMPLETED).get(fx.audit.ofType(AuditEvent.CALL_COMPLETED).size() - 1)
        .get("masked.vectors_stripped");
  }

  /** The test server returns every encoding, and the SDK decodes it, when nothing is stripped. */
  @Test
  void withoutStrippingEveryEncodingComesBack() {
    start(Obligations.builder().maxResults(10).build());

    List<Map<String, Object>> rows = rows("query", List.of("*"));

    assertThat(rows).hasSize(ROWS).first().satisfies(row -> {
      assertThat(row.get("dense")).isEqualTo(List.of(1f, 0.1f));
      assertThat(((ByteBuffer) row.get("bits")).array()).containsExactly(1, 0xF0);
      assertThat(((ByteBuffer) row.get("half")).capacity()).isEqualTo(4);
      assertThat(((ByteBuffer) row.get("brain")).capacity()).isEqualTo(4);
      assertThat(((ByteBuffer) row.get("small")).array()).containsExactly(1, -1, 3, 4);
      assertThat(row.get("sparse")).isEqualTo(new TreeMap<>(Map.of(3L, 0.5f, 11L, 0.25f)));
      assertThat(row.get("maybe")).isEqualTo(List.of(0f, 1f));
      assertThat(row.get("chunks")).asList().singleElement()
          .isEqualTo(Map.of("text", "chunk 0", "emb", List.of(0f, 1f)));
    });
    assertThat(rows.get(1).get("maybe")).isNull();
    assertThat(vectorsStripped()).isEqualTo(0L);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(textBlock = """
      query,  dense,  3
      query,  bits,   3
      query,  half,   3
      query,  brain,  3
      query,  small,  3
      query,  sparse, 3
      query,  maybe,  2
      search, bits,   3
      search, half,   3
      search, brain,  3
      search, small,  3
      search, sparse, 3
      search, maybe,  2
      hybrid, half,   3
      hybrid, brain,  3
      hybrid, bits,   3
      hybrid, sparse, 3
      hybrid, small,  3
      """)
  void aVectorFieldAskedForByNameIsRemovedInEveryEncoding(String shape, String field, long vectors) {
    start(Obligations.builder().stripVectors(true).build());

    List<Map<String, Object>> rows = rows(shape, List.of("title", field));

    assertThat(rows).hasSize(ROWS).allSatisfy(row -> assertThat(row).containsKey("title").doesNotContainKey(field));
    assertThat(vectorsStripped()).isEqualTo(vectors);
  }

  /** gRPC requests carry no types: only the fields a search runs on are known to hold vectors. */
  @Test
  void theFieldsSearchedOnAreNotAskedFor() {
    start(Obligations.builder().stripVectors(true).build());

    rows("search", List.of("title", "dense", "bits"));
    rows("hybrid", List.of("title", "dense", "maybe", "bits"));

    assertThat(((io.milvus.grpc.SearchRequest) fx.server.calls("Search").get(0).request()).getOutputFieldsList())
        .containsExactly("title", "bits");
    assertThat(((io.milvus.grpc.HybridSearchRequest) fx.server.calls("HybridSearch").get(0).request())
        .getOutputFieldsList()).containsExactly("title", "bits");
    assertThat(vectorsStripped()).as("bits, on the way back").isEqualTo((long) ROWS);
  }

  /**
   * The searched field is not asked for at all; the other vector fields, named, go on the way back.
   * The wildcard itself is refused under strip, as on REST before the schema is known: it would
   * bring every vector over the wire.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"query, 0", "search, 3", "hybrid, 5"})
  void everyVectorOfEveryEncodingIsRemovedAndStructsKeepTheirScalars(String shape, long searchedNotSent) {
    start(Obligations.builder().stripVectors(true).build());

    List<Map<String, Object>> rows = rows(shape, List.of("id", "title", "chunks", "dense", "bits", "half", "brain",
        "small", "sparse", "maybe"));

    assertThat(rows).hasSize(ROWS).allSatisfy(row -> {
      assertThat(row).containsKeys("id", "title", "chunks")
          .doesNotContainKeys("dense", "bits", "half", "brain", "small", "sparse", "maybe");
      assertThat(row.get("chunks")).asList().isNotEmpty().allSatisfy(chunk ->
          assertThat(chunk).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsOnlyKeys("text"));
    });
    // Six vector columns of three rows, the nullable one of two, the struct's 1 + 2 + 3; less the
    // vectors of the fields searched on, which were not asked for at all.
    assertThat(vectorsStripped()).isEqualTo(6L * ROWS + 2 + 6 - searchedNotSent);
  }

  @Test
  void theWildcardIsRefusedUnderStripAsOnRestWithoutASchema() {
    start(Obligations.builder().stripVectors(true).build());

    assertThatThrownBy(() -> rows("query", List.of("*")))
        .hasMessageContaining("output_fields '*' may return vector fields; list the output fields explicitly");
  }

  @Test
  void aStructOfVectorsOnlyGoesWhole() {
    start(Obligations.builder().stripVectors(true).build());
    fx.server.createCollection(CollectionSchema.newBuilder().setName("only")
        .addFields(field(100, "id", DataType.Int64, 0).setIsPrimaryKey(true))
        .addFields(field(101, "dense", DataType.FloatVector, 2))
        .addStructArrayFields(StructArrayFieldSchema.newBuilder().setFieldID(110).setName("chunks")
            .addFields(field(112, "emb", DataType.ArrayOfVector, 2).setElementType(DataType.FloatVector)))
        .build());
    fx.server.insert("only", List.of(new LinkedHashMap<>(Map.of("id", 1L, "dense", List.of(1f, 0f),
        "chunks", List.of(Map.of("emb", List.of(1f, 0f)), Map.of("emb", List.of(0f, 1f)))))));

    List<Map<String, Object>> rows = fx.client.query(QueryReq.builder().collectionName("only").filter("id > 0")
        .limit(10).outputFields(List.of("chunks")).build()).getQueryResults().stream().map(r -> r.getEntity()).toList();

    assertThat(rows).singleElement().satisfies(row -> assertThat(row).containsOnlyKeys("id"));
    assertThat(vectorsStripped()).isEqualTo(2L);
  }
}
