package dev.vectorguard.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a transport did with a scenario's request: refused it, or sent something. */
public sealed interface Outcome permits Outcome.Refused, Outcome.Allowed {

  /** Nothing was sent; {@code reason} is the refusal the caller would see. */
  record Refused(String reason) implements Outcome {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The request went ahead.
   *
   * @param original the request as the row spelled it, as a JSON tree ({@code null} without a body)
   * @param sent the request the transport would send, after the guard's rewriting, in the same form
   * @param response the response the caller would get for the row's canned response, or {@code null}
   */
  record Allowed(@Nullable JsonNode original, @Nullable JsonNode sent, @Nullable JsonNode response)
      implements Outcome {}
}
