package dev.vectorguard.grpc.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.vectorguard.Obligations;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Common.ValuesCount;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.ScrollPoints;
import org.junit.jupiter.api.Test;

/** Attacker's review of the Qdrant gRPC binding: each test asserts the secure behaviour. */
class QdrantReviewBypassGrpcTest {
  private static final QdrantDialect DIALECT = QdrantDialect.INSTANCE;
  private static final Obligations SALARY_EXACT_LOOKUPS = Obligations.builder()
      .mask(new MaskRule("salary", MaskAction.REDACT, 0, true)).build();

  private static Message rewrite(String method, Message request, Obligations obligations) {
    VectorCall call = DIALECT.classify(method, request, h -> null);
    return DIALECT.rewrite(call, request, obligations);
  }

  /**
   * Qdrant ORs the parts of one FieldCondition (match || range || ...); QdrantProtoView's
   * isExactMatch looks only at {@code match}, so a decoy keyword/integer match makes a range on the
   * masked field pass as an exact lookup.
   */
  @Test
  void aDecoyMatchDoesNotMakeARangeOnAMaskedFieldAnExactLookup() {
    CountPoints count = CountPoints.newBuilder().setCollectionName("docs")
        .setFilter(Filter.newBuilder().addMust(Condition.newBuilder().setField(FieldCondition.newBuilder()
            .setKey("salary").setMatch(Match.newBuilder().setInteger(-1))
            .setRange(Range.newBuilder().setGte(100000)))))
        .build();

    assertThatThrownBy(() -> rewrite("qdrant.Points/Count", count, SALARY_EXACT_LOOKUPS))
        .isInstanceOf(RequestRejectedException.class);
  }

  @Test
  void aDecoyMatchDoesNotHideAValuesCountOnAMaskedField() {
    ScrollPoints scroll = ScrollPoints.newBuilder().setCollectionName("docs")
        .setFilter(Filter.newBuilder().addMust(Condition.newBuilder().setField(FieldCondition.newBuilder()
            .setKey("salary").setMatch(Match.newBuilder().setKeyword("x"))
            .setValuesCount(ValuesCount.newBuilder().setGt(1)))))
        .build();

    assertThatThrownBy(() -> rewrite("qdrant.Points/Scroll", scroll, SALARY_EXACT_LOOKUPS))
        .isInstanceOf(RequestRejectedException.class);
  }
}
