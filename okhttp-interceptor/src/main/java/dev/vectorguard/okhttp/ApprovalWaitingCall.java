package dev.vectorguard.okhttp;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import kotlin.jvm.functions.Function0;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A call of {@link VectorGuardOkHttp#callFactory}: {@code enqueue} first waits, off every OkHttp
 * thread, for an approval the call's rule lets it wait for, and only then hands the call to the
 * dispatcher, whose interceptor uses the grant. Everything else is the wrapped call's.
 */
final class ApprovalWaitingCall implements Call {
  private final Call delegate;
  private final GuardInterceptor guard;
  private final AtomicBoolean enqueued = new AtomicBoolean();

  ApprovalWaitingCall(Call delegate, GuardInterceptor guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  @Override
  public void enqueue(Callback callback) {
    if (!enqueued.compareAndSet(false, true)) {
      throw new IllegalStateException("Already Executed");
    }
    guard.readyToBegin(delegate).whenComplete((ready, error) -> delegate.enqueue(callback));
  }

  @Override
  public Request request() {
    return delegate.request();
  }

  @Override
  public Response execute() throws IOException {
    return delegate.execute(); // the interceptor holds this, the caller's own, thread
  }

  @Override
  public void cancel() {
    delegate.cancel();
  }

  @Override
  public boolean isExecuted() {
    return enqueued.get() || delegate.isExecuted();
  }

  @Override
  public boolean isCanceled() {
    return delegate.isCanceled();
  }

  @Override
  public Timeout timeout() {
    return delegate.timeout();
  }

  @Override
  public <T> @Nullable T tag(KClass<T> type) {
    return delegate.tag(type);
  }

  @Override
  public <T> @Nullable T tag(Class<? extends T> type) {
    return delegate.tag(type);
  }

  @Override
  public <T> T tag(KClass<T> type, Function0<? extends T> computeIfAbsent) {
    return delegate.tag(type, computeIfAbsent);
  }

  @Override
  public <T> T tag(Class<T> type, Function0<? extends T> computeIfAbsent) {
    return delegate.tag(type, computeIfAbsent);
  }

  @Override
  public Call clone() {
    return new ApprovalWaitingCall(delegate.clone(), guard);
  }
}
