package dev.vectorguard.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderFactory;
import dev.vectorguard.rest.RestGuard;

/**
 * LangChain4j's HTTP client SPI, for stores that take no builder: builds guarded clients from the
 * guard {@link VectorGuardLangChain4j#bind bound} to the calling thread. Holds nothing; select it
 * with the system property {@code langchain4j.http.clientBuilderFactory} when another factory is on
 * the class path. Thread-safe.
 */
public final class VectorGuardHttpClientBuilderFactory implements HttpClientBuilderFactory {

  /**
   * @throws IllegalStateException when no guard is bound: an unguarded client is never built
   */
  @Override
  public HttpClientBuilder create() {
    RestGuard rest = Binding.current();
    if (rest == null) {
      throw new IllegalStateException("Vectorguard's LangChain4j HTTP client factory was asked for a client with no"
          + " guard bound to this thread: build the store inside VectorGuardLangChain4j.bind(restGuard), or pass"
          + " VectorGuardLangChain4j.httpClientBuilder(restGuard) to a store that takes one");
    }
    return VectorGuardLangChain4j.httpClientBuilder(rest);
  }
}
