package dev.vectorguard.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.mask.MaskingException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chroma responses whose documents or metadatas have another shape than the request's (a get's
 * flat lists, a query's nested ones) would carry data nothing masks: they are refused, and the
 * message never quotes the data.
 */
class ChromaResponseShapeTest {
  private static final MaskPlan PLAN = MaskEngine.create(MaskSettings.builder().build()).plan(
      List.of(MaskRule.of("document", MaskAction.REDACT), MaskRule.of("email", MaskAction.REDACT)), false);

  private static String mask(boolean flat, String body) throws MaskingException {
    byte[] in = body.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChromaBodies.mask(flat, PLAN, null, (target, layout) -> PLAN.maskJson(in, target, layout), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void bothShapesAreMaskedWhenTheyMatchTheRequest() throws MaskingException {
    assertThat(mask(true, "{\"ids\":[\"1\"],\"documents\":[\"doc\"],\"metadatas\":[{\"email\":\"ann@secret.io\"}]}"))
        .isEqualTo("{\"ids\":[\"1\"],\"documents\":[\"[REDACTED]\"],\"metadatas\":[{\"email\":\"[REDACTED]\"}]}");
    assertThat(mask(false, "{\"ids\":[[\"1\"]],\"documents\":[[\"doc\"]],\"metadatas\":[[{\"email\":\"ann@secret.io\"}]]}"))
        .isEqualTo("{\"ids\":[[\"1\"]],\"documents\":[[\"[REDACTED]\"]],\"metadatas\":[[{\"email\":\"[REDACTED]\"}]]}");
    assertThat(mask(true, "{\"ids\":[],\"documents\":null,\"metadatas\":null}"))
        .isEqualTo("{\"ids\":[],\"documents\":null,\"metadatas\":null}");
  }

  @Test
  void flatMetadatasAnsweringAQueryAreRefused() {
    assertThatThrownBy(() -> mask(false, "{\"ids\":[[\"1\"]],\"metadatas\":[{\"email\":\"ann@secret.io\"}]}"))
        .isInstanceOf(MaskingException.class)
        .hasMessageContaining("expected an array or null on the way to the records of 'metadatas[*][*]'")
        .hasMessageNotContaining("ann@secret.io");
  }

  @Test
  void documentsThatAreNoListAreRefused() {
    for (String documents : List.of("\"secret doc\"", "{\"0\":\"secret doc\"}", "42")) {
      assertThatThrownBy(() -> mask(true, "{\"ids\":[\"1\"],\"documents\":" + documents + "}"))
          .as(documents)
          .isInstanceOf(MaskingException.class)
          .hasMessage("the documents of the response are not a list");
    }
  }
}
