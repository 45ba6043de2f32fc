package dev.vectorguard.mask;

import static dev.vectorguard.mask.MaskAction.DROP;
import static dev.vectorguard.mask.MaskAction.REDACT;
import static dev.vectorguard.mask.MaskFixtures.ENGINE;
import static dev.vectorguard.mask.MaskFixtures.mask;
import static dev.vectorguard.mask.MaskFixtures.maskRoot;
import static dev.vectorguard.mask.MaskFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskPlanErrorsTest {
  private static final String SECRET = "s3cr3t-V4LU3";
  private static final String BODY = "{\"result\":{\"points\":[{\"id\":1,\"payload\":{\"email\":\"" + SECRET
      + "\",\"tags\":[\"" + SECRET + "\",{\"k\":1.5e3}],\"ok\":true},\"vector\":[0.1,-2e-3]},"
      + "{\"id\":2,\"payload\":{\"note\":\"" + SECRET + "\",\"x\":null}}]},\"status\":\"ok\"}";

  @Test
  void everyTruncationOfABodyFailsWithoutQuotingIt() throws Exception {
    MaskPlan plan = ENGINE.plan(List.of(MaskRule.of("email", REDACT), MaskRule.of("tags", DROP)), true);
    assertThat(mask(plan, BODY, MaskFixtures.QDRANT_QUERY).json()).doesNotContain("0.1");
    for (int cut = 0; cut < BODY.length(); cut++) {
      String prefix = BODY.substring(0, cut);
      MaskingException e = catchThrowableOfType(MaskingException.class,
          () -> mask(plan, prefix, MaskFixtures.QDRANT_QUERY));
      assertThat(e).as("prefix of %d chars", cut).isNotNull();
      assertThat(e.getMessage()).as("prefix of %d chars", cut)
          .matches("empty body: expected a JSON document"
              + "|truncated JSON: the body ended inside a value at line 1, column \\d+"
              + "|malformed JSON at line 1, column \\d+")
          .doesNotContain(SECRET);
      assertThat(e.getCause()).isNull();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"email\": s3cr3t}|malformed JSON at line 1, column 11",
      "{\"email\": \"s3cr3t\" \"x\"}|malformed JSON at line 1, column 20",
      "{\"email\": 's3cr3t'}|malformed JSON at line 1, column 11",
      "{\"email\": [1,2,}|malformed JSON at line 1, column 16",
      "{\"email\": \"s3cr3t\"}}|malformed JSON at line 1, column 20",
      "{\"email\": \"s3cr3t\"} {\"b\":1}|malformed JSON: content after the end of the document at line 1, column 21",
      "<html>s3cr3t</html>|malformed JSON at line 1, column 1",
      "{\"a\": NaN}|malformed JSON at line 1, column 10",
      "{\"a\": 01}|malformed JSON at line 1, column 8",
      "{s3cr3t: 1}|malformed JSON at line 1, column 2",
      "'   '|empty body: expected a JSON document",
  })
  void malformedBodiesFailWithAClearMessageThatQuotesNothing(String body, String message) {
    MaskingException e = catchThrowableOfType(MaskingException.class,
        () -> maskRoot(plan(MaskRule.of("email", REDACT)), body.equals("'   '") ? "   " : body));
    assertThat(e).hasMessage(message);
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void aDuplicatedMaskedKeyCannotSmuggleItsValueThrough() {
    String body = "{\"result\":{\"points\":[{\"payload\":{\"email\":\"x\",\"email\":\"" + SECRET + "\"}}]}}";
    assertThatThrownBy(() -> mask(ENGINE.plan(List.of(MaskRule.of("email", REDACT)), false), body,
        MaskFixtures.QDRANT_QUERY))
        .isInstanceOf(MaskingException.class)
        .hasMessage("malformed JSON: duplicate key in an object at line 1, column 53");
  }

  @Test
  void duplicateKeysAreRejectedAnywhereEvenInDroppedValues() {
    MaskPlan plan = ENGINE.plan(List.of(MaskRule.of("gone", DROP)), true);
    for (String body : List.of(
        "{\"a\":1,\"a\":2}",
        "{\"result\":{\"points\":[{\"payload\":{\"gone\":{\"k\":1,\"k\":2}}}]}}",
        "{\"result\":{\"points\":[{\"vector\":{\"v\":[1],\"v\":[2]}}]}}",
        "{\"result\":{\"points\":[{\"id\":1,\"id\":2}]}}")) {
      assertThatThrownBy(() -> mask(plan, body, MaskFixtures.QDRANT_QUERY))
          .as(body)
          .isInstanceOf(MaskingException.class)
          .hasMessageStartingWith("malformed JSON: duplicate key in an object at line 1");
    }
  }

  @Test
  void nestingUpToTheLimitPassesAndBeyondItFails() throws Exception {
    MaskEngine engine = MaskEngine.create(MaskSettings.builder().maxDepth(10).build());
    MaskPlan plan = engine.plan(List.of(MaskRule.of("**.email", REDACT)), false);
    assertThat(maskRoot(plan, nested(10)).json()).isEqualTo(nested(10).replace("\"x\"", "\"[REDACTED]\""));
    assertThatThrownBy(() -> maskRoot(plan, nested(11)))
        .isInstanceOf(MaskingException.class)
        .hasMessage("JSON nesting exceeds the limit of 10 levels at line 1, column 16");
  }

  /** An object holding arrays holding an object with a string: {@code depth} containers deep. */
  private static String nested(int depth) {
    return "{\"a\":" + "[".repeat(depth - 2) + "{\"email\":\"x\"}" + "]".repeat(depth - 2) + "}";
  }

  @Test
  void theDepthLimitAlsoHoldsInsideDroppedAndStrippedValues() {
    MaskEngine engine = MaskEngine.create(MaskSettings.builder().maxDepth(8).build());
    String deep = "[".repeat(20) + "]".repeat(20);
    MaskPlan plan = engine.plan(List.of(MaskRule.of("gone", DROP)), true);
    assertThatThrownBy(() -> mask(plan, "{\"result\":{\"points\":[{\"payload\":{\"gone\":" + deep + "}}]}}",
        MaskFixtures.QDRANT_QUERY)).hasMessageStartingWith("JSON nesting exceeds the limit of 8 levels");
    assertThatThrownBy(() -> mask(plan, "{\"result\":{\"points\":[{\"vector\":" + deep + "}]}}",
        MaskFixtures.QDRANT_QUERY)).hasMessageStartingWith("JSON nesting exceeds the limit of 8 levels");
    assertThatThrownBy(() -> mask(plan, deep, MaskFixtures.QDRANT_QUERY))
        .hasMessageStartingWith("JSON nesting exceeds the limit of 8 levels");
  }

  @Test
  void overlongStringsThatTheMaskerReadsFail() throws Exception {
    MaskEngine engine = MaskEngine.create(MaskSettings.builder().maxStringLength(1000).build());
    MaskPlan plan = engine.plan(List.of(MaskRule.of("email", MaskAction.DETECT_PII), MaskRule.of("gone", DROP)), false);
    // a dropped string is skipped unread, so it never occupies memory and is not limited
    assertThat(maskRoot(plan, "{\"gone\":\"" + "x".repeat(5000) + "\"}").json()).isEqualTo("{}");
    assertThatThrownBy(() -> maskRoot(plan, "{\"other\":\"" + "x".repeat(1001) + "\"}"))
        .hasMessageStartingWith("a JSON string exceeds the limit of 1000 chars");
    assertThatThrownBy(() -> maskRoot(plan, "{\"email\":\"" + "x".repeat(1001) + "\"}"))
        .isInstanceOf(MaskingException.class)
        .hasMessageStartingWith("a JSON string exceeds the limit of 1000 chars");
  }

  @Test
  void overlongNumbersFail() {
    assertThatThrownBy(() -> maskRoot(plan(MaskRule.of("email", REDACT)), "{\"n\":" + "9".repeat(1001) + "}"))
        .isInstanceOf(MaskingException.class)
        .hasMessageStartingWith("the JSON body exceeds a size limit of the parser");
  }

  @Test
  void utf16AndByteOrderMarksAreReadAndUtf8IsWritten() throws Exception {
    MaskPlan plan = plan(MaskRule.of("email", REDACT));
    for (java.nio.charset.Charset charset : List.of(java.nio.charset.StandardCharsets.UTF_16BE,
        java.nio.charset.StandardCharsets.UTF_16LE)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      plan.maskJson(new ByteArrayInputStream("{\"email\":\"é@x.io\",\"n\":\"ü\"}".getBytes(charset)), out,
          MaskFixtures.ROOT);
      assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"email\":\"[REDACTED]\",\"n\":\"ü\"}");
    }
    assertThat(maskRoot(plan, "\uFEFF{\"email\":\"a\"}").json()).isEqualTo("{\"email\":\"[REDACTED]\"}");
  }

  @Test
  void readAndWriteFailuresBecomeMaskingExceptions() {
    MaskPlan plan = plan(MaskRule.of("email", REDACT));
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
    MaskingException read = catchThrowableOfType(MaskingException.class,
        () -> plan.maskJson(failing, new ByteArrayOutputStream(), MaskFixtures.ROOT));
    assertThat(read).hasMessage("could not read or write the body: IOException");
    assertThat(read.getCause()).hasMessage("connection reset");

    OutputStream full = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }
    };
    assertThatThrownBy(() -> plan.maskJson(new ByteArrayInputStream("{\"a\":1}".getBytes()), full, MaskFixtures.ROOT))
        .isInstanceOf(MaskingException.class)
        .hasMessage("could not read or write the body: IOException");
  }

  @Test
  void streamsAreLeftOpen() throws Exception {
    boolean[] closed = new boolean[2];
    InputStream in = new ByteArrayInputStream("{\"a\":1}".getBytes()) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    OutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[1] = true;
      }
    };
    plan(MaskRule.of("a", REDACT)).maskJson(in, out, MaskFixtures.ROOT);
    assertThat(closed).containsExactly(false, false);
    assertThat(out.toString()).isEqualTo("{\"a\":\"[REDACTED]\"}");
  }
}
