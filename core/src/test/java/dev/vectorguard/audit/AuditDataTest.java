package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Data built once is the same event, byte for byte, as data copied by {@link AuditEvent#of}. */
class AuditDataTest {
  private static final Instant AT = Instant.parse("2026-12-04T22:00:00Z");

  @Test
  void builtOnceEqualsCopiedAndHasTheSameCanonicalJson() {
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("user", "alice");
    actor.put("tenant", "acme");
    List<Object> collections = new ArrayList<>(List.of("docs", "kb"));
    AuditData data = new AuditData()
        .put("decision.effect", "allow")
        .put("call.collections", collections)
        .put("actor", actor)
        .put("facts.limit", 10)
        .put("decision.enforced", true)
        .put("facts.absent", null)
        .put("outcome.latency_us", 1234L);
    AuditEvent built = AuditEvent.of("evt_1", AuditEvent.CALL_STARTED, "call_1", AT, data);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("facts", Map.of("limit", 10));
    tree.put("decision", Map.of("effect", "allow", "enforced", true));
    tree.put("call", Map.of("collections", List.of("docs", "kb")));
    tree.put("actor", Map.of("user", "alice", "tenant", "acme"));
    tree.put("outcome", Map.of("latency_us", 1234L));
    AuditEvent copied = AuditEvent.of("evt_1", AuditEvent.CALL_STARTED, "call_1", AT, tree);
    assertThat(built.data()).isEqualTo(copied.data());
    assertThat(AuditJson.toJson(built)).isEqualTo(AuditJson.toJson(copied))
        .contains("\"actor\":{\"tenant\":\"acme\",\"user\":\"alice\"}");
    collections.add("changed later");
    actor.put("user", "mallory");
    assertThat(built.get("call.collections")).isEqualTo(List.of("docs", "kb"));
    assertThat(built.get("actor.user")).isEqualTo("alice");
    assertThatThrownBy(() -> ((Map<String, Object>) built.data().get("decision")).put("effect", "deny"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesWhatIsNotJsonAndPutsAfterTheEvent() {
    assertThatThrownBy(() -> new AuditData().put("call.when", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit data must be JSON values, but data.call.when was a java.time.Instant");
    assertThatThrownBy(() -> new AuditData().put("a", Map.of("b", List.of(Map.of(1, "x")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit data keys must be strings, at data.a.b[]");
    assertThatThrownBy(() -> new AuditData().put("a", "x").put("a.b", "y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit data at a is not an object, so a.b cannot be put");
    AuditData data = new AuditData().put("a", "x");
    AuditEvent.of("evt_2", AuditEvent.CALL_COMPLETED, null, AT, data);
    assertThatThrownBy(() -> data.put("b", "y")).isInstanceOf(IllegalStateException.class)
        .hasMessage("an audit event was already made from this data");
  }

  @Test
  void copiedDataStillNamesThePathOfAValueItRefuses() {
    assertThatThrownBy(() -> AuditEvent.of("e", "t", null, AT, Map.of("x", Map.of("y", List.of(new Object())))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit data must be JSON values, but data.x.y[] was a java.lang.Object");
    List<Object> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> AuditEvent.of("e", "t", null, AT, Map.of("x", withNull)))
        .isInstanceOf(NullPointerException.class).hasMessage("data.x");
  }
}
