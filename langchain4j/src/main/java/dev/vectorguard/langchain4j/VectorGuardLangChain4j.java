package dev.vectorguard.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.rest.RestGuard;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Guards LangChain4j's REST embedding stores by configuration: hand the store the builder this
 * returns, and every call it makes goes through the guard (classified, decided, rewritten, sent
 * with the guard's credential, masked, audited).
 *
 * <pre>{@code
 * RestGuard rest = RestGuard.builder(guard).backend(URI.create("http://chroma:8000/"), Backend.CHROMA).build();
 * EmbeddingStore<TextSegment> store = ChromaEmbeddingStore.builder()
 *     .baseUrl("http://chroma:8000").apiVersion(ChromaApiVersion.V2).collectionName("kb")
 *     .httpClientBuilder(VectorGuardLangChain4j.httpClientBuilder(rest))
 *     .build();
 * try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
 *   store.search(request);   // refused: throws the guard's VectorGuardException
 * }
 * }</pre>
 *
 * <p>The builder is LangChain4j's own JDK client ({@link JdkHttpClient}, from
 * {@code langchain4j-http-client-jdk}) over a {@link dev.vectorguard.jdkhttp.VectorGuardHttpClient}
 * guarded {@code java.net.http.HttpClient}: LangChain4j keeps its timeouts and error mapping, the
 * guard sees every request. A refusal reaches the store's caller unwrapped (LangChain4j's client
 * wraps only {@code IOException}s). The actor is the calling thread's
 * {@link dev.vectorguard.GuardContext}.
 *
 * <p><b>The ServiceLoader path.</b> Stores that take no builder (LangChain4j 1.11's
 * {@code ChromaEmbeddingStore}; from 1.14 it has {@code httpClientBuilder(...)}) load a
 * {@code HttpClientBuilderFactory} through {@link java.util.ServiceLoader}, which instantiates it
 * with no arguments, so it cannot be handed a guard. {@link VectorGuardHttpClientBuilderFactory}
 * keeps nothing itself: it takes the guard {@link #bind bound} to the thread that builds the store,
 * and refuses to build outside a binding (never an unguarded client). LangChain4j refuses two
 * factories on the class path ("multiple HTTP clients") unless the system property
 * {@code langchain4j.http.clientBuilderFactory} names one: name
 * {@code dev.vectorguard.langchain4j.VectorGuardHttpClientBuilderFactory}. Prefer the builder
 * where the store takes one. Thread-safe.
 */
public final class VectorGuardLangChain4j {
  private VectorGuardLangChain4j() {}

  /**
   * A LangChain4j HTTP client builder whose clients are guarded by {@code rest}, over a JDK client
   * speaking HTTP/1.1 (as LangChain4j's Chroma store asks of the JDK client).
   */
  public static HttpClientBuilder httpClientBuilder(RestGuard rest) {
    return httpClientBuilder(rest, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
  }

  /**
   * {@code qdrantStore} (LangChain4j's {@code QdrantEmbeddingStore} over a client guarded by
   * {@code VectorGuardGrpc}) with each search checked first against {@code vectors: strip}: the
   * store computes each match's score as the cosine similarity of the returned vector and the
   * query, so with vectors stripped its search would fail inside LangChain4j ("Length of vector a
   * (0) must be equal to the length of vector b"). The checked store refuses such a search before
   * anything is sent, naming the rule. The answer for such callers is a rule without
   * {@code vectors: strip} for the store's collection; tenant filters, masks and caps still apply.
   *
   * @param collection the store's collection, as configured on it
   */
  public static EmbeddingStore<TextSegment> checkedQdrantStore(EmbeddingStore<TextSegment> qdrantStore,
      VectorGuard guard, String collection) {
    return new ScoringVectorsCheck(Objects.requireNonNull(qdrantStore, "qdrantStore"),
        Objects.requireNonNull(guard, "guard"), Objects.requireNonNull(collection, "collection"));
  }

  /**
   * Binds {@code rest} to the calling thread until the returned scope is closed, for LangChain4j
   * stores that take no HTTP client builder and load one through the SPI (LangChain4j 1.11's
   * {@code ChromaEmbeddingStore}): {@link VectorGuardHttpClientBuilderFactory} builds guarded
   * clients from it. Open it around the store's construction only; the store keeps the client it
   * built. Scopes nest; close them in reverse order (try-with-resources).
   *
   * <pre>{@code
   * try (VectorGuardLangChain4j.Binding b = VectorGuardLangChain4j.bind(rest)) {
   *   store = ChromaEmbeddingStore.builder().baseUrl(url).apiVersion(ChromaApiVersion.V2).build();
   * }
   * }</pre>
   */
  public static Binding bind(RestGuard rest) {
    return Binding.open(Objects.requireNonNull(rest, "rest"));
  }

  /**
   * A LangChain4j HTTP client builder whose clients are built from {@code jdkBuilder} (proxy, TLS,
   * executor of the application's choosing) and guarded by {@code rest}; {@code jdkBuilder} must
   * follow no redirects and have no authenticator (see
   * {@link dev.vectorguard.jdkhttp.VectorGuardHttpClient#wrap}).
   */
  public static HttpClientBuilder httpClientBuilder(RestGuard rest, HttpClient.Builder jdkBuilder) {
    Objects.requireNonNull(rest, "rest");
    Objects.requireNonNull(jdkBuilder, "jdkBuilder");
    return new GuardedJdkHttpClientBuilder(rest, jdkBuilder);
  }
}
