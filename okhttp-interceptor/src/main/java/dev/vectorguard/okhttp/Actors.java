package dev.vectorguard.okhttp;

import dev.vectorguard.Actor;
import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.observe.CallOrigin;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Call;
import okhttp3.EventListener;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the actor and the {@link CallOrigin origin} (the listeners' tracing context) of each
 * call where it is created: OkHttp runs {@link EventListener.Factory#create} inside {@code newCall}
 * on the calling thread, whereas the interceptor of an {@code enqueue}d call runs on a dispatcher
 * thread whose {@link GuardContext} is someone else's. Entries go away with their calls (weak keys,
 * identity of the call). Thread-safe.
 */
final class Actors {
  private record Captured(@Nullable Actor actor, CallOrigin origin, Thread creator) {}

  private final VectorGuard guard;
  private final Map<Call, Captured> byCall = Collections.synchronizedMap(new WeakHashMap<>());

  Actors(VectorGuard guard) {
    this.guard = guard;
  }

  /** A listener factory that captures the actor and origin, then delegates to {@code delegate}. */
  EventListener.Factory capturing(EventListener.Factory delegate) {
    return call -> {
      byCall.put(call, new Captured(GuardContext.current(), origin(call), Thread.currentThread()));
      return delegate.create(call);
    };
  }

  /** The origin captured when {@code call} was created, or else one captured on the current thread. */
  CallOrigin originOf(Call call) {
    Captured captured = byCall.get(call);
    return captured != null ? captured.origin() : origin(call);
  }

  private CallOrigin origin(Call call) {
    return guard.captureOrigin(call.request().url().host(), call.request().url().port());
  }

  /**
   * The actor captured when {@code call} was created; for calls of clients not built by
   * {@code wrap} (no capture), the current thread's actor, which is right for {@code execute()}.
   */
  @Nullable Actor actorOf(Call call) {
    Captured captured = byCall.get(call);
    return captured != null ? captured.actor() : GuardContext.current();
  }

  /**
   * Whether {@code call} runs on the thread that created it, so that holding it for an approval
   * holds only its own caller ({@code execute()}); an {@code enqueue}d call runs on a dispatcher
   * thread, which is never held. Calls of clients not built by {@code wrap} count as their own.
   */
  boolean onCreatorThread(Call call) {
    Captured captured = byCall.get(call);
    return captured == null || captured.creator() == Thread.currentThread();
  }
}
