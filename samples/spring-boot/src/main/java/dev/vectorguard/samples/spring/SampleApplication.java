package dev.vectorguard.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A command-line application whose Qdrant client is guarded by configuration alone: the
 * Vectorguard starter on the class path and {@code vectorguard.*} in {@code application.yaml}.
 * {@link SearchRunner} searches {@code docs} for one tenant and logs what came back.
 *
 * <p>By default the application starts an in-process Qdrant-compatible server
 * ({@link EmbeddedQdrantConfiguration}); with {@code --sample.embedded-qdrant=false} it talks to
 * the Qdrant at {@code vectorguard.qdrant.host}/{@code port} instead.
 */
@SpringBootApplication
public class SampleApplication {

  public static void main(String[] args) {
    System.exit(SpringApplication.exit(SpringApplication.run(SampleApplication.class, args)));
  }
}
