package dev.vectorguard.jdkhttp;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.resttest.RestTransport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;

/**
 * The REST contract's binding for the JDK {@link HttpClient}, in two flavours: {@code send}, and
 * {@code sendAsync} (whose refusals surface as the future's cause).
 */
final class JdkHttpTransport implements RestTransport {
  static final JdkHttpTransport SYNC = new JdkHttpTransport(false);
  static final JdkHttpTransport ASYNC = new JdkHttpTransport(true);

  private final boolean async;

  private JdkHttpTransport(boolean async) {
    this.async = async;
  }

  @Override
  public Client connect(VectorGuard guard, Setup setup) {
    HttpClient client = VectorGuardHttpClient.wrap(HttpClient.newHttpClient(), setup.restGuard(guard));
    return request -> {
      HttpRequest.Builder builder = HttpRequest.newBuilder(request.url()).method(request.method(),
          request.body() == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(request.body()));
      request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
      HttpResponse<String> response;
      if (async) {
        try {
          response = client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).get();
        } catch (ExecutionException e) {
          throw (Exception) e.getCause();
        }
      } else {
        response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      }
      return new Reply(response.statusCode(), response.headers().map(), response.body());
    };
  }

  @Override
  public String toString() {
    return async ? "JDK HttpClient sendAsync" : "JDK HttpClient send";
  }
}
