package dev.vectorguard.testkit;

import static io.qdrant.client.ConditionFactory.filter;
import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.nested;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qdrant.client.ConditionFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.JsonWithInt.Struct;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QdrantFiltersTest {
  private static final Map<String, Value> PAYLOAD = Map.of(
      "tenant", value("acme"),
      "rank", value(3),
      "tags", list(List.of(value("a"), value("b"))),
      "owner", Value.newBuilder().setStructValue(Struct.newBuilder().putFields("name", value("alice"))).build(),
      "items", list(List.of(Value.newBuilder().setStructValue(Struct.newBuilder()
          .putFields("sku", value("x1")).putFields("qty", value(2))).build())));

  private static boolean matches(Filter f) {
    return QdrantFilters.matches(f, id(1), PAYLOAD);
  }

  @Test
  void mustShouldAndMustNotCombineAsQdrantDoes() {
    assertThat(matches(Filter.newBuilder().addMust(matchKeyword("tenant", "acme")).build())).isTrue();
    assertThat(matches(Filter.newBuilder().addMust(matchKeyword("tenant", "globex")).build())).isFalse();
    assertThat(matches(Filter.newBuilder().addMustNot(matchKeyword("tenant", "acme")).build())).isFalse();
    assertThat(matches(Filter.newBuilder().addShould(matchKeyword("tenant", "x"))
        .addShould(match("rank", 3)).build())).isTrue();
    assertThat(matches(Filter.newBuilder().addShould(matchKeyword("tenant", "x")).build())).isFalse();
    assertThat(matches(Filter.newBuilder().addMust(matchKeyword("tenant", "acme"))
        .addMust(filter(Filter.newBuilder().addShould(match("rank", 4)).build())).build())).isFalse();
  }

  @Test
  void pathsArraysIdsAndNestedConditions() {
    assertThat(matches(Filter.newBuilder().addMust(matchKeyword("tags", "b")).build())).isTrue();
    assertThat(matches(Filter.newBuilder().addMust(matchKeyword("owner.name", "alice")).build())).isTrue();
    assertThat(matches(Filter.newBuilder().addMust(hasId(List.of(id(1), id(2)))).build())).isTrue();
    assertThat(matches(Filter.newBuilder().addMust(hasId(List.of(id(2)))).build())).isFalse();
    assertThat(matches(Filter.newBuilder().addMust(nested("items", Filter.newBuilder()
        .addMust(matchKeyword("sku", "x1")).addMust(match("qty", 2)).build())).build())).isTrue();
    assertThat(matches(Filter.newBuilder().addMust(nested("items", Filter.newBuilder()
        .addMust(matchKeyword("sku", "x1")).addMust(match("qty", 3)).build())).build())).isFalse();
    assertThat(matches(Filter.newBuilder().addMust(ConditionFactory.range("rank",
        io.qdrant.client.grpc.Common.Range.newBuilder().setGte(3).setLt(4).build())).build())).isTrue();
  }

  @Test
  void unsupportedConditionsFailInsteadOfMatching() {
    assertThatThrownBy(() -> matches(Filter.newBuilder().addMust(ConditionFactory.matchText("tenant", "ac")).build()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("the Qdrant test server does not evaluate TEXT matches");
  }
}
