package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A response whose containers on the way to the records have another type than the layout goes
 * through would hold no record the layout finds and be copied whole, unmasked: it is refused, on
 * the streaming and the in-memory path alike.
 */
class LayoutShapeTest {
  private static final MaskPlan PLAN = MaskEngine.create(MaskSettings.builder().build())
      .plan(List.of(MaskRule.of("email", MaskAction.REDACT)), true);
  private static final JsonLayout LAYOUT = JsonLayout.of(List.of("result.points[*].payload", "data[*]"),
      List.of("result.points[*].vector"));

  private static String mask(String body, boolean inMemory) throws MaskingException {
    byte[] in = body.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (inMemory) {
      PLAN.maskJson(in, out, LAYOUT);
    } else {
      PLAN.maskJson(new ByteArrayInputStream(in), out, LAYOUT);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theExpectedShapeIsMasked(boolean inMemory) throws MaskingException {
    assertThat(mask("{\"result\":{\"points\":[{\"payload\":{\"email\":\"a@b\"},\"vector\":[1,2]}]},\"data\":null}",
        inMemory)).isEqualTo("{\"result\":{\"points\":[{\"payload\":{\"email\":\"[REDACTED]\"}}]},\"data\":null}");
    assertThat(mask("{\"result\":{\"points\":null,\"time\":0.1}}", inMemory))
        .isEqualTo("{\"result\":{\"points\":null,\"time\":0.1}}");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anEmptyContainerOfTheOtherKindHoldsNothingAndIsCopied(boolean inMemory) throws MaskingException {
    assertThat(mask("{\"result\":[],\"data\":{}}", inMemory)).isEqualTo("{\"result\":[],\"data\":{}}");
    assertThat(mask("[]", inMemory)).isEqualTo("[]");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anArrayWhereTheLayoutGoesOnThroughKeysIsRefused(boolean inMemory) {
    assertThatThrownBy(() -> mask("{\"result\":[{\"points\":[{\"payload\":{\"email\":\"a@b\"}}]}]}", inMemory))
        .isInstanceOf(MaskingException.class)
        .hasMessageStartingWith("expected an object or null on the way to the records of 'result.points[*].payload'"
            + " but found an array");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anObjectWhereTheLayoutGoesOnThroughElementsIsRefused(boolean inMemory) {
    assertThatThrownBy(() -> mask("{\"result\":{\"points\":{\"p\":{\"payload\":{\"email\":\"a@b\"}}}}}", inMemory))
        .isInstanceOf(MaskingException.class)
        .hasMessageContaining("expected an array or null on the way to the records")
        .hasMessageNotContaining("a@b");
    assertThatThrownBy(() -> mask("{\"data\":{\"email\":\"a@b\"}}", inMemory))
        .isInstanceOf(MaskingException.class)
        .hasMessageStartingWith("expected an array or null on the way to the records of 'data[*]'");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aScalarWhereTheLayoutGoesOnIsRefused(boolean inMemory) {
    assertThatThrownBy(() -> mask("{\"data\":\"a@b\"}", inMemory))
        .isInstanceOf(MaskingException.class)
        .hasMessageContaining("on the way to the records")
        .hasMessageNotContaining("a@b");
    assertThatThrownBy(() -> mask("[{\"email\":\"a@b\"}]", inMemory))
        .isInstanceOf(MaskingException.class)
        .hasMessageContaining("expected an object or null");
  }
}
