package dev.vectorguard.samples;

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

/**
 * The README demo: three services call Qdrant through the official Java client, each guarded by
 * Vectorguard under {@code samples/policies/demo.yaml}; the demo prints who did what, what was
 * decided and masked, verifies the audit trail, and exits non-zero if anything behaved otherwise.
 *
 * <pre>
 * java -jar samples/target/vectorguard-demo.jar [--qdrant HOST:PORT] [--policy FILE] [--audit-dir DIR]
 * </pre>
 *
 * With {@code --qdrant} the demo uses a real Qdrant (API key from {@code QDRANT_API_KEY}, JWT RBAC
 * enabled) instead of the embedded test server.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) throws Exception {
    Map<String, String> options;
    try {
      options = Options.parse(args, List.of("--qdrant", "--policy", "--audit-dir"));
    } catch (IllegalArgumentException e) {
      out.println("vectorguard-demo: " + e.getMessage());
      out.println("usage: java -jar vectorguard-demo.jar [--qdrant HOST:PORT] [--policy FILE] [--audit-dir DIR]");
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
    String apiKey = System.getenv().getOrDefault("QDRANT_API_KEY", randomApiKey());
    Expectations expect = new Expectations(out);

    try (QdrantTarget target = options.containsKey("--qdrant")
        ? QdrantTarget.real(options.get("--qdrant"), apiKey) : QdrantTarget.embedded()) {
      out.println("Vectorguard demo");
      out.println("   server   " + target.describe());
      out.println("   client   the official Qdrant Java client (io.qdrant:client), one guarded channel per service");
      out.println("   policy   " + policy.source() + " (" + policy.version() + ", " + policy.ruleCount() + " rules, "
          + policy.mode().name().toLowerCase(java.util.Locale.ROOT) + ")");
      DemoGuards guards = new DemoGuards(policy, auditDir, apiKey);
      try {
        new QdrantWalkthrough(target, guards, out, expect).run();
      } finally {
        guards.close();
      }
      verifyTrail(auditDir, out, expect);
    }
    return expect.finish();
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
    expect.expect(byType.getOrDefault("call.started", 0L).equals(byType.getOrDefault("call.completed", 0L)),
        "every call that started also completed");
    expect.expect(byType.getOrDefault("call.refused", 0L) >= 3, "every refusal is on record");
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
