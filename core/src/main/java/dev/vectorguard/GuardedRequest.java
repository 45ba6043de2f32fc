package dev.vectorguard;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call the guard let through, with its request as the {@link RequestRewrite} made it to obey
 * the call's obligations: send {@link #request()}, then complete {@link #call()}.
 *
 * @param call the call to complete once it has ended
 * @param request the request to send; {@code null} only where the rewrite returns it for "none"
 * @param <R> the request as the transport sends it
 */
public record GuardedRequest<R extends @Nullable Object>(GuardedCall call, R request) {
  public GuardedRequest {
    Objects.requireNonNull(call, "call");
  }
}
