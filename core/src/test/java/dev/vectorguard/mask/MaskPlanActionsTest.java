package dev.vectorguard.mask;

import static dev.vectorguard.mask.MaskAction.DETECT_PII;
import static dev.vectorguard.mask.MaskAction.DROP;
import static dev.vectorguard.mask.MaskAction.HASH;
import static dev.vectorguard.mask.MaskAction.NULL;
import static dev.vectorguard.mask.MaskAction.PARTIAL;
import static dev.vectorguard.mask.MaskAction.REDACT;
import static dev.vectorguard.mask.MaskFixtures.maskRoot;
import static dev.vectorguard.mask.MaskFixtures.plan;
import static dev.vectorguard.mask.MaskFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaskPlanActionsTest {
  private static final String DOC = """
      {"email":"ann@example.com","age":42,"vip":true,"tags":["a","b"],"addr":{"city":"Oslo"},"gone":null,"keep":"ok"}""";

  @Test
  void redactReplacesEveryTypeWithTheMarkerAndKeepsNull() throws Exception {
    var r = maskRoot(plan(MaskRule.of("*", REDACT)), DOC);
    assertThat(r.tree()).isEqualTo(tree("""
        {"email":"[REDACTED]","age":"[REDACTED]","vip":"[REDACTED]","tags":"[REDACTED]",
         "addr":"[REDACTED]","gone":null,"keep":"[REDACTED]"}"""));
    assertThat(r.counts().fieldsByAction()).isEqualTo(Map.of(REDACT, 6L));
    assertThat(r.counts().records()).isEqualTo(1);
  }

  @Test
  void redactUsesTheConfiguredMarker() throws Exception {
    MaskEngine engine = MaskEngine.create(MaskSettings.builder().marker("***").build());
    var r = maskRoot(engine.plan(List.of(MaskRule.of("email", REDACT)), false), DOC);
    assertThat(r.tree().get("email").asText()).isEqualTo("***");
  }

  @Test
  void dropRemovesTheFieldWhateverItHolds() throws Exception {
    var r = maskRoot(plan(MaskRule.of("email", DROP), MaskRule.of("addr", DROP), MaskRule.of("gone", DROP)), DOC);
    assertThat(r.tree()).isEqualTo(tree("""
        {"age":42,"vip":true,"tags":["a","b"],"keep":"ok"}"""));
    assertThat(r.counts().fieldsByAction()).isEqualTo(Map.of(DROP, 3L));
  }

  @Test
  void nullSetsNullAndCountsOnlyValuesThatWereThere() throws Exception {
    var r = maskRoot(plan(MaskRule.of("email", NULL), MaskRule.of("tags", NULL), MaskRule.of("gone", NULL)), DOC);
    assertThat(r.tree()).isEqualTo(tree("""
        {"email":null,"age":42,"vip":true,"tags":null,"addr":{"city":"Oslo"},"gone":null,"keep":"ok"}"""));
    assertThat(r.counts().fieldsByAction()).isEqualTo(Map.of(NULL, 2L));
  }

  @Test
  void hashIsTheKeyedHmacOfTheTextWithAPrefix() throws Exception {
    var r = maskRoot(plan(MaskRule.of("email", HASH), MaskRule.of("age", HASH)), DOC);
    assertThat(r.tree().get("email").asText()).isEqualTo(expectedHash("ann@example.com"));
    assertThat(r.tree().get("age").asText()).isEqualTo(expectedHash("42"));
    assertThat(r.tree().get("email").asText()).matches("hmac:[A-Za-z0-9_-]{22}");
    assertThat(r.counts().fieldsByAction()).isEqualTo(Map.of(HASH, 2L));
  }

  @Test
  void hashIsStableAcrossCallsAndPlansAndDependsOnTheKey() throws Exception {
    String a = maskRoot(plan(MaskRule.of("email", HASH)), DOC).tree().get("email").asText();
    String b = maskRoot(plan(MaskRule.of("email", HASH), MaskRule.of("x", DROP)), DOC).tree().get("email").asText();
    MaskEngine other = MaskEngine.create(MaskSettings.builder().hashKey(new byte[32]).build());
    String c = maskRoot(other.plan(List.of(MaskRule.of("email", HASH)), false), DOC).tree().get("email").asText();
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void hashOfAContainerIsTheHmacOfItsCompactJson() throws Exception {
    var r = maskRoot(plan(MaskRule.of("addr", HASH), MaskRule.of("tags", HASH)),
        "{\"addr\" : { \"city\" : \"Oslo\", \"n\": 1.50 }, \"tags\": [ \"a\", true, null ]}");
    assertThat(r.tree().get("addr").asText()).isEqualTo(expectedHash("{\"city\":\"Oslo\",\"n\":1.50}"));
    assertThat(r.tree().get("tags").asText()).isEqualTo(expectedHash("[\"a\",true,null]"));
  }

  @Test
  void partialKeepsTheLastCharactersOfStringsAndNumbers() throws Exception {
    var r = maskRoot(plan(new MaskRule("card", PARTIAL, 4), new MaskRule("n", PARTIAL, 2),
        new MaskRule("short", PARTIAL, 4), new MaskRule("flag", PARTIAL, 1)),
        "{\"card\":\"4111111111111111\",\"n\":123456,\"short\":\"abc\",\"flag\":false}");
    assertThat(r.tree()).isEqualTo(tree("""
        {"card":"************1111","n":"****56","short":"***","flag":"[REDACTED]"}"""));
    assertThat(r.counts().fieldsByAction()).isEqualTo(Map.of(PARTIAL, 4L));
  }

  @Test
  void partialCountsCodePointsNotChars() throws Exception {
    var r = maskRoot(plan(new MaskRule("name", PARTIAL, 2)), "{\"name\":\"Zoë😀😀\"}");
    assertThat(r.tree().get("name").asText()).isEqualTo("***😀😀");
  }

  @Test
  void detectPiiReplacesEntitiesAndLeavesTheRest() throws Exception {
    var r = maskRoot(plan(MaskRule.of("notes", DETECT_PII)), """
        {"notes":"Mail ann@example.com or call +44 20 7946 0958; card 4111 1111 1111 1111.","other":"ann@example.com"}""");
    assertThat(r.tree().get("notes").asText()).isEqualTo("Mail <EMAIL> or call <PHONE>; card <CARD>.");
    assertThat(r.tree().get("other").asText()).isEqualTo("ann@example.com");
    assertThat(r.counts().entitiesByType()).isEqualTo(Map.of("EMAIL", 1L, "PHONE", 1L, "CARD", 1L));
    assertThat(r.counts().fieldsByAction()).isEqualTo(Map.of(DETECT_PII, 1L));
  }

  @Test
  void detectPiiOnAContainerScansEveryStringInsideAndNothingElse() throws Exception {
    var r = maskRoot(plan(MaskRule.of("contact", DETECT_PII)), """
        {"contact":{"mail":"x ann@example.com","list":["ip 10.1.2.3","clean"],"n":4111111111111111,"b":true}}""");
    assertThat(r.tree()).isEqualTo(tree("""
        {"contact":{"mail":"x <EMAIL>","list":["ip <IP>","clean"],"n":4111111111111111,"b":true}}"""));
    assertThat(r.counts().fieldsByAction()).isEqualTo(Map.of(DETECT_PII, 2L));
  }

  @Test
  void strongerRuleWinsOnTheSameFieldWhateverTheOrder() throws Exception {
    String doc = "{\"email\":\"ann@example.com\"}";
    assertThat(maskRoot(plan(MaskRule.of("email", DETECT_PII), MaskRule.of("email", DROP)), doc).json()).isEqualTo("{}");
    assertThat(maskRoot(plan(MaskRule.of("email", DROP), MaskRule.of("*", REDACT)), doc).json()).isEqualTo("{}");
    assertThat(maskRoot(plan(new MaskRule("email", PARTIAL, 6), new MaskRule("*", PARTIAL, 3)), doc).json())
        .isEqualTo("{\"email\":\"************com\"}");
  }

  @Test
  void strongerRuleInsideAnInheritedDetectPiiStillApplies() throws Exception {
    var r = maskRoot(plan(MaskRule.of("customer", DETECT_PII), MaskRule.of("customer.ssn", HASH),
        MaskRule.of("customer.secret", DROP)), """
        {"customer":{"note":"ssn 123-45-6789","ssn":"123-45-6789","secret":"x","name":"Ann"}}""");
    assertThat(r.tree()).isEqualTo(tree("{\"customer\":{\"note\":\"ssn <SSN>\",\"ssn\":\"" + expectedHash("123-45-6789")
        + "\",\"name\":\"Ann\"}}"));
  }

  @Test
  void keysAndUnselectedValuesAreCopiedExactly() throws Exception {
    String doc = "{\"a\":1.10,\"b\":-0.0,\"c\":1e400,\"d\":12345678901234567890123,\"e\":\"\\u0000 \\\" é \\ud83d\\ude00\","
        + "\"f\":[],\"g\":{},\"h\":[[[]]],\"email\":\"x\"}";
    var r = maskRoot(plan(MaskRule.of("email", DROP)), doc);
    assertThat(r.json()).isEqualTo("{\"a\":1.10,\"b\":-0.0,\"c\":1e400,\"d\":12345678901234567890123,"
        + "\"e\":\"\\u0000 \\\" é 😀\",\"f\":[],\"g\":{},\"h\":[[[]]]}");
  }

  @Test
  void unicodeKeysAndValuesAreMatchedAndMasked() throws Exception {
    var r = maskRoot(plan(MaskRule.of("客户.电子邮件", REDACT), MaskRule.of("notes", DETECT_PII)), """
        {"客户":{"电子邮件":"李@example.com","名字":"李雷"},"notes":"Écrivez à zoë@example.fr ✉ merci"}""");
    assertThat(r.tree()).isEqualTo(tree("""
        {"客户":{"电子邮件":"[REDACTED]","名字":"李雷"},"notes":"Écrivez à <EMAIL> ✉ merci"}"""));
  }

  @Test
  void veryLongStringsAreMaskedWhole() throws Exception {
    String filler = "lorem ipsum ".repeat(200_000);
    String doc = "{\"notes\":\"" + filler + "ann@example.com " + filler + "\",\"big\":\"" + filler + "\"}";
    var r = maskRoot(plan(MaskRule.of("notes", DETECT_PII), new MaskRule("big", PARTIAL, 3)), doc);
    assertThat(r.tree().get("notes").asText()).isEqualTo(filler + "<EMAIL> " + filler);
    assertThat(r.tree().get("big").asText()).hasSize(filler.length()).endsWith("um ").startsWith("****");
  }

  static String expectedHash(String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(MaskFixtures.KEY, "HmacSHA256"));
    byte[] full = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    return "hmac:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
  }
}
