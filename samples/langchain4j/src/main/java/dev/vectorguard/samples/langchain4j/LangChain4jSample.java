package dev.vectorguard.samples.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.vectorguard.Actor;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.Workload;
import dev.vectorguard.audit.Durability;
import dev.vectorguard.audit.HashChainFileSink;
import dev.vectorguard.policy.CompiledPolicy;
import dev.vectorguard.policy.PolicyLoader;
import dev.vectorguard.policy.PolicyValidationException;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The LangChain4j sample: two tenants keep notes in one Chroma and one Qdrant knowledge base,
 * each finds only its own with e-mail addresses redacted, and a collection the policy does not name
 * is refused; every call is in the hash-chained audit trail.
 *
 * <pre>
 * java -Dlangchain4j.http.clientBuilderFactory=dev.vectorguard.langchain4j.VectorGuardHttpClientBuilderFactory \
 *     -cp ... dev.vectorguard.samples.langchain4j.LangChain4jSample http://localhost:8000 localhost:6334
 * </pre>
 */
public final class LangChain4jSample {
  static final String COLLECTION = "kb-notes";
  static final Actor ACME = Actor.builder().user("alice").tenant("acme").build();
  static final Actor GLOBEX = Actor.builder().user("bob").tenant("globex").build();

  private LangChain4jSample() {}

  /** The sample's policy, from the class path. */
  public static CompiledPolicy policy() throws IOException, PolicyValidationException {
    try (InputStream in = LangChain4jSample.class.getResourceAsStream("/policy.yaml")) {
      return PolicyLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "policy.yaml");
    }
  }

  /** Writes and reads both knowledge bases as the two tenants, printing what each gets. */
  public static void run(KnowledgeBase kb, PrintStream out) {
    for (String backend : List.of("chroma", "qdrant")) {
      EmbeddingStore<TextSegment> store = backend.equals("chroma") ? kb.chromaStore(COLLECTION)
          : kb.qdrantStore(COLLECTION);
      KnowledgeBase.note(store, ACME, "acme renews in May", "alice@acme.io", 1f, 0f, 0f, 0f);
      KnowledgeBase.note(store, ACME, "acme pays by card", "carol@acme.io", 0.9f, 0.1f, 0f, 0f);
      KnowledgeBase.note(store, GLOBEX, "globex churns", "bob@globex.io", 0f, 1f, 0f, 0f);
      for (Actor actor : List.of(ACME, GLOBEX)) {
        for (EmbeddingMatch<TextSegment> match : KnowledgeBase.search(store, actor, 1f, 0f, 0f, 0f)) {
          out.printf("%s %s: %s <%s>%n", backend, actor.tenant(), match.embedded().text(),
              match.embedded().metadata().getString("email"));
        }
      }
    }
    try {
      kb.chromaStore("payroll");
      out.println("chroma payroll: allowed");
    } catch (VectorGuardException e) {
      out.println("chroma payroll: " + e.getMessage());
    }
  }

  /** {@code <chroma-url> <qdrant-host:grpc-port>}; the audit trail goes to {@code ./vectorguard-audit}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LangChain4jSample <chroma-url> <qdrant-host:grpc-port>");
      System.exit(2);
    }
    try (HashChainFileSink trail = HashChainFileSink.builder(Path.of("vectorguard-audit"))
        .durability(Durability.flushEachBatch()).open();
        VectorGuard guard = VectorGuard.builder(policy()).workload(Workload.configured("spiffe://sample/sa/kb"))
            .auditSink(trail).build();
        KnowledgeBase kb = new KnowledgeBase(guard, new KnowledgeBase.ChromaTarget(args[0], "default_tenant",
            "default_database"), ManagedChannelBuilder.forTarget(args[1]).usePlaintext().build())) {
      run(kb, System.out);
    }
  }
}
