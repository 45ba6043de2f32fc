package dev.vectorguard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.Backend;
import dev.vectorguard.policy.PolicyLoader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table itself is well formed: what a row must say, and what the known-drift list may name. */
class ScenarioTableTest {
  private final List<Scenario> rows = Scenarios.all();

  @Test
  void coversEachBackendWidely() {
    assertThat(rows.stream().filter(r -> r.backend() == Backend.QDRANT)).hasSizeGreaterThanOrEqualTo(60);
    assertThat(rows.stream().filter(r -> r.backend() == Backend.MILVUS)).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void rowIdsAreUniqueAndNamedForTheirBackend() {
    Set<String> seen = new HashSet<>();
    for (Scenario row : rows) {
      assertThat(seen.add(row.id())).as("duplicate id %s", row.id()).isTrue();
      assertThat(row.id()).startsWith(row.backend() == Backend.QDRANT ? "q-" : "m-");
      assertThat(row.intent()).as(row.id()).isNotBlank();
    }
  }

  /** A wire is either spelled or left out with a reason, never silently missing. */
  @Test
  void everyWireOfTheBackendIsSpelledOrLeftOutWithAReason() {
    for (Scenario row : rows) {
      for (Wire wire : Arrays.stream(Wire.values()).filter(w -> w.backend() == row.backend()).toList()) {
        boolean spelled = row.spelling(wire) != null;
        String reason = row.notExpressible().get(wire);
        assertThat(spelled ^ (reason != null && !reason.isBlank()))
            .as("%s on %s: spelled or left out with a reason, not both", row.id(), wire).isTrue();
      }
      assertThat(row.spellings().keySet()).as(row.id()).allMatch(w -> w.backend() == row.backend()).isNotEmpty();
    }
  }

  @Test
  void allowedRowsStateWhatMustHoldOfTheRequestSent() {
    assertThat(rows.stream().filter(r -> r.verdict() == Scenario.Verdict.ALLOW && r.expectations().isEmpty())
        .map(Scenario::id)).isEmpty();
  }

  @Test
  void everyRowsPolicyIsValid() throws Exception {
    for (Scenario row : rows) {
      PolicyLoader.parse(row.policy(), row.id() + ".yaml");
    }
  }

  @Test
  void knownDriftNamesRowsAndWiresThatExist() {
    Set<String> pairs = new HashSet<>();
    for (KnownDrift.Entry entry : KnownDrift.KNOWN_DRIFT) {
      Scenario row = rows.stream().filter(r -> r.id().equals(entry.row())).findFirst().orElse(null);
      assertThat(row).as("KNOWN_DRIFT names an unknown row %s", entry.row()).isNotNull();
      assertThat(row.spelling(entry.wire())).as("%s is not spelled for %s", entry.row(), entry.wire()).isNotNull();
      assertThat(pairs.add(entry.row() + "@" + entry.wire())).as("listed twice: %s on %s", entry.row(), entry.wire())
          .isTrue();
      assertThat(entry.cause()).isNotBlank();
    }
  }

  @Test
  void rowsAreSpelledForEveryWire() {
    Set<Wire> spelled = rows.stream().flatMap(r -> r.spellings().keySet().stream()).collect(Collectors.toSet());
    assertThat(spelled).containsExactlyInAnyOrder(Wire.values());
  }
}
