package dev.vectorguard.mask;

import static dev.vectorguard.mask.MaskAction.DETECT_PII;
import static dev.vectorguard.mask.MaskAction.DROP;
import static dev.vectorguard.mask.MaskAction.HASH;
import static dev.vectorguard.mask.MaskAction.NULL;
import static dev.vectorguard.mask.MaskAction.PARTIAL;
import static dev.vectorguard.mask.MaskAction.REDACT;
import static dev.vectorguard.mask.MaskFixtures.ENGINE;
import static dev.vectorguard.mask.MaskFixtures.MAPPER;
import static dev.vectorguard.mask.MaskFixtures.maskRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskRecordTest {
  private static final List<MaskRule> RULES = List.of(
      MaskRule.of("customer.email", REDACT), MaskRule.of("customer.ssn", HASH), MaskRule.of("**.secret", DROP),
      MaskRule.of("contacts[].phone", NULL), new MaskRule("card", PARTIAL, 4), MaskRule.of("notes", DETECT_PII),
      MaskRule.of("score", HASH), MaskRule.of("meta", HASH));

  private static final String DOC = """
      {"customer":{"email":"ann@example.com","ssn":"123-45-6789","secret":"x","name":"Ann"},
       "contacts":[{"phone":"+47 22 33 44 55","kind":"home"},{"phone":null}],
       "card":4111111111111111,"notes":["call +47 22 33 44 55","ok"],"score":1.5,
       "meta":{"a":[1,true,null],"b":"c"},"deep":{"x":{"secret":1}},"flag":true,"n":null}""";

  @Test
  void maskRecordGivesTheSameResultAsStreaming() throws Exception {
    MaskPlan plan = ENGINE.plan(RULES, false);
    Map<String, Object> record = MAPPER.readValue(DOC, new TypeReference<>() {});
    MaskedRecord masked = plan.maskRecord(record);
    var streamed = maskRoot(plan, DOC);
    assertThat((Object) MAPPER.valueToTree(masked.record())).isEqualTo(streamed.tree());
    assertThat(masked.counts()).isEqualTo(streamed.counts());
    assertThat(masked.counts().fieldsByAction()).isEqualTo(Map.of(REDACT, 1L, HASH, 3L, DROP, 2L, NULL, 1L,
        PARTIAL, 1L, DETECT_PII, 1L));
    assertThat(masked.counts().entitiesByType()).isEqualTo(Map.of("PHONE", 1L));
    assertThat(masked.record().get("card")).isEqualTo("************1111");
  }

  @Test
  void theInputIsNotModified() throws Exception {
    Map<String, Object> record = MAPPER.readValue(DOC, new TypeReference<>() {});
    Map<String, Object> before = MAPPER.readValue(DOC, new TypeReference<>() {});
    ENGINE.plan(RULES, false).maskRecord(record);
    assertThat(record).isEqualTo(before);
  }

  @Test
  void acceptsTheValueTypesOfProtobufPayloads() {
    Map<String, Object> record = new HashMap<>();
    record.put("notes", new StringBuilder("mail ann@example.com"));
    record.put("i", 7);
    record.put("l", 7L);
    record.put("f", 1.5f);
    record.put("d", new BigDecimal("1.50"));
    record.put("b", false);
    record.put("list", new ArrayList<>(List.of("a", 1)));
    MaskedRecord masked = ENGINE.plan(List.of(MaskRule.of("notes", DETECT_PII), MaskRule.of("d", HASH),
        new MaskRule("f", PARTIAL, 1)), false).maskRecord(record);
    assertThat(masked.record()).containsEntry("notes", "mail <EMAIL>").containsEntry("i", 7)
        .containsEntry("f", "**5").containsEntry("b", false).containsEntry("list", List.of("a", 1));
    assertThat((String) masked.record().get("d")).startsWith("hmac:");
  }

  @Test
  void unsupportedValuesAreRejectedWithoutQuotingThem() {
    MaskPlan plan = ENGINE.plan(List.of(MaskRule.of("notes", DETECT_PII)), false);
    assertThatThrownBy(() -> plan.maskRecord(Map.of("notes", Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record field 'notes' holds a value of unsupported type java.time.Instant;"
            + " expected String, Number, Boolean, null, List or Map");
    assertThatThrownBy(() -> plan.maskRecord(Map.of("notes", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record field 'notes' holds a non-finite number, which JSON cannot carry");
    Map<Object, Object> intKeys = Map.of(1, "x");
    assertThatThrownBy(() -> plan.maskRecord(Map.of("notes", intKeys)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record keys must be strings, but found java.lang.Integer");
  }

  @Test
  void unselectedSubtreesAreSharedNotWalked() {
    Map<String, Object> other = Map.of("when", Instant.EPOCH);
    MaskedRecord masked = ENGINE.plan(List.of(MaskRule.of("email", REDACT)), false)
        .maskRecord(Map.of("email", "a@x.io", "other", other));
    assertThat(masked.record().get("other")).isSameAs(other);
  }

  @Test
  void depthIsLimited() {
    MaskEngine engine = MaskEngine.create(MaskSettings.builder().maxDepth(5).build());
    Map<String, Object> record = new LinkedHashMap<>();
    Map<String, Object> cursor = record;
    for (int i = 0; i < 10; i++) {
      Map<String, Object> child = new LinkedHashMap<>();
      cursor.put("a", child);
      cursor = child;
    }
    assertThatThrownBy(() -> engine.plan(List.of(MaskRule.of("**.email", REDACT)), false).maskRecord(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record nesting exceeds the limit of 5 levels");
  }
}
