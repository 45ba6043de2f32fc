package dev.vectorguard.cli;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.Identity;
import dev.vectorguard.Operation;
import dev.vectorguard.VectorCall;
import dev.vectorguard.Workload;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds the identity and the {@link VectorCall} a policy command evaluates, from plain values
 * (command-line options or a test case). Every bad value is an {@link IllegalArgumentException}
 * whose message a person can act on.
 *
 * <p>Raw requests ({@code --http "METHOD PATH"}, {@code --grpc SERVICE/METHOD}) are classified by
 * a dialect into the same {@link VectorCall}; {@link PolicyExplainCommand#buildCall()} is where such
 * options plug in.
 */
final class PolicyCallOptions {
  private PolicyCallOptions() {}

  static Identity identity(String workload, Map<String, String> claims, Map<String, String> actor) {
    if (workload == null || workload.isBlank()) {
      throw new IllegalArgumentException("a workload id is required (--workload)");
    }
    Workload w = claims.isEmpty() ? Workload.configured(workload) : Workload.verified(workload, claims);
    return actor.isEmpty() ? Identity.of(w) : Identity.of(w, Actor.of(actor));
  }

  static VectorCall call(@Nullable String backend, @Nullable String operation, List<String> collections,
      @Nullable String database, @Nullable String access) {
    if (backend == null) {
      throw new IllegalArgumentException("a backend is required (--backend): one of " + ids(Backend.values()));
    }
    Backend b = Backend.fromId(backend);
    if (b == null) {
      throw new IllegalArgumentException("unknown backend '" + backend + "'; valid backends: " + ids(Backend.values()));
    }
    if (operation == null) {
      throw new IllegalArgumentException("an operation is required (--operation), such as search");
    }
    Operation op = Operation.fromId(operation);
    if (op == null) {
      throw new IllegalArgumentException("unknown operation '" + operation + "'; valid operations: "
          + ids(Operation.values()));
    }
    VectorCall.Builder builder = VectorCall.builder(b, op).collections(collections).database(database)
        .endpoint("vectorguard policy: " + b.id() + " " + op.id());
    if (access != null) {
      AccessLevel level = AccessLevel.fromId(access);
      if (level == null) {
        throw new IllegalArgumentException("unknown access level '" + access + "'; valid levels: "
            + ids(AccessLevel.values()));
      }
      builder.access(level);
    }
    return builder.build();
  }

  /** Parses {@code KEY=VALUE} pairs. */
  static Map<String, String> pairs(List<String> pairs, String option) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException(option + " takes KEY=VALUE, but was '" + pair + "'");
      }
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  private static String ids(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
  }
}
