package dev.vectorguard.langchain4j;

import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.vectorguard.rest.RestGuard;
import java.net.http.HttpClient;

/**
 * LangChain4j's JDK client builder whose {@code java.net.http} builder is always a guarding one:
 * stores that configure the JDK builder themselves (LangChain4j's Chroma store sets HTTP/1.1 on
 * it, and in 1.11 replaces it outright for the plain {@link JdkHttpClientBuilder}) cannot swap in
 * an unguarded one. A subclass, so that 1.11's replacement (which matches the class name exactly)
 * leaves it alone. Not thread-safe, like any builder.
 */
final class GuardedJdkHttpClientBuilder extends JdkHttpClientBuilder {
  private final RestGuard rest;

  GuardedJdkHttpClientBuilder(RestGuard rest, HttpClient.Builder jdkBuilder) {
    this.rest = rest;
    httpClientBuilder(jdkBuilder);
  }

  @Override
  public JdkHttpClientBuilder httpClientBuilder(HttpClient.Builder jdkBuilder) {
    return super.httpClientBuilder(jdkBuilder instanceof GuardingJdkBuilder guarding ? guarding
        : new GuardingJdkBuilder(jdkBuilder, rest));
  }
}
