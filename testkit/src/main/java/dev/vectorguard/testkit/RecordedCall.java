package dev.vectorguard.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call a test server received: the full method name, every metadata entry (names lower-case,
 * values in arrival order) and the request message.
 *
 * @param method the full method name, such as {@code qdrant.Points/Search}
 * @param headers metadata names (lower-case) to their values, in the order they arrived
 * @param request the request message as received
 */
public record RecordedCall(String method, Map<String, List<String>> headers, Object request) {
  public RecordedCall {
    Objects.requireNonNull(method, "method");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(request, "request");
  }

  /** The first value of metadata {@code name} (any letter case), or {@code null}. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Every value of metadata {@code name} (any letter case), possibly empty. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }
}
