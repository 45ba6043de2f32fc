package dev.vectorguard.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.vectorguard.VectorGuard;
import dev.vectorguard.policy.PolicyLoader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The cross-transport conformance suite: every row of {@link Scenarios#all()} is sent through
 * every transport a subclass binds, and each must reach the row's verdict; for an allowed row,
 * the request it actually sends must meet the row's {@link Expectation}s; and the transports of a
 * backend must agree with each other.
 *
 * <p>The idea is OpenTelemetry's {@code AbstractHttpClientTest}: one table, run by each module
 * with a one-method hook. Core runs the REST transports ({@code RestConformanceTest}); the gRPC
 * module runs REST and gRPC side by side, so that a policy is shown to give the same verdict on
 * every transport of a backend.
 *
 * <p>Each row × transport is a named dynamic test ({@code q-search-limit-capped on qdrant-grpc}),
 * plus {@code q-search-limit-capped: transports agree} when more than one transport of the row's
 * backend is bound.
 *
 * <p><b>Verdicts are what a security reviewer demands, not what the code does.</b> Where the code
 * falls short, the pair is listed in {@link KnownDrift#KNOWN_DRIFT} with its cause and the test
 * aborts (an assumption) instead of failing; a listed pair that meets its row fails, so that the
 * list only shrinks. A pair not listed must pass.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>A row spells its request once per {@link Wire} (the protocol), not per client: every
 *       transport of a wire reads the same spelling, and its {@link TransportBinding} is the only
 *       code that knows the transport.
 *   <li>Each row goes through a real decision: its obligations sit on the allow rule of a YAML
 *       policy ({@link Scenario#policy()}) and the transport's own pipeline applies them.
 *   <li>Expectations are transport-neutral ({@link Expectation}) and checked per wire on the
 *       request as it would be sent, strictly: an absent field counts as the server's default,
 *       and a request-side obligation is not met by masking the response afterwards.
 *   <li>State a transport learns from traffic (aliases) is taught the way it learns it in
 *       production, by a listing passing through the same pipeline; canned responses test what
 *       only the response can show (filtered listings).
 *   <li>Known drift is listed per row × wire, not per row, so that a row keeps guarding the wires
 *       that already meet it; a listed pair that starts to pass fails until it is removed.
 * </ul>
 *
 * <h2>Adding a row</h2>
 * Add a {@link Scenario} to the table of its backend ({@code QdrantReadScenarios},
 * {@code QdrantLeakScenarios}, {@code QdrantWriteScenarios}, {@code MilvusScenarios}), spelled for
 * every wire of the backend or {@link Scenario.Builder#notOn left out} with the reason. Pick the
 * verdict and expectations for what must hold, run both modules, and list in {@code KNOWN_DRIFT}
 * the pairs that fall short, each with the rule that is missing and where.
 *
 * <h2>Adding a transport</h2>
 * Write a {@link TransportBinding}: {@code send} runs the transport's own request pipeline for a
 * spelling of its {@link Wire}; {@code violations} checks each {@link Expectation} on the request
 * as that transport encodes it. A transport of an existing wire (the JDK HTTP client for Qdrant
 * REST) reuses every row as it is; a new wire (Chroma REST) adds a {@link Wire} and a spelling
 * per row.
 */
public abstract class ConformanceSuite {

  /** The hook: the transports this module runs the table on. */
  protected abstract List<TransportBinding> bindings();

  @TestFactory
  Stream<DynamicContainer> conformance() {
    List<TransportBinding> bindings = bindings();
    return Scenarios.all().stream()
        .filter(row -> bindings.stream().anyMatch(b -> row.spelling(b.wire()) != null))
        .map(row -> rowTests(row, bindings.stream().filter(b -> row.spelling(b.wire()) != null).toList()));
  }

  private static DynamicContainer rowTests(Scenario row, List<TransportBinding> bindings) {
    Map<Wire, Outcome> outcomes = new EnumMap<>(Wire.class);
    List<DynamicNode> tests = new ArrayList<>();
    for (TransportBinding binding : bindings) {
      tests.add(dynamicTest(row.id() + " on " + binding.wire().id(),
          () -> judge(row, binding, outcome(row, binding, outcomes))));
    }
    if (bindings.size() > 1) {
      tests.add(dynamicTest(row.id() + ": transports agree", () -> agree(row, bindings, outcomes)));
    }
    return dynamicContainer(row.id() + ": " + row.intent(), tests);
  }

  private static synchronized Outcome outcome(Scenario row, TransportBinding binding, Map<Wire, Outcome> outcomes)
      throws Exception {
    Outcome known = outcomes.get(binding.wire());
    if (known == null) {
      VectorGuard guard = VectorGuard.builder(PolicyLoader.parse(row.policy(), row.id() + ".yaml"))
          .workload(dev.vectorguard.Workload.configured(World.WORKLOAD))
          .build();
      known = binding.send(row, guard);
      outcomes.put(binding.wire(), known);
    }
    return known;
  }

  private static void judge(Scenario row, TransportBinding binding, Outcome outcome) {
    List<String> failures = failures(row, binding, outcome);
    KnownDrift.Entry drift = KnownDrift.find(row.id(), binding.wire());
    String where = row.id() + " on " + binding.wire();
    if (drift != null) {
      if (failures.isEmpty()) {
        fail(where + " now meets its row: remove it from KnownDrift.KNOWN_DRIFT (listed for: " + drift.cause() + ")");
      }
      Assumptions.abort(where + " is known drift (" + drift.cause() + "): " + String.join("; ", failures));
    }
    if (!failures.isEmpty()) {
      fail(where + ": " + String.join("; ", failures));
    }
  }

  /** Why {@code outcome} does not meet {@code row}; empty when it does. */
  static List<String> failures(Scenario row, TransportBinding binding, Outcome outcome) {
    List<String> out = new ArrayList<>();
    if (row.verdict() == Scenario.Verdict.REFUSE) {
      if (outcome instanceof Outcome.Allowed allowed) {
        out.add("must be refused, but was sent as " + allowed.sent());
      } else if (row.reasonFragment() != null && !((Outcome.Refused) outcome).reason().toLowerCase(Locale.ROOT)
          .contains(row.reasonFragment().toLowerCase(Locale.ROOT))) {
        out.add("refused, but the reason does not say '" + row.reasonFragment() + "': "
            + ((Outcome.Refused) outcome).reason());
      }
      return out;
    }
    if (outcome instanceof Outcome.Refused refused) {
      out.add("must be allowed, but was refused: " + refused.reason());
      return out;
    }
    Outcome.Allowed allowed = (Outcome.Allowed) outcome;
    for (Expectation expectation : row.expectations()) {
      for (String violation : binding.violations(expectation, row.spelling(binding.wire()), allowed)) {
        out.add(name(expectation) + ": " + violation);
      }
    }
    return out;
  }

  private static void agree(Scenario row, List<TransportBinding> bindings, Map<Wire, Outcome> outcomes)
      throws Exception {
    Map<Wire, Outcome> seen = new EnumMap<>(Wire.class);
    for (TransportBinding binding : bindings) {
      seen.put(binding.wire(), outcome(row, binding, outcomes));
    }
    if (seen.values().stream().map(o -> o instanceof Outcome.Allowed).distinct().count() == 1) {
      return;
    }
    String verdicts = seen.entrySet().stream()
        .map(e -> e.getKey()
            + (e.getValue() instanceof Outcome.Refused r ? " refuses (" + r.reason() + ")" : " allows"))
        .collect(Collectors.joining(", "));
    boolean known = bindings.stream().anyMatch(b -> KnownDrift.find(row.id(), b.wire()) != null);
    if (known) {
      Assumptions.abort(row.id() + " is known drift: the transports disagree: " + verdicts);
    }
    fail(row.id() + ": the transports disagree: " + verdicts);
  }

  private static String name(Expectation expectation) {
    return expectation.getClass().getSimpleName();
  }
}
