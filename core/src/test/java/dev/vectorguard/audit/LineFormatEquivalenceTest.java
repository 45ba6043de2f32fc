package dev.vectorguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vectorguard.testing.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trail's lines are a contract: the writer that chains pre-computed canonical bodies into one
 * batch buffer writes, byte for byte, the lines the earlier writer made (the whole event through
 * one JSON generator with {@code "prev"} as its last field, then the hash as a string), for plain
 * and keyed chains, across rotation and recovery, directly and behind the asynchronous writer.
 */
class LineFormatEquivalenceTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private final TestClock clock = new TestClock();

  @Test
  void plainTrailWithRotationIsByteIdenticalToTheEarlierEncoding() throws IOException {
    List<AuditEvent> events = variedEvents();
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).maxFileBytes(4096).clock(clock).open()) {
      for (AuditEvent event : events) {
        sink.write(event);
      }
    }
    List<Path> files = AuditFiles.list(dir, "audit");
    assertThat(files).hasSizeGreaterThan(3);
    assertSameAsEarlierEncoding(files, events, HashChain.GENESIS, null);
  }

  @Test
  void keyedTrailBehindTheAsyncWriterIsByteIdenticalToTheEarlierEncoding() throws IOException {
    List<AuditEvent> events = variedEvents();
    try (AsyncAuditSink sink = AsyncAuditSink.builder(HashChainFileSink.builder(dir).hmacKey(KEY)
        .maxFileBytes(8192).durability(Durability.flushEachBatch()).clock(clock).open()).maxBatch(7).build()) {
      for (AuditEvent event : events) {
        sink.write(event);
      }
    }
    List<Path> files = AuditFiles.list(dir, "audit");
    assertThat(files).hasSizeGreaterThan(1);
    assertSameAsEarlierEncoding(files, events, HashChain.GENESIS, KEY);
    assertThat(AuditVerifier.verify(files, HashChain.GENESIS, null, KEY).ok()).isTrue();
  }

  @Test
  void recoveryMarkersAfterTornLinesAreByteIdenticalToTheEarlierEncoding() throws IOException {
    List<AuditEvent> events = variedEvents();
    List<AuditEvent> first = events.subList(0, 5);
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).hmacKey(KEY).clock(clock).open()) {
      for (AuditEvent event : first) {
        sink.write(event);
      }
    }
    Path torn = dir.resolve("audit-000001.jsonl");
    byte[] bytes = Files.readAllBytes(torn);
    Files.write(torn, Arrays.copyOf(bytes, bytes.length - 30)); // a crash in the middle of the last line
    List<String> kept = Files.readAllLines(torn).subList(0, first.size() - 1);
    String last = kept.get(kept.size() - 1);
    String head = last.substring(last.length() - 66, last.length() - 2);

    List<AuditEvent> rest = events.subList(5, events.size());
    try (HashChainFileSink sink = HashChainFileSink.builder(dir).hmacKey(KEY).maxFileBytes(4096).clock(clock).open()) {
      for (AuditEvent event : rest) {
        sink.write(event);
      }
    }
    List<Path> later = AuditFiles.list(dir, "audit").subList(1, AuditFiles.list(dir, "audit").size());
    List<String> lines = assertSameAsEarlierEncoding(later, rest, head, KEY);
    assertThat(AuditJson.parse(lines.get(0)).type()).isEqualTo(AuditEvent.AUDIT_RECOVERED);
    assertThat(AuditVerifier.verify(AuditFiles.list(dir, "audit"), HashChain.GENESIS, null, KEY).summary())
        .isEqualTo("OK " + (events.size() - 1 + 1) + " events (1 torn line recovered)");
  }

  @Test
  void chainedLinesAndToJsonMatchTheEarlierEncoding() throws IOException {
    String prev = "0123456789abcdef".repeat(4);
    ChainedLines plain = ChainedLines.plain();
    ChainedLines keyed = ChainedLines.keyed(KEY);
    for (AuditEvent event : variedEvents()) {
      EarlierEncoding.Line expected = EarlierEncoding.encode(event, prev, null);
      ChainedLines.Line line = plain.encode(event, prev);
      assertThat(new String(line.bytes(), StandardCharsets.UTF_8) + "\n")
          .isEqualTo(new String(expected.bytes(), StandardCharsets.UTF_8));
      assertThat(line.hash()).isEqualTo(expected.hash());
      EarlierEncoding.Line expectedKeyed = EarlierEncoding.encode(event, prev, KEY);
      ChainedLines.Line keyedLine = keyed.encode(event, prev);
      assertThat(keyedLine.bytes()).isEqualTo(Arrays.copyOf(expectedKeyed.bytes(), expectedKeyed.bytes().length - 1));
      assertThat(keyedLine.hash()).isEqualTo(expectedKeyed.hash());
      assertThat(AuditJson.toJson(event)).isEqualTo(EarlierEncoding.json(event, null));
    }
  }

  /**
   * Checks every line of {@code files} against the earlier encoding of {@code events} in order,
   * chained from {@code genesis}; lines the sink added itself (recovery markers) are checked against
   * the earlier encoding of the event they parse to. Returns the lines.
   */
  private static List<String> assertSameAsEarlierEncoding(List<Path> files, List<AuditEvent> events, String genesis,
      byte @Nullable [] key) throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          lines.add(Arrays.copyOfRange(bytes, start, i + 1));
          start = i + 1;
        }
      }
      assertThat(start).as("%s ends with a whole line", file).isEqualTo(bytes.length);
    }
    String prev = genesis;
    int next = 0;
    List<String> texts = new ArrayList<>();
    for (byte[] line : lines) {
      String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
      AuditEvent parsed = AuditJson.parse(text);
      boolean ours = next < events.size() && events.get(next).id().equals(parsed.id());
      AuditEvent event = ours ? events.get(next++) : parsed;
      EarlierEncoding.Line expected = EarlierEncoding.encode(event, prev, key);
      assertThat(new String(line, StandardCharsets.UTF_8))
          .isEqualTo(new String(expected.bytes(), StandardCharsets.UTF_8));
      assertThat(line).isEqualTo(expected.bytes());
      prev = expected.hash();
      texts.add(text);
    }
    assertThat(next).as("every event is in the trail, in order").isEqualTo(events.size());
    return texts;
  }

  /** Events of every shape the data tree allows, with text that needs escaping and every fraction of a second. */
  private List<AuditEvent> variedEvents() {
    List<AuditEvent> events = new ArrayList<>();
    Instant at = Instant.parse("2026-12-07T23:59:59.999999999Z");
    for (int i = 0; i < 12; i++) {
      events.add(Events.started(i, at.plusNanos(i * 137_000_001L)));
      events.add(Events.completed(i, at.plusMillis(i)));
    }
    Map<String, Object> odd = new LinkedHashMap<>();
    odd.put("quote\"and\\backslash", "line\nbreak\ttab\r\u0000\u0001\u001f\u007f end");
    odd.put("unicode", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 lone \ud800 high");
    odd.put("\u00fcber-key \ud83d\udd11", List.of("", " ", "</script>", "\u2028\u2029"));
    odd.put("numbers", List.of(0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, 3.5, -0.0, 1e-7, 1.0e300, Double.NaN,
        2.5f, new BigDecimal("123456789.000000001"), new BigInteger("123456789012345678901234567890"),
        (short) 7, (byte) -3));
    odd.put("booleans", List.of(true, false));
    odd.put("empty", Map.of("map", Map.of(), "list", List.of(), "text", ""));
    odd.put("nested", Map.of("a", List.of(Map.of("b", List.of(List.of(1, 2), Map.of("c", "d"))))));
    events.add(AuditEvent.of("evt_odd", "custom.type", null, Instant.EPOCH, odd));
    events.add(AuditEvent.of("evt_\"quoted\"", AuditEvent.POLICY_LOADED, "call \u00e9",
        Instant.parse("1969-07-20T20:17:40Z"),
        Map.of("source", "policy.yaml", "version", "sha256:abc", "rules", 3)));
    events.add(AuditEvent.of("evt_far", AuditEvent.POLICY_REJECTED, null, Instant.parse("+10000-01-01T00:00:00.5Z"),
        Map.of("source", "x", "errors", List.of("bad"))));
    events.add(AuditEvents.dropped(42, at, at.plusSeconds(3)));
    events.add(AuditEvents.lost(3, at, "No space left on device", at.plusSeconds(4)));
    events.add(AuditEvent.of("evt_big", AuditEvent.CALL_COMPLETED, "call_big", at.plus(Duration.ofDays(1)),
        Map.of("request", Map.of("head", "x".repeat(5000) + "\u00e9".repeat(700)), "truncated", true)));
    for (int i = 12; i < 40; i++) {
      events.add(Events.started(i, at.plusSeconds(i)));
    }
    return events;
  }

  /**
   * The encoding the trail was written with before canonical bodies were computed once per event:
   * the code of {@code AuditJson.write(event, prev, out)} and {@code HashChain.encode} as they were,
   * kept here as the reference.
   */
  static final class EarlierEncoding {
    private EarlierEncoding() {}

    record Line(byte[] bytes, String hash) {}

    static String json(AuditEvent event, @Nullable String prev) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      write(event, prev, out);
      return out.toString(StandardCharsets.UTF_8);
    }

    static Line encode(AuditEvent event, String prev, byte @Nullable [] key) throws IOException {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      write(event, prev, buffer);
      byte[] body = buffer.toByteArray();
      String hash;
      try {
        if (key == null) {
          hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } else {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(key, "HmacSHA256"));
          hash = HexFormat.of().formatHex(mac.doFinal(body));
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      byte[] suffix = (",\"hash\":\"" + hash + "\"}\n").getBytes(StandardCharsets.US_ASCII);
      byte[] line = Arrays.copyOf(body, body.length - 1 + suffix.length);
      System.arraycopy(suffix, 0, line, body.length - 1, suffix.length);
      return new Line(line, hash);
    }

    private static void write(AuditEvent event, @Nullable String prev, ByteArrayOutputStream out) throws IOException {
      try (JsonGenerator json = AuditJson.MAPPER.getFactory().createGenerator(out)) {
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartObject();
        json.writeNumberField("schema_version", event.schemaVersion());
        json.writeStringField("id", event.id());
        json.writeStringField("type", event.type());
        json.writeStringField("call_id", event.callId());
        json.writeStringField("ts", event.timestamp().toString());
        json.writeFieldName("data");
        writeValue(json, event.data());
        if (prev != null) {
          json.writeStringField("prev", prev);
        }
        json.writeEndObject();
      }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
      if (value instanceof String text) {
        json.writeString(text);
      } else if (value instanceof Map<?, ?> map) {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          json.writeFieldName((String) entry.getKey());
          writeValue(json, Objects.requireNonNull(entry.getValue()));
        }
        json.writeEndObject();
      } else if (value instanceof List<?> list) {
        json.writeStartArray();
        for (Object element : list) {
          writeValue(json, element);
        }
        json.writeEndArray();
      } else if (value instanceof Boolean bool) {
        json.writeBoolean(bool);
      } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        json.writeNumber(((Number) value).intValue());
      } else if (value instanceof Long number) {
        json.writeNumber(number.longValue());
      } else if (value instanceof Double number) {
        json.writeNumber(number.doubleValue());
      } else {
        AuditJson.MAPPER.writeValue(json, value);
      }
    }
  }
}
