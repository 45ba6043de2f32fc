package dev.vectorguard.qdrant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.qdrant.QdrantRules.PayloadAsk;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QdrantRulesTest {
  private static final Set<String> ALLOWED = Set.of("title", "meta.lang", "tenant");

  @Test
  void payloadSelectorsAreComparedAsTheFieldsQdrantReads() {
    assertThat(QdrantRules.payloadWithin(PayloadAsk.INCLUDE, List.of("\"title\"", "email"), ALLOWED))
        .containsExactly("title");
    assertThat(QdrantRules.payloadWithin(PayloadAsk.INCLUDE, List.of("meta"), ALLOWED))
        .as("asking for an object asks for its allowed parts").containsExactly("meta.lang");
    assertThat(QdrantRules.payloadWithin(PayloadAsk.EXCLUDE, List.of("\"meta\""), ALLOWED))
        .as("excluding an object excludes its parts, however it is spelled").containsExactly("tenant", "title");
    assertThat(QdrantRules.payloadWithin(PayloadAsk.INCLUDE, List.of("a b"), ALLOWED))
        .as("a key Qdrant cannot parse selects nothing").isEmpty();
    assertThat(QdrantRules.payloadWithin(PayloadAsk.ALL, List.of(), ALLOWED)).containsExactly("meta.lang", "tenant",
        "title");
    assertThat(QdrantRules.payloadWithin(PayloadAsk.NONE, List.of(), ALLOWED)).isEmpty();
  }

  @Test
  void groupsAndMatricesAreCappedInWhatTheyReturnAltogether() {
    assertThat(QdrantRules.groupsWithin(100, 100, 10)).containsExactly(10, 1);
    assertThat(QdrantRules.groupsWithin(3, 100, 10)).containsExactly(3, 3);
    assertThat(QdrantRules.matrixWithin(4, 4, 5)).containsExactly(4, 1);
    assertThat(QdrantRules.groupsWithin(2, 2, 10)).as("within the cap, unchanged").containsExactly(2, 2);
  }
}
