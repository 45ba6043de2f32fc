package dev.vectorguard.samples;

import dev.vectorguard.audit.AuditEvent;
import dev.vectorguard.audit.AuditVerifier;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * The README demo: three services call Qdrant through the official Java client, each guarded by
 * Vectorguard under {@code samples/policies/demo.yaml}; the demo prints who did what, what was
 * decided and masked, verifies the audit trail, and exits non-zero if anything behaved otherwise.
 *
 * <pre>
 * java -jar samples/target/vectorguard-demo.jar [--qdrant HOST:PORT | --chroma URL] [--policy FILE] [--audit-dir DIR]
 * </pre>
 *
 * With {@code --qdrant} the demo uses a real Qdrant (API key from {@code QDRANT_API_KEY}, JWT RBAC
 * enabled) instead of the embedded test server; with {@code --chroma} a real Chroma over its HTTP
 * API v2 through guarded OkHttp clients (bearer token from {@code CHROMA_TOKEN}, if the server
 * wants one), in a new database of its own that it deletes at the end.
 */
public final class Demo {
  private static final String USAGE =
      "usage: java -jar vectorguard-demo.jar [--qdrant HOST:PORT | --chroma URL] [--policy FILE] [--audit-dir DIR]";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) throws Exception {
    Map<String, String> options;
    try {
      options = Options.parse(args, List.of("--qdrant", "--chroma", "--policy", "--audit-dir"));
      if (options.containsKey("--qdrant") && options.containsKey("--chroma")) {
        throw new IllegalArgumentException("--qdrant and --chroma exclude each other");
      }
      if (options.containsKey("--chroma")) {
        chromaUrl(options.get("--chroma"));
      }
    } catch (IllegalArgumentException e) {
      out.println("vectorguard-demo: " + e.getMessage());
      out.println(USAGE);
      return 2;
    }
    CompiledPolicy policy;
    try {
      policy = loadPolicy(options.get("--policy"));
    } catch (PolicyValidationException e) {
      out.println("vectorguard-demo: the policy is invalid:");
      out.println(e.getMessage());
      return 2;
    }
    Path auditDir = options.containsKey("--audit-dir") ? Path.of(options.get("--audit-dir"))
        : Files.createTempDirectory("vectorguard-demo-");
    Expectations expect = new Expectations(out);
    if (options.containsKey("--chroma")) {
      return runOnChroma(chromaUrl(options.get("--chroma")), policy, auditDir, out, expect);
    }
    String apiKey = System.getenv().getOrDefault("QDRANT_API_KEY", randomApiKey());

    try (QdrantTarget target = options.containsKey("--qdrant")
        ? QdrantTarget.real(options.get("--qdrant"), apiKey) : QdrantTarget.embedded()) {
      out.println("Vectorguard demo");
      out.println("   server   " + target.describe());
      out.println("   client   the official Qdrant Java client (io.qdrant:client), one guarded channel per service");
      printPolicy(policy, out);
      DemoGuards guards = new DemoGuards(policy, auditDir, DemoGuards.qdrantTokens(apiKey));
      try {
        new QdrantWalkthrough(target, guards, out, expect).run();
      } finally {
        guards.close();
      }
      verifyTrail(auditDir, out, expect);
    }
    return expect.finish();
  }

  private static int runOnChroma(HttpUrl url, CompiledPolicy policy, Path auditDir, PrintStream out,
      Expectations expect) throws Exception {
    String token = System.getenv("CHROMA_TOKEN");
    token = token == null || token.isBlank() ? null : token;
    DemoGuards guards = new DemoGuards(policy, auditDir, DemoGuards.chromaTokens(token));
    try (ChromaWalkthrough walkthrough = new ChromaWalkthrough(url, guards, token, out, expect)) {
      try {
        walkthrough.seed();
      } catch (IOException e) {
        guards.close();
        out.println("vectorguard-demo: could not set up the demo data on Chroma at " + url + ": " + e.getMessage());
        return 1;
      }
      out.println("Vectorguard demo");
      out.println("   server   " + walkthrough.describe());
      out.println("   client   OkHttp against Chroma's HTTP API v2, one guarded client per service");
      printPolicy(policy, out);
      try {
        walkthrough.run();
      } finally {
        guards.close();
      }
    }
    verifyTrail(auditDir, out, expect);
    return expect.finish();
  }

  /** {@code url} as the base URL of a Chroma server. */
  private static HttpUrl chromaUrl(String url) {
    HttpUrl parsed = HttpUrl.parse(url.replaceAll("/+$", "") + "/");
    if (parsed == null) {
      throw new IllegalArgumentException("--chroma needs an http(s) URL such as http://127.0.0.1:8765, got '"
          + url + "'");
    }
    return parsed;
  }

  private static void printPolicy(CompiledPolicy policy, PrintStream out) {
    out.println("   policy   " + policy.source() + " (" + policy.version() + ", " + policy.ruleCount() + " rules, "
        + policy.mode().name().toLowerCase(java.util.Locale.ROOT) + ")");
  }

  private static void verifyTrail(Path auditDir, PrintStream out, Expectations expect) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(auditDir)) {
      files = listing.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
    AuditVerifier.Result result = AuditVerifier.verify(files);
    out.println();
    out.println("5. the audit trail");
    out.println("   files    " + files);
    out.println("   verify   " + result.summary());
    out.println("   events   " + result.eventsByType());
    expect.expect(result.ok(), "the hash chain is intact");
    Map<String, Long> byType = result.eventsByType();
    expect.expect(byType.getOrDefault(AuditEvent.CALL_STARTED, 0L)
            .equals(byType.getOrDefault(AuditEvent.CALL_COMPLETED, 0L)),
        "every call that started also completed");
    expect.expect(byType.getOrDefault(AuditEvent.CALL_REFUSED, 0L) >= 3, "every refusal is on record");
    out.println("   inspect  bin/vectorguard audit verify " + files.get(0).getParent() + "/*.jsonl");
    out.println("            bin/vectorguard audit show " + files.get(0).getParent() + "/*.jsonl --collection docs");
  }

  private static CompiledPolicy loadPolicy(String file) throws IOException, PolicyValidationException {
    if (file != null) {
      return PolicyLoader.load(Path.of(file));
    }
    try (InputStream in = Demo.class.getResourceAsStream("/policies/demo.yaml")) {
      if (in == null) {
        throw new IOException("the demo policy is missing from the jar: rebuild with mvn package");
      }
      return PolicyLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "samples/policies/demo.yaml");
    }
  }

  private static String randomApiKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }
}
