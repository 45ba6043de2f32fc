package dev.vectorguard.jdkhttp;

import dev.vectorguard.rest.RestGuard;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Guards the calls a {@link HttpClient} makes to Qdrant REST, Milvus REST v2 and Chroma: each is
 * classified, decided, rewritten, sent with the guard's credential (any credential header the
 * application set is removed), masked and audited, through one {@link RestGuard}.
 *
 * <pre>{@code
 * RestGuard rest = RestGuard.builder(guard).backend(URI.create("http://chroma:8000/"), Backend.CHROMA).build();
 * HttpClient client = VectorGuardHttpClient.wrap(HttpClient.newHttpClient(), rest);
 * try (GuardContext.Scope s = GuardContext.actAs(Actor.builder().tenant("acme").build())) {
 *   client.send(request, BodyHandlers.ofString());   // refused: throws the guard's VectorGuardException
 * }
 * }</pre>
 *
 * <p>{@code send} and {@code sendAsync} are both guarded; the actor is the calling thread's
 * {@link dev.vectorguard.GuardContext} when {@code send}/{@code sendAsync} is called. A refused
 * {@code send} throws the guard's {@link dev.vectorguard.VectorGuardException} unwrapped; a refused
 * {@code sendAsync} completes its future exceptionally with it. {@code sendAsync} decides on the
 * client's executor (the common pool when it has none), never on the caller's thread beyond
 * reading the request body, and masks in the response's body subscriber when the body has fully
 * arrived (masked output is held until masking has finished), on the client's threads. Push
 * promises are refused (the guard decided only the request), and so are WebSockets
 * ({@link HttpClient#newWebSocketBuilder()} throws).
 *
 * <p>The wrapped client must follow no redirects and have no {@link java.net.Authenticator}: the
 * JDK client follows redirects and answers 401s below any decorator, re-sending the guarded
 * request (with the guard's credential, or the authenticator's in its place) to what the guard
 * never decided; {@link #wrap} refuses such a client. Immutable and thread-safe.
 */
public final class VectorGuardHttpClient {
  private VectorGuardHttpClient() {}

  /**
   * A client that guards {@code client}'s calls through {@code rest}; {@code client} is unchanged.
   *
   * @throws IllegalArgumentException when {@code client} follows redirects or has an authenticator
   */
  public static HttpClient wrap(HttpClient client, RestGuard rest) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(rest, "rest");
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the HttpClient follows redirects (" + client.followRedirects()
          + "), which would re-send a guarded request to an endpoint the guard never decided; build it with"
          + " followRedirects(HttpClient.Redirect.NEVER)");
    }
    if (client.authenticator().isPresent()) {
      throw new IllegalArgumentException("the HttpClient has an Authenticator, which would answer a 401 by re-sending"
          + " the guarded request with its own credential; build it without one");
    }
    return new GuardedHttpClient(client, rest);
  }
}
