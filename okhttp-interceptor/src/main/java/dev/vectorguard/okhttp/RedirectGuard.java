package dev.vectorguard.okhttp;

import dev.vectorguard.rest.RestGuard;
import java.io.IOException;
import java.net.ProtocolException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that stops OkHttp from following a redirect away from a guarded call's
 * URL. OkHttp follows redirects below the application interceptors, so a 307 or 308 would resend
 * the guarded request's body to an endpoint the guard never classified, and on the same host with
 * the guard's credential (OkHttp drops only {@code Authorization} across hosts, not Qdrant's
 * {@code api-key}). Vector-database APIs do not redirect, so a redirect is refused; the guarded
 * call then ends with this error and is audited as such. Calls to pass-through hosts may redirect.
 */
final class RedirectGuard implements Interceptor {
  private final RestGuard rest;

  RedirectGuard(RestGuard rest) {
    this.rest = rest;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    HttpUrl asked = chain.call().request().url();
    HttpUrl sending = chain.request().url();
    if (!sending.equals(asked) && rest.guards(asked.uri())) {
      throw new ProtocolException("Vectorguard refused to follow a redirect of a guarded call from "
          + asked.encodedPath() + " to " + sending.host() + sending.encodedPath()
          + ": the guard decided only the first");
    }
    return chain.proceed(chain.request());
  }
}
