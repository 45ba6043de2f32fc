package dev.vectorguard;

import dev.vectorguard.model.UnenforceableRequestException;
import org.jspecify.annotations.Nullable;

/**
 * What a transport adapter does to the request of an allowed call before anything is sent: checks
 * that the request can be served under the call's obligations and rewrites it to obey them
 * (limits clamped, vectors turned off, the tenant filter injected). {@link VectorGuard#begin(VectorCall,
 * Actor, RequestRewrite)} runs it after the decision and before the {@code call.started} event, so
 * that a request it refuses is audited once, as {@code call.refused}, and never sent.
 *
 * <pre>{@code
 * GuardedRequest<byte[]> started = guard.begin(call, actor,
 *     obligations -> dialect.bodyToSend(request, call, obligations));
 * }</pre>
 *
 * <p>Called once per call, on the calling thread. It must not send anything or have other side
 * effects: the call may still be refused after it (no credential, no audit).
 *
 * @param <R> the request as the transport sends it (a body, a message)
 */
@FunctionalInterface
public interface RequestRewrite<R extends @Nullable Object> {

  /**
   * The request to send under {@code obligations} (which are {@link Obligations#NONE} when the
   * decision is not enforced).
   *
   * @throws UnenforceableRequestException when the request cannot be made to obey them: it would
   *     reveal a masked field, cannot be confined to the caller's tenant, or writes another
   *     tenant's data; its message is the one-line reason given to the caller
   */
  R apply(Obligations obligations) throws UnenforceableRequestException;
}
