package dev.vectorguard.springweb;

import dev.vectorguard.GuardContext;
import dev.vectorguard.rest.RestExchange;
import dev.vectorguard.rest.RestGuard;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * The guard in a Spring client's interceptor chain: {@link RestGuard#start} decides and rewrites,
 * the request goes on with the guard's headers and body, and the response is masked or passed
 * through a stream that completes the audit. Thread-safe.
 */
final class GuardingInterceptor implements ClientHttpRequestInterceptor {
  private final RestGuard rest;

  GuardingInterceptor(RestGuard rest) {
    this.rest = rest;
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request.getHeaders().forEach(headers::put);
    // Spring hands GET requests an empty array: no body.
    byte[] sent = body.length == 0 ? null : body;
    RestExchange exchange = rest.start(request.getMethod().name(), request.getURI(), headers, sent,
        GuardContext.current());
    if (exchange == null) {
      return execution.execute(request, body);
    }
    HttpHeaders out = new HttpHeaders();
    exchange.headersToSend(headers).forEach((name, values) -> values.forEach(value -> out.add(name, value)));
    byte[] toSend = exchange.body() == null ? new byte[0] : exchange.body();
    if (exchange.body() != null) {
      out.setContentLength(toSend.length);
    }
    ClientHttpResponse response;
    try {
      response = execution.execute(new HttpRequestWrapper(request) {
        @Override
        public HttpHeaders getHeaders() {
          return out;
        }
      }, toSend);
    } catch (IOException | RuntimeException e) {
      exchange.failed(e, false);
      throw e;
    }
    return GuardedResponse.of(exchange, response);
  }
}
