package dev.vectorguard.langchain4j;

import dev.vectorguard.jdkhttp.VectorGuardHttpClient;
import dev.vectorguard.rest.RestGuard;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A {@link HttpClient.Builder} whose {@link #build()} guards what the given builder builds: the
 * seam through which LangChain4j's {@code JdkHttpClient} (which builds its client from a builder it
 * is handed) gets a guarded one. Not thread-safe, like any builder.
 */
final class GuardingJdkBuilder implements HttpClient.Builder {
  private final HttpClient.Builder delegate;
  private final RestGuard rest;

  GuardingJdkBuilder(HttpClient.Builder delegate, RestGuard rest) {
    this.delegate = delegate;
    this.rest = rest;
  }

  @Override
  public HttpClient build() {
    return VectorGuardHttpClient.wrap(delegate.build(), rest);
  }

  @Override
  public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
    delegate.cookieHandler(cookieHandler);
    return this;
  }

  @Override
  public HttpClient.Builder connectTimeout(Duration duration) {
    delegate.connectTimeout(duration);
    return this;
  }

  @Override
  public HttpClient.Builder sslContext(SSLContext sslContext) {
    delegate.sslContext(sslContext);
    return this;
  }

  @Override
  public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
    delegate.sslParameters(sslParameters);
    return this;
  }

  @Override
  public HttpClient.Builder executor(Executor executor) {
    delegate.executor(executor);
    return this;
  }

  @Override
  public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
    delegate.followRedirects(policy);
    return this;
  }

  @Override
  public HttpClient.Builder version(HttpClient.Version version) {
    delegate.version(version);
    return this;
  }

  @Override
  public HttpClient.Builder priority(int priority) {
    delegate.priority(priority);
    return this;
  }

  @Override
  public HttpClient.Builder proxy(ProxySelector proxySelector) {
    delegate.proxy(proxySelector);
    return this;
  }

  @Override
  public HttpClient.Builder authenticator(Authenticator authenticator) {
    delegate.authenticator(authenticator);
    return this;
  }
}
