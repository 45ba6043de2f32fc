package dev.vectorguard.mask;

import static dev.vectorguard.mask.MaskAction.DETECT_PII;
import static dev.vectorguard.mask.MaskAction.DROP;
import static dev.vectorguard.mask.MaskAction.NULL;
import static dev.vectorguard.mask.MaskAction.REDACT;
import static dev.vectorguard.mask.MaskFixtures.maskRoot;
import static dev.vectorguard.mask.MaskFixtures.plan;
import static dev.vectorguard.mask.MaskFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskPlanSelectorsTest {
  private static final String DOC = """
      {"email":"a@x.io",
       "customer":{"email":"b@x.io","name":"B","address":{"email":"c@x.io","zip":"0150"}},
       "contacts":[{"email":"d@x.io","tel":"1"},{"email":"e@x.io"},[{"email":"f@x.io"}],"email"],
       "other":{"customer":{"email":"g@x.io"}}}""";

  @Test
  void dotPathSelectsOneNestedField() throws Exception {
    var r = maskRoot(plan(MaskRule.of("customer.email", REDACT)), DOC);
    assertThat(r.tree().at("/customer/email").asText()).isEqualTo("[REDACTED]");
    assertThat(r.tree().at("/email").asText()).isEqualTo("a@x.io");
    assertThat(r.tree().at("/customer/address/email").asText()).isEqualTo("c@x.io");
    assertThat(r.tree().at("/other/customer/email").asText()).isEqualTo("g@x.io");
    assertThat(r.counts().fieldsMasked()).isEqualTo(1);
  }

  @Test
  void starMatchesExactlyOneLevel() throws Exception {
    var r = maskRoot(plan(MaskRule.of("*.email", NULL)), DOC);
    assertThat(r.tree().at("/customer/email").isNull()).isTrue();
    assertThat(r.tree().at("/contacts/0/email").isNull()).isTrue();
    assertThat(r.tree().at("/contacts/2/0/email").isNull()).isTrue();
    assertThat(r.tree().at("/email").asText()).isEqualTo("a@x.io");
    assertThat(r.tree().at("/customer/address/email").asText()).isEqualTo("c@x.io");
    assertThat(r.tree().at("/other/customer/email").asText()).isEqualTo("g@x.io");
  }

  @Test
  void doubleStarMatchesAnyDepthIncludingNone() throws Exception {
    var r = maskRoot(plan(MaskRule.of("**.email", DROP)), DOC);
    assertThat(r.tree()).isEqualTo(tree("""
        {"customer":{"name":"B","address":{"zip":"0150"}},"contacts":[{"tel":"1"},{},[{}],"email"],
         "other":{"customer":{}}}"""));
    assertThat(r.counts().fieldsByAction().get(DROP)).isEqualTo(7);
  }

  @Test
  void doubleStarInTheMiddle() throws Exception {
    var r = maskRoot(plan(MaskRule.of("customer.**.email", REDACT)), DOC);
    assertThat(r.tree().at("/customer/email").asText()).isEqualTo("[REDACTED]");
    assertThat(r.tree().at("/customer/address/email").asText()).isEqualTo("[REDACTED]");
    assertThat(r.tree().at("/other/customer/email").asText()).isEqualTo("g@x.io");
    assertThat(r.tree().at("/email").asText()).isEqualTo("a@x.io");
  }

  @Test
  void trailingDoubleStarSelectsTheFieldItself() throws Exception {
    var r = maskRoot(plan(MaskRule.of("customer.**", REDACT)), DOC);
    assertThat(r.tree().get("customer").asText()).isEqualTo("[REDACTED]");
  }

  @ParameterizedTest
  @CsvSource({"contacts[].email", "contacts.email"})
  void arrayElementsAreTraversedWithOrWithoutBrackets(String selector) throws Exception {
    var r = maskRoot(plan(MaskRule.of(selector, REDACT)), DOC);
    assertThat(r.tree().get("contacts")).isEqualTo(tree("""
        [{"email":"[REDACTED]","tel":"1"},{"email":"[REDACTED]"},[{"email":"[REDACTED]"}],"email"]"""));
    assertThat(r.counts().fieldsMasked()).isEqualTo(3);
  }

  @Test
  void selectorEndingOnAnArrayAppliesToTheWholeArray() throws Exception {
    var r = maskRoot(plan(MaskRule.of("contacts[]", REDACT)), DOC);
    assertThat(r.tree().get("contacts").asText()).isEqualTo("[REDACTED]");
    var p = maskRoot(plan(MaskRule.of("tags", DETECT_PII)), "{\"tags\":[\"a@x.io\",[\"b@y.io\"],1]}");
    assertThat(p.json()).isEqualTo("{\"tags\":[\"<EMAIL>\",[\"<EMAIL>\"],1]}");
  }

  @Test
  void escapedKeysAreMatchedByTheirDecodedName() throws Exception {
    var r = maskRoot(plan(MaskRule.of("customer.email", REDACT)),
        "{\"cust\\u006fmer\":{\"em\\u0061il\":\"b@x.io\"}}");
    assertThat(r.json()).isEqualTo("{\"customer\":{\"email\":\"[REDACTED]\"}}");
  }

  @Test
  void keysAreMatchedExactlyAndCaseSensitively() throws Exception {
    var r = maskRoot(plan(MaskRule.of("Email", REDACT), MaskRule.of("emai", REDACT)), DOC);
    assertThat(r.counts().fieldsMasked()).isZero();
    assertThat(r.tree()).isEqualTo(tree(DOC));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a..b|mask field 'a..b' has an empty segment",
      ".a|mask field '.a' has an empty segment",
      "a.|mask field 'a.' has an empty segment",
      "a.[]|mask field 'a.[]' has [] without a field name before it",
      "a[0]|mask field 'a[0]' has an array index; only [] (every element) is supported",
      "a[*]|mask field 'a[*]' has an array index; only [] (every element) is supported",
      "em*|mask field 'em*' has a partial wildcard in 'em*'; use * for one level or ** for any depth",
      "**|mask field '**' selects no field; use **.name or *",
      "a.**[]|mask field 'a.**[]' has [] after **",
  })
  void malformedSelectorsAreRejectedWhenPlanning(String selector, String message) {
    assertThatThrownBy(() -> plan(MaskRule.of(selector, REDACT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void hashWithoutAKeyIsRejectedWhenPlanning() {
    MaskEngine engine = MaskEngine.create(MaskSettings.defaults());
    assertThatThrownBy(() -> engine.plan(List.of(MaskRule.of("ssn", MaskAction.HASH)), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mask field 'ssn' uses hash, but no hash key is configured (MaskSettings.builder().hashKey(...))");
  }

  @Test
  void selectorsNeedingTooManyMatcherStatesAreRejected() {
    String explosive = "**.a" + ".*".repeat(10);
    assertThatThrownBy(() -> plan(MaskRule.of(explosive, REDACT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mask rules are too complex: their selectors need more than 1024 matcher states");
    assertThat(plan(MaskRule.of("**.a" + ".*".repeat(6), REDACT)).isNoop()).isFalse();
  }

  @Test
  void manyDoubleStarSelectorsStillCompile() throws Exception {
    List<MaskRule> rules = List.of(MaskRule.of("**.a.**.b", REDACT), MaskRule.of("**.b.**.a", DROP),
        MaskRule.of("*.*.c", NULL), MaskRule.of("**.c.*.d", REDACT));
    var r = maskRoot(MaskFixtures.ENGINE.plan(rules, false), "{\"x\":{\"a\":{\"y\":{\"b\":1}},\"b\":{\"a\":2}}}");
    assertThat(r.json()).isEqualTo("{\"x\":{\"a\":{\"y\":{\"b\":\"[REDACTED]\"}},\"b\":{}}}");
  }
}
