package dev.vectorguard.springweb;

import dev.vectorguard.rest.RestGuard;
import java.util.Objects;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Guards the calls a Spring {@link RestClient} or {@link RestTemplate} makes to Qdrant REST,
 * Milvus REST v2 and Chroma: each is classified, decided, rewritten, sent with the guard's
 * credential (any credential header the application set is removed), masked and audited, through
 * one {@link RestGuard}.
 *
 * <pre>{@code
 * RestGuard rest = RestGuard.builder(guard).backend(URI.create("http://chroma:8000/"), Backend.CHROMA).build();
 * RestClient client = VectorGuardSpringWeb.create(rest).apply(RestClient.builder()).build();
 * try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
 *   client.get().uri("http://chroma:8000/api/v2/heartbeat").retrieve().body(String.class);
 * }
 * }</pre>
 *
 * <p>A refused call throws the guard's {@link dev.vectorguard.VectorGuardException} (a
 * {@link dev.vectorguard.CallRefusedException} carrying the decision, or a
 * {@link dev.vectorguard.GuardFailureException} carrying the cause), unwrapped by the client, and
 * nothing is sent. The actor is the calling thread's {@link dev.vectorguard.GuardContext}: both
 * clients run interceptors on the caller's thread. Error responses pass through, except that under
 * obligations that hide fields their body is replaced by the guard's (see {@link RestGuard}).
 *
 * <p><b>Redirects</b> are followed, if at all, by the request factory below the interceptors,
 * where the guard cannot see the new endpoint. {@code RestClient}'s default JDK factory and a
 * {@code JdkClientHttpRequestFactory} over an {@code HttpClient} with {@code Redirect.NEVER}
 * follow none; {@code SimpleClientHttpRequestFactory} (RestTemplate's default) follows those of
 * GET requests, so give a guarded {@code RestTemplate} a non-redirecting factory. Immutable and
 * thread-safe.
 */
public final class VectorGuardSpringWeb {
  private final GuardingInterceptor interceptor;

  private VectorGuardSpringWeb(RestGuard rest) {
    this.interceptor = new GuardingInterceptor(rest);
  }

  /** An adapter guarding through {@code rest}. */
  public static VectorGuardSpringWeb create(RestGuard rest) {
    return new VectorGuardSpringWeb(Objects.requireNonNull(rest, "rest"));
  }

  /** The interceptor, to add first in a client's interceptor list. */
  public ClientHttpRequestInterceptor interceptor() {
    return interceptor;
  }

  /** {@code builder} with the guard as its first request interceptor; returns {@code builder}. */
  public RestClient.Builder apply(RestClient.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    return builder.requestInterceptors(interceptors -> {
      interceptors.remove(interceptor);
      interceptors.add(0, interceptor);
    });
  }

  /** {@code template} with the guard as its first interceptor; returns {@code template}. */
  public RestTemplate apply(RestTemplate template) {
    Objects.requireNonNull(template, "template");
    template.getInterceptors().remove(interceptor);
    template.getInterceptors().add(0, interceptor);
    return template;
  }
}
