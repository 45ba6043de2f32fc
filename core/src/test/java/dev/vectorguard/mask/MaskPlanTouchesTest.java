package dev.vectorguard.mask;

import static dev.vectorguard.mask.MaskAction.DETECT_PII;
import static dev.vectorguard.mask.MaskAction.DROP;
import static dev.vectorguard.mask.MaskAction.HASH;
import static dev.vectorguard.mask.MaskAction.NULL;
import static dev.vectorguard.mask.MaskAction.PARTIAL;
import static dev.vectorguard.mask.MaskAction.REDACT;
import static dev.vectorguard.mask.MaskFixtures.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MaskPlan#touches}: which top-level entries a plan can reach, and the contract bindings
 * rely on, that masking only the touched entries and keeping the others gives the whole record's
 * result and counts.
 */
class MaskPlanTouchesTest {
  private static final List<String> KEYS = List.of("email", "customer", "contacts", "card", "notes", "x", "y");
  private static final List<String> SELECTORS = List.of("email", "customer.email", "customer.ssn", "**.email",
      "*", "*.kind", "contacts[].phone", "contacts.*", "card", "notes", "customer.**.secret", "y.*.z");
  private static final List<MaskAction> ACTIONS = List.of(DROP, NULL, REDACT, HASH, PARTIAL, DETECT_PII);

  @Test
  void namesTheEntriesASelectorCanReach() {
    MaskPlan plan = ENGINE.plan(List.of(MaskRule.of("customer.email", REDACT), MaskRule.of("card[]", NULL)), false);
    assertThat(plan.touches("customer")).isTrue();
    assertThat(plan.touches("card")).isTrue();
    assertThat(plan.touches("email")).isFalse();
    assertThat(plan.touches("customer.email")).isFalse();

    assertThat(ENGINE.plan(List.of(MaskRule.of("**.email", REDACT)), false).touches("anything")).isTrue();
    assertThat(ENGINE.plan(List.of(MaskRule.of("*.email", REDACT)), false).touches("anything")).isTrue();
    assertThat(ENGINE.plan(List.of(), true).touches("email")).isFalse();
  }

  @Test
  void maskingOnlyTheTouchedEntriesGivesTheWholeRecordsResultAndCounts() {
    Random random = new Random(16);
    for (int round = 0; round < 2000; round++) {
      List<MaskRule> rules = new ArrayList<>();
      for (int r = random.nextInt(4); r >= 0; r--) {
        MaskAction action = ACTIONS.get(random.nextInt(ACTIONS.size()));
        rules.add(new MaskRule(SELECTORS.get(random.nextInt(SELECTORS.size())), action,
            action == PARTIAL ? 1 + random.nextInt(4) : 0));
      }
      MaskPlan plan = ENGINE.plan(rules, false);
      Map<String, Object> record = new LinkedHashMap<>();
      for (String key : KEYS) {
        if (random.nextInt(3) > 0) {
          record.put(key, value(random, 3));
        }
      }

      MaskedRecord whole = plan.maskRecord(record);
      Map<String, Object> touched = new LinkedHashMap<>();
      record.forEach((k, v) -> {
        if (plan.touches(k)) {
          touched.put(k, v);
        }
      });
      MaskedRecord part = plan.maskRecord(touched);
      Map<String, Object> merged = new LinkedHashMap<>();
      record.forEach((k, v) -> {
        if (!plan.touches(k)) {
          merged.put(k, v);
          assertThat(whole.record().get(k)).as("%s in %s", k, rules).isSameAs(v);
        } else if (part.record().containsKey(k)) {
          merged.put(k, part.record().get(k));
        }
      });

      assertThat(new ArrayList<>(merged.entrySet())).as("%s on %s", rules, record)
          .isEqualTo(new ArrayList<>(whole.record().entrySet()));
      assertThat(part.counts()).as("%s on %s", rules, record).isEqualTo(whole.counts());
    }
  }

  private static Object value(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 5);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> (long) random.nextInt(1_000_000);
      case 3 -> random.nextDouble() * 100;
      case 4 -> random.nextBoolean() ? "ann@example.com" : "call +47 22 33 44 55 or 4111 1111 1111 1111";
      case 5, 6 -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : List.of("email", "kind", "phone", "secret", "ssn", "z")) {
          if (random.nextInt(3) == 0) {
            map.put(key, value(random, depth - 1));
          }
        }
        yield map;
      }
      default -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          list.add(value(random, depth - 1));
        }
        yield list;
      }
    };
  }
}
