package dev.vectorguard.springweb;

import dev.vectorguard.rest.RestExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/** A response as the guard passes it on: its body replaced (masked, filtered, withheld) or counted. */
final class GuardedResponse implements ClientHttpResponse {
  private final ClientHttpResponse response;
  private final HttpHeaders headers;
  private final InputStream body;

  private GuardedResponse(ClientHttpResponse response, HttpHeaders headers, InputStream body) {
    this.response = response;
    this.headers = headers;
    this.body = body;
  }

  static ClientHttpResponse of(RestExchange exchange, ClientHttpResponse response) throws IOException {
    int status = response.getStatusCode().value();
    if (!exchange.buffersResponse(status)) {
      return new GuardedResponse(response, response.getHeaders(), exchange.passing(status, response.getBody()));
    }
    byte[] replaced;
    try {
      replaced = exchange.replacement(status, response.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING),
          response.getBody());
    } finally {
      response.close();
    }
    HttpHeaders headers = new HttpHeaders();
    response.getHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase(HttpHeaders.TRANSFER_ENCODING) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
        headers.addAll(name, values);
      }
    });
    headers.setContentLength(replaced.length);
    return new GuardedResponse(response, headers, new ByteArrayInputStream(replaced));
  }

  @Override
  public HttpStatusCode getStatusCode() throws IOException {
    return response.getStatusCode();
  }

  @Override
  public String getStatusText() throws IOException {
    return response.getStatusText();
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public InputStream getBody() {
    return body;
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // Closing an exhausted or replaced body fails only if the connection already did.
    } finally {
      response.close();
    }
  }
}
