package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;

/** Bodies of several megabytes, generated and consumed on the fly so that nothing holds them whole. */
class MaskPlanStreamingTest {
  private static final int POINTS = 12_000;

  @Test
  void aMultiMegabyteBodyIsMaskedAsAStreamWithOutputFlowingBeforeInputEnds() throws Exception {
    MaskPlan plan = MaskFixtures.ENGINE.plan(List.of(MaskRule.of("email", MaskAction.REDACT),
        MaskRule.of("customer.ssn", MaskAction.HASH), new MaskRule("card", MaskAction.PARTIAL, 4)), true);
    CheckingOutput out = new CheckingOutput();
    long[] outputWhenInputHalfRead = {-1};
    InputStream body = new GeneratedBody(POINTS, i -> {
      if (i == POINTS / 2) {
        outputWhenInputHalfRead[0] = out.bytes;
      }
    });
    MaskCounts counts = plan.maskJson(body, out, MaskFixtures.QDRANT_QUERY);
    out.finish();

    GeneratedBody reference = new GeneratedBody(POINTS, i -> { });
    long inputBytes = reference.transferTo(OutputStream.nullOutputStream());
    assertThat(inputBytes).isGreaterThan(5_000_000);
    // the first half of the masked output was written before the second half of the input was read
    assertThat(outputWhenInputHalfRead[0]).isGreaterThan(out.bytes / 3);
    assertThat(counts.records()).isEqualTo(POINTS);
    assertThat(counts.vectorsStripped()).isEqualTo(POINTS);
    assertThat(counts.fieldsByAction()).containsEntry(MaskAction.REDACT, (long) POINTS)
        .containsEntry(MaskAction.HASH, (long) POINTS).containsEntry(MaskAction.PARTIAL, (long) POINTS);
    assertThat(out.complete).isTrue();
    assertThat(out.markers).isEqualTo(POINTS);
    assertThat(out.leaks).isZero();
  }

  /**
   * Output sink that keeps nothing whole: it counts bytes, feeds them to a non-blocking parser to
   * prove the output is one valid JSON document, and counts redaction markers and leaked e-mails.
   */
  private static final class CheckingOutput extends OutputStream {
    long bytes;
    long markers;
    long leaks;
    boolean complete;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;

    CheckingOutput() throws IOException {
      parser = MaskFixtures.MAPPER.getFactory().createNonBlockingByteArrayParser();
      feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      bytes += len;
      feeder.feedInput(b, off, off + len);
      drain();
    }

    void finish() throws IOException {
      feeder.endOfInput();
      drain();
    }

    private void drain() throws IOException {
      JsonToken t;
      while ((t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
        if (t == JsonToken.VALUE_STRING) {
          markers += parser.getText().equals("[REDACTED]") ? 1 : 0;
          leaks += parser.getText().contains("@example.com") ? 1 : 0;
        }
        if (t == JsonToken.END_OBJECT && parser.getParsingContext().inRoot()) {
          complete = true;
        }
      }
    }
  }

  /** {"result":{"points":[ ...points... ]},"status":"ok"} produced point by point. */
  private static final class GeneratedBody extends SequenceInputStream {
    GeneratedBody(int points, java.util.function.IntConsumer onPoint) {
      super(parts(points, onPoint));
    }

    private static Enumeration<InputStream> parts(int points, java.util.function.IntConsumer onPoint) {
      Iterator<InputStream> it = new Iterator<>() {
        int next = -1;

        @Override
        public boolean hasNext() {
          return next <= points;
        }

        @Override
        public InputStream next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          int i = next++;
          String text;
          if (i < 0) {
            text = "{\"result\":{\"points\":[";
          } else if (i == points) {
            text = "]},\"status\":\"ok\",\"time\":0.5}";
          } else {
            onPoint.accept(i);
            text = (i > 0 ? "," : "") + "{\"id\":" + i + ",\"score\":0." + i + ",\"payload\":{\"email\":\"user" + i
                + "@example.com\",\"customer\":{\"ssn\":\"123-45-" + String.format("%04d", i % 10000 + 1)
                + "\",\"name\":\"Name " + i + "\"},\"card\":\"4111111111111111\",\"text\":\"" + "lorem ipsum ".repeat(20)
                + "\"},\"vector\":[0.125,-0.5,0.75,1.0,0.0625,0.25,0.5,0.875]}";
          }
          return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
      };
      return new Enumeration<>() {
        @Override
        public boolean hasMoreElements() {
          return it.hasNext();
        }

        @Override
        public InputStream nextElement() {
          return it.next();
        }
      };
    }
  }
}
