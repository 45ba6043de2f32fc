package dev.vectorguard.jdkhttp;

import dev.vectorguard.rest.RestExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The application's body handler behind the guard: a response the exchange
 * {@link RestExchange#buffersResponse buffers} is collected (up to the limit), masked or filtered
 * when it has arrived, and only then handed to the application's subscriber; any other is passed
 * to it as it streams, counted, and the call completed when it ends. One per call.
 */
final class GuardedBodyHandler<T> implements BodyHandler<T> {
  private final RestExchange exchange;
  private final BodyHandler<T> handler;
  private volatile @Nullable HttpHeaders replacedHeaders;

  GuardedBodyHandler(RestExchange exchange, BodyHandler<T> handler) {
    this.exchange = exchange;
    this.handler = handler;
  }

  /** The headers to show for the response: the received ones, or those of the replaced body. */
  HttpHeaders headers(HttpResponse<?> response) {
    HttpHeaders replaced = replacedHeaders;
    return replaced != null ? replaced : response.headers();
  }

  @Override
  public BodySubscriber<T> apply(ResponseInfo info) {
    int status = info.statusCode();
    if (!exchange.buffersResponse(status)) {
      return new Counting<>(handler.apply(info), status);
    }
    return new Replacing(info);
  }

  /** Passes the body on as it streams and completes the call when it ends. */
  private final class Counting<R> implements BodySubscriber<R> {
    private final BodySubscriber<R> downstream;
    private final int status;
    private long bytes;

    Counting(BodySubscriber<R> downstream, int status) {
      this.downstream = downstream;
      this.status = status;
    }

    @Override
    public CompletionStage<R> getBody() {
      return downstream.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      downstream.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      item.forEach(buffer -> bytes += buffer.remaining());
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable error) {
      exchange.completed(status, bytes, error, false);
      downstream.onError(error);
    }

    @Override
    public void onComplete() {
      exchange.completed(status, bytes, null, false);
      downstream.onComplete();
    }
  }

  /** Collects the body, replaces it through the exchange, then feeds the replacement downstream. */
  private final class Replacing implements BodySubscriber<T> {
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private final ResponseInfo info;
    private Flow.@Nullable Subscription subscription;
    private boolean full;

    Replacing(ResponseInfo info) {
      this.info = info;
    }

    @Override
    public CompletionStage<T> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      long room = exchange.maxResponseBytes() + 1 - collected.size();
      for (ByteBuffer buffer : item) {
        int take = (int) Math.min(buffer.remaining(), Math.max(room, 0));
        byte[] chunk = new byte[take];
        buffer.get(chunk);
        collected.write(chunk, 0, take);
        room -= take;
      }
      if (room <= 0 && !full) {
        // One byte past the limit is enough to withhold it; the rest is not read into memory.
        full = true;
        subscription.cancel();
        onComplete();
      }
    }

    @Override
    public void onError(Throwable error) {
      if (!full) {
        exchange.failed(error, false);
        result.completeExceptionally(error);
      }
    }

    @Override
    public void onComplete() {
      if (result.isDone()) {
        return;
      }
      byte[] replaced;
      try {
        replaced = exchange.replacement(info.statusCode(), info.headers().firstValue("Content-Encoding").orElse(null),
            new ByteArrayInputStream(collected.toByteArray()));
      } catch (Exception | Error e) {
        result.completeExceptionally(e);
        return;
      }
      HttpHeaders headers = replacedHeaders(info.headers(), replaced.length);
      replacedHeaders = headers;
      BodySubscriber<T> downstream = handler.apply(new ReplacedInfo(info, headers));
      downstream.getBody().whenComplete((body, error) -> {
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(body);
        }
      });
      feed(downstream, replaced);
    }
  }

  private static HttpHeaders replacedHeaders(HttpHeaders received, int length) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(received.map());
    map.remove("Transfer-Encoding");
    map.put("Content-Length", List.of(String.valueOf(length)));
    return HttpHeaders.of(map, (name, value) -> true);
  }

  /** Hands {@code bytes} to {@code subscriber} as one buffer, honouring its demand. */
  private static <R> void feed(BodySubscriber<R> subscriber, byte[] bytes) {
    AtomicBoolean delivered = new AtomicBoolean();
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        if (n > 0 && delivered.compareAndSet(false, true)) {
          subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
          subscriber.onComplete();
        }
      }

      @Override
      public void cancel() {
        delivered.set(true);
      }
    });
  }

  private record ReplacedInfo(ResponseInfo received, HttpHeaders headers) implements ResponseInfo {
    @Override
    public int statusCode() {
      return received.statusCode();
    }

    @Override
    public HttpClient.Version version() {
      return received.version();
    }
  }
}
