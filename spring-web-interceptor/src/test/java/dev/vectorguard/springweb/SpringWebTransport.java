package dev.vectorguard.springweb;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.resttest.RestTransport;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

/** The REST contract's binding for Spring's {@link RestClient}, on its default (JDK) request factory. */
final class SpringWebTransport implements RestTransport {
  static final SpringWebTransport INSTANCE = new SpringWebTransport();

  @Override
  public Client connect(VectorGuard guard, Setup setup) {
    RestClient client = VectorGuardSpringWeb.create(setup.restGuard(guard)).apply(RestClient.builder()).build();
    return request -> {
      RestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(request.method())).uri(request.url())
          .headers(headers -> request.headers().forEach(headers::addAll));
      if (request.body() != null) {
        spec.body(request.body().getBytes(StandardCharsets.UTF_8));
      }
      return spec.exchange((sent, response) -> {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.getHeaders().forEach(headers::put);
        return new Reply(response.getStatusCode().value(), headers,
            new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
      });
    };
  }

  @Override
  public String toString() {
    return "Spring RestClient";
  }
}
