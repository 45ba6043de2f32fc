package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditJsonTest {

  @Test
  void writesFixedTopLevelOrderAndSortedDataKeys() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("zeta", 1);
    data.put("alpha", Map.of("y", true, "b", List.of("x", "é")));
    AuditEvent event = AuditEvent.of("evt_1", "call.started", "call_1", Instant.parse("2026-11-29T06:00:00.123Z"), data);

    assertThat(AuditJson.toJson(event)).isEqualTo("{\"schema_version\":1,\"id\":\"evt_1\",\"type\":\"call.started\","
        + "\"call_id\":\"call_1\",\"ts\":\"2026-11-29T06:00:00.123Z\",\"data\":{\"alpha\":{\"b\":[\"x\",\"é\"],"
        + "\"y\":true},\"zeta\":1}}");
  }

  @Test
  void sameEventSameBytesWhateverTheInsertionOrder() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("a", 1);
    one.put("b", 2);
    Map<String, Object> two = new LinkedHashMap<>();
    two.put("b", 2);
    two.put("a", 1);
    Instant at = Instant.EPOCH;
    assertThat(AuditJson.toJson(AuditEvent.of("e", "t", null, at, one)))
        .isEqualTo(AuditJson.toJson(AuditEvent.of("e", "t", null, at, two)))
        .contains("\"call_id\":null");
  }

  @Test
  void parsesBackWhatItWrites() {
    AuditEvent event = Events.started(7, Instant.parse("2026-11-29T06:00:00Z"));
    AuditEvent back = AuditJson.parse(AuditJson.toJson(event));
    assertThat(back.id()).isEqualTo("evt_7");
    assertThat(back.callId()).isEqualTo("call_7");
    assertThat(back.timestamp()).isEqualTo(event.timestamp());
    assertThat(back.get("decision.effect")).isEqualTo("allow");
    assertThat(AuditJson.toJson(back)).isEqualTo(AuditJson.toJson(event));
  }

  @Test
  void rejectsWhatIsNotAnEvent() {
    assertThatThrownBy(() -> AuditJson.parse("{\"schema_version\":2}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("schema_version must be 1, but was 2");
    assertThatThrownBy(() -> AuditJson.parse("{\"schema_version\":1,\"id\":\"a\",\"type\":\"t\",\"call_id\":null,"
        + "\"ts\":\"yesterday\",\"data\":{}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ts is not an ISO-8601 instant: \"yesterday\"");
    assertThatThrownBy(() -> AuditJson.parse("{\"schema_version\":1,\"schema_version\":1}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON: Duplicate field");
    assertThatThrownBy(() -> AuditJson.parse("[1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON");
  }
}
