package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskSettingsTest {
  @Test
  void defaults() {
    MaskSettings s = MaskSettings.defaults();
    assertThat(s.hasHashKey()).isFalse();
    assertThat(s.hashKey()).isNull();
    assertThat(s.marker()).isEqualTo("[REDACTED]");
    assertThat(s.detectors()).isEqualTo(PiiDetectors.defaults());
    assertThat(s.detectors()).extracting(PiiDetector::type)
        .containsExactly("SECRET", "EMAIL", "IBAN", "CARD", "SSN", "IP", "PHONE");
    assertThat(s.maxDepth()).isEqualTo(64);
    assertThat(s.onUnparseable()).isEqualTo(MaskSettings.OnUnparseable.FAIL);
  }

  @Test
  void settersValidateAtOnceWithTheBadValue() {
    MaskSettings.Builder b = MaskSettings.builder();
    assertThatThrownBy(() -> b.hashKey(new byte[15])).hasMessage("hashKey must be at least 16 bytes, but was 15");
    assertThatThrownBy(() -> b.marker("")).hasMessage("marker must not be empty");
    assertThatThrownBy(() -> b.maxDepth(1)).hasMessage("maxDepth must be between 2 and 1000, but was 1");
    assertThatThrownBy(() -> b.maxDepth(1001)).hasMessage("maxDepth must be between 2 and 1000, but was 1001");
    assertThatThrownBy(() -> b.maxStringLength(0)).hasMessage("maxStringLength must be positive, but was 0");
    assertThatThrownBy(() -> b.planCacheSize(-1)).hasMessage("planCacheSize must not be negative, but was -1");
    assertThatThrownBy(() -> b.detectors(java.util.Arrays.asList(PiiDetectors.email(), null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void theKeyIsCopiedInAndOutAndNeverPrinted() {
    byte[] key = "a-very-secret-hmac-key!".getBytes();
    MaskSettings s = MaskSettings.builder().hashKey(key).onUnparseable(MaskSettings.OnUnparseable.BLOCK).build();
    key[0] = 'X';
    assertThat(s.hashKey()[0]).isEqualTo((byte) 'a');
    s.hashKey()[1] = 'Y';
    assertThat(s.hashKey()[1]).isEqualTo((byte) '-');
    assertThat(s.toString()).doesNotContain("secret").contains("hashKey=23 bytes").contains("BLOCK");
    assertThat(MaskEngine.create(s).toString()).doesNotContain("secret");
  }

  @Test
  void aZeroSizedPlanCacheStillPlans() throws Exception {
    MaskEngine engine = MaskEngine.create(MaskSettings.builder().planCacheSize(0).build());
    MaskPlan plan = engine.plan(List.of(MaskRule.of("a", MaskAction.NULL)), false);
    assertThat(MaskFixtures.maskRoot(plan, "{\"a\":1}").json()).isEqualTo("{\"a\":null}");
  }
}
