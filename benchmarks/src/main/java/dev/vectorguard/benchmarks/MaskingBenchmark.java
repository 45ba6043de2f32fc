package dev.vectorguard.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.vectorguard.mask.JsonLayout;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskEngine;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskRule;
import dev.vectorguard.mask.MaskSettings;
import dev.vectorguard.mask.MaskingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Masking throughput on a Qdrant-like search response of about 1 MB (1,000 scored points, each with
 * a payload of about 1 KB), beside a plain Jackson stream copy of the same body.
 *
 * <p>{@code mask} redacts {@code email}, hashes {@code customer.ssn} and keeps the last four digits
 * of {@code card}; {@code maskWithDetectPii} scans the free-text {@code notes} of each payload for
 * PII instead of hashing; {@code maskInMemory} is {@code mask} of the body in a byte array, the way
 * the REST adapters mask. The {@code mb} secondary result is throughput in MB/s (10^6 bytes).
 *
 * <pre>{@code
 * java -cp <benchmarks classes and dependencies> org.openjdk.jmh.Main MaskingBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MaskingBenchmark {
  static final int POINTS = 1_000;
  static final JsonLayout LAYOUT = JsonLayout.of(List.of("result[*].payload"), List.of("result[*].vector"));

  byte[] body;
  MaskPlan plan;
  MaskPlan detectPlan;
  final JsonFactory factory = new JsonFactory();

  /** Bytes of input processed, reported by JMH as a rate: MB/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double mb;
    final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 21);

    @Setup(Level.Iteration)
    public void reset() {
      mb = 0;
    }
  }

  @Setup
  public void setUp() {
    body = searchResponse(new Random(42));
    MaskEngine engine = MaskEngine.create(MaskSettings.builder()
        .hashKey("benchmark-hmac-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)).build());
    plan = engine.plan(List.of(MaskRule.of("email", MaskAction.REDACT), MaskRule.of("customer.ssn", MaskAction.HASH),
        new MaskRule("card", MaskAction.PARTIAL, 4)), false);
    detectPlan = engine.plan(List.of(MaskRule.of("email", MaskAction.REDACT), MaskRule.of("notes", MaskAction.DETECT_PII),
        new MaskRule("card", MaskAction.PARTIAL, 4)), false);
  }

  @Benchmark
  public MaskCounts mask(Throughput t) throws MaskingException {
    t.out.reset();
    MaskCounts counts = plan.maskJson(new ByteArrayInputStream(body), t.out, LAYOUT);
    t.mb += body.length / 1e6;
    return counts;
  }

  /** {@link #mask} of the body held in memory, as the REST adapters mask a response they read whole. */
  @Benchmark
  public MaskCounts maskInMemory(Throughput t) throws MaskingException {
    t.out.reset();
    MaskCounts counts = plan.maskJson(body, t.out, LAYOUT);
    t.mb += body.length / 1e6;
    return counts;
  }

  @Benchmark
  public MaskCounts maskWithDetectPii(Throughput t) throws MaskingException {
    t.out.reset();
    MaskCounts counts = detectPlan.maskJson(new ByteArrayInputStream(body), t.out, LAYOUT);
    t.mb += body.length / 1e6;
    return counts;
  }

  @Benchmark
  public int plainJacksonCopy(Throughput t) throws IOException {
    t.out.reset();
    try (JsonParser p = factory.createParser(new ByteArrayInputStream(body));
        JsonGenerator g = factory.createGenerator(t.out)) {
      p.nextToken();
      g.copyCurrentStructure(p);
    }
    t.mb += body.length / 1e6;
    return t.out.size();
  }

  /** {"result":[{"id":…,"version":…,"score":…,"payload":{…about 1 KB…}},…],"status":"ok","time":…}. */
  static byte[] searchResponse(Random random) {
    StringBuilder json = new StringBuilder(1 << 20).append("{\"result\":[");
    for (int i = 0; i < POINTS; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":").append(100_000 + i).append(",\"version\":").append(random.nextInt(50))
          .append(",\"score\":").append(String.format(Locale.ROOT, "%.6f", 1 - i / 1000.0))
          .append(",\"payload\":{")
          .append("\"email\":\"user").append(i).append("@example.com\",")
          .append("\"customer\":{\"name\":\"Customer ").append(i).append("\",\"ssn\":\"")
          .append(String.format(Locale.ROOT, "%03d-%02d-%04d", 100 + random.nextInt(500), 1 + random.nextInt(98),
              1 + random.nextInt(9998)))
          .append("\",\"tier\":\"gold\",\"since\":\"2019-04-0").append(1 + random.nextInt(9)).append("\"},")
          .append("\"card\":\"4111111111111111\",")
          .append("\"tenant_id\":\"tenant-").append(i % 17).append("\",")
          .append("\"title\":\"Quarterly report section ").append(i).append("\",")
          .append("\"notes\":\"Follow-up call with the customer about invoice ").append(random.nextInt(1_000_000))
          .append(" and the renewal; they asked to be contacted at user").append(i)
          .append("@example.com or on +44 20 7946 0").append(100 + i % 900)
          .append(". Nothing else of note was discussed in this meeting, the account stays on the gold tier.\",")
          .append("\"text\":\"").append("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
              .repeat(6)).append("\",")
          .append("\"tags\":[\"finance\",\"q").append(1 + i % 4).append("\",\"renewal\"],")
          .append("\"metrics\":{\"views\":").append(random.nextInt(10_000)).append(",\"rating\":")
          .append(String.format(Locale.ROOT, "%.2f", random.nextDouble() * 5)).append(",\"flagged\":")
          .append(random.nextBoolean()).append("}}}");
    }
    return json.append("],\"status\":\"ok\",\"time\":0.0123}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
