package dev.vectorguard.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.mask.MaskPlan;
import dev.vectorguard.mask.MaskingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue item 7: streaming masking time as a Qdrant search response grows from 10 KB to 10 MB
 * (points of about 1 KB, three masked fields each, vectors stripped). Linear growth means a
 * constant cost per byte.
 */
@State(Scope.Thread)
public class ScaleMaskingBenchmark {
  @Param({"10", "100", "1000", "10000"})
  public int kilobytes;

  private static final JsonFactory JSON = new JsonFactory();

  private byte[] body;
  private MaskPlan plan;
  private ByteArrayOutputStream out;

  @Setup
  public void setUp() {
    body = SearchResponses.qdrantSearchJson(kilobytes, 42);
    plan = SearchResponses.maskPlan();
    out = new ByteArrayOutputStream(body.length + 1024);
  }

  @Benchmark
  public MaskCounts mask() throws MaskingException {
    out.reset();
    return plan.maskJson(new ByteArrayInputStream(body), out, SearchResponses.QDRANT_SEARCH);
  }

  /** The same body through a plain Jackson stream copy: separates the machine's cost of size from masking's. */
  @Benchmark
  public int plainJacksonCopy() throws IOException {
    out.reset();
    try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body));
        JsonGenerator generator = JSON.createGenerator(out)) {
      parser.nextToken();
      generator.copyCurrentStructure(parser);
    }
    return out.size();
  }
}
