package dev.vectorguard.conformance;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request of a scenario as one wire spells it.
 *
 * @param wire the wire protocol
 * @param target REST: {@code "METHOD /path"} relative to the base URL; gRPC: the full method name
 *     ({@code qdrant.Points/Search})
 * @param body REST: the JSON body or {@code null}; gRPC: the request message as protobuf JSON
 *     (proto field names), parsed into the official client's type for the method
 */
public record Spelling(Wire wire, String target, @Nullable String body) {
  public Spelling {
    Objects.requireNonNull(wire, "wire");
    Objects.requireNonNull(target, "target");
  }

  /** REST only: the HTTP method of {@link #target}. */
  public String method() {
    return target.substring(0, target.indexOf(' '));
  }

  /** REST only: the path of {@link #target}. */
  public String path() {
    return target.substring(target.indexOf(' ') + 1);
  }

  /**
   * Rows write JSON with single quotes, which Java strings need not escape; this turns them into
   * double quotes. A double quote inside a JSON string is written {@code \"} as usual.
   */
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
