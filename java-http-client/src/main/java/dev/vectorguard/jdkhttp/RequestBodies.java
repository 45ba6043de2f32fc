package dev.vectorguard.jdkhttp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/** Reads a request's body publisher into bytes, stopping one byte past a limit. */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * The body's bytes ({@code null} when there is none or it is empty), at most {@code limit} + 1
   * of them: a body over the limit is cut there, which the guard refuses.
   */
  static CompletableFuture<byte @Nullable []> read(HttpRequest request, long limit) {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
      return CompletableFuture.completedFuture(null);
    }
    Collector collector = new Collector(limit);
    publisher.get().subscribe(collector);
    return collector.result;
  }

  private static final class Collector implements Flow.Subscriber<ByteBuffer> {
    private final CompletableFuture<byte @Nullable []> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long limit;
    private Flow.@Nullable Subscription subscription;

    Collector(long limit) {
      this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer buffer) {
      if (result.isDone()) {
        return;
      }
      int take = (int) Math.min(buffer.remaining(), limit + 1 - bytes.size());
      byte[] chunk = new byte[take];
      buffer.get(chunk);
      bytes.write(chunk, 0, take);
      if (bytes.size() > limit) {
        // Enough to refuse it: the rest is never read into memory.
        subscription.cancel();
        onComplete();
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.size() == 0 ? null : bytes.toByteArray());
    }
  }
}
