package dev.vectorguard.testkit;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each call's metadata and first request message; thread-safe. */
final class CallRecorder implements ServerInterceptor {
  private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();

  List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  void clear() {
    calls.clear();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    Map<String, List<String>> copy = copy(headers);
    String method = call.getMethodDescriptor().getFullMethodName();
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onMessage(ReqT message) {
        calls.add(new RecordedCall(method, copy, message));
        super.onMessage(message);
      }
    };
  }

  static Map<String, List<String>> copy(Metadata headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (String key : headers.keys()) {
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        continue;
      }
      Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
      List<String> list = new ArrayList<>();
      if (values != null) {
        values.forEach(list::add);
      }
      copy.put(key.toLowerCase(Locale.ROOT), List.copyOf(list));
    }
    return copy;
  }
}
