package dev.vectorguard.samples.springai;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring AI application whose auto-configured Qdrant vector store is guarded with no guard code:
 * the Vectorguard starter on the class path, {@code vectorguard.*} in {@code application.yaml}
 * naming the policy, the workload and the audit trail, and Spring AI's own
 * {@code spring.ai.vectorstore.qdrant.*} properties saying where Qdrant is. The starter guards
 * the {@code QdrantClient} that Spring AI builds from those properties where it stands, and its
 * Qdrant API key signs the per-call tokens.
 *
 * <p>{@link KnowledgeBase} is the application's own code: plain Spring AI, acting for a tenant.
 * The embedding model is a stand-in ({@link HashingEmbeddingModel}) so that the sample runs
 * offline; a real application uses one of Spring AI's model starters instead.
 */
@SpringBootApplication
public class SpringAiSampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SpringAiSampleApplication.class, args);
  }

  @Bean
  EmbeddingModel embeddingModel() {
    return new HashingEmbeddingModel(16);
  }
}
