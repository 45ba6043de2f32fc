package dev.vectorguard.okhttp;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.resttest.RestTransport;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The REST contract's binding for OkHttp: a client {@link VectorGuardOkHttp#wrap wrapped} by the guard. */
final class OkHttpTransport implements RestTransport {
  static final OkHttpTransport INSTANCE = new OkHttpTransport();

  @Override
  public Client connect(VectorGuard guard, Setup setup) {
    VectorGuardOkHttp.Builder builder = VectorGuardOkHttp.builder(guard);
    setup.backends.forEach((base, backend) -> builder.backend(HttpUrl.get(base), backend));
    setup.passThrough.forEach(base -> builder.passThrough(HttpUrl.get(base)));
    if (setup.maxRequestBytes != null) {
      builder.maxRequestBytes(setup.maxRequestBytes);
    }
    OkHttpClient client = builder.build().wrap(new OkHttpClient());
    return request -> {
      Headers.Builder headers = new Headers.Builder();
      request.headers().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
      String type = headers.get("Content-Type");
      RequestBody body = request.body() == null ? null
          : RequestBody.create(request.body().getBytes(StandardCharsets.UTF_8),
              type == null ? null : MediaType.get(type));
      okhttp3.Request okRequest = new okhttp3.Request.Builder().url(HttpUrl.get(request.url())).headers(headers.build())
          .method(request.method(), body).build();
      try (Response response = client.newCall(okRequest).execute()) {
        return new Reply(response.code(), response.headers().toMultimap(), response.body().string());
      }
    };
  }

  @Override
  public String toString() {
    return "OkHttp";
  }
}
