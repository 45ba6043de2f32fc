package dev.vectorguard.resttest;

import dev.vectorguard.GuardContext;
import dev.vectorguard.VectorGuard;
import dev.vectorguard.conformance.Expectation;
import dev.vectorguard.conformance.Outcome;
import dev.vectorguard.conformance.RestBinding;
import dev.vectorguard.conformance.Scenario;
import dev.vectorguard.conformance.Spelling;
import dev.vectorguard.conformance.TransportBinding;
import dev.vectorguard.conformance.Trees;
import dev.vectorguard.conformance.Wire;
import dev.vectorguard.conformance.World;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * The conformance table through a real REST transport: each row's request goes through the
 * transport's guarded client to a MockWebServer playing the backend, which records what arrived
 * and answers with the row's canned response (or an empty success); the checks are
 * {@link RestBinding}'s. A refusal is whatever the client threw with the guard's exception in it.
 */
public final class RestTransportBinding implements TransportBinding {
  private final RestTransport transport;
  private final Wire wire;
  private final RestBinding checks;

  private RestTransportBinding(RestTransport transport, Wire wire, RestBinding checks) {
    this.transport = transport;
    this.wire = wire;
    this.checks = checks;
  }

  /** The Qdrant REST and Milvus REST bindings of {@code transport}. */
  public static List<TransportBinding> of(RestTransport transport) {
    return List.of(new RestTransportBinding(transport, Wire.QDRANT_REST, RestBinding.qdrant()),
        new RestTransportBinding(transport, Wire.MILVUS_REST, RestBinding.milvus()));
  }

  @Override
  public Wire wire() {
    return wire;
  }

  @Override
  public Outcome send(Scenario scenario, VectorGuard guard) throws Exception {
    try (MockWebServer server = new MockWebServer();
        GuardContext.Scope s = GuardContext.actAs(World.actor())) {
      server.start();
      RestTransport.Client client = transport.connect(guard,
          new RestTransport.Setup().backend(server.url("/").uri(), wire.backend()));
      return RestBinding.send(wire, scenario, (spelling, response) -> exchange(server, client, spelling, response));
    }
  }

  private Outcome exchange(MockWebServer server, RestTransport.Client client, Spelling spelling,
      @Nullable String response) throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(response != null ? response : wire == Wire.QDRANT_REST ? "{\"result\":[],\"status\":\"ok\"}"
            : "{\"code\":0,\"data\":[]}").build());
    String base = server.url("/").toString();
    RestTransport.Request request = new RestTransport.Request(spelling.method(),
        java.net.URI.create(base.substring(0, base.length() - 1) + spelling.path()),
        spelling.body() == null ? java.util.Map.of() : java.util.Map.of("Content-Type", List.of("application/json")),
        spelling.body());
    RestTransport.Reply reply;
    try {
      reply = client.send(request);
    } catch (Exception e) {
      if (!Refusals.isRefusal(e)) {
        throw e;
      }
      server.takeRequest(0, TimeUnit.SECONDS); // a response withheld: drop what the server got
      return new Outcome.Refused(Refusals.of(e).getMessage());
    }
    RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
    if (sent == null) {
      throw new AssertionError(spelling + ": the transport reported success but sent nothing");
    }
    byte[] sentBody = sent.getBody() == null || sent.getBody().size() == 0 ? null : sent.getBody().toByteArray();
    return new Outcome.Allowed(Trees.parse(spelling.body()), Trees.parse(sentBody),
        response == null ? null : Trees.parse(reply.body()));
  }

  @Override
  public List<String> violations(Expectation expectation, Spelling spelling, Outcome.Allowed allowed) {
    return checks.violations(expectation, spelling, allowed);
  }

  @Override
  public String toString() {
    return wire.id() + " via " + transport;
  }
}
