package dev.vectorguard.conformance;

import dev.vectorguard.Backend;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of the conformance table: a request with one meaning, spelled once per wire of its
 * backend, the obligations its caller is under, and the verdict a security reviewer demands.
 *
 * <p>The row's obligations are those of one allow rule, so that every row goes through a real
 * policy decision (see {@link #policy()}): the caller ({@link World#actor()}) may read and write
 * {@link World#DOCS}, {@link World#OWNERS} and names starting {@code docs_} (so that an alias the
 * guard does not resolve would get through); {@link World#SECRET} is denied by rule
 * {@code no-secret}; listings are allowed (and filtered); nothing else is.
 *
 * <pre>{@code
 * Scenario.qdrant("q-search-limit-capped", "a search asking for 100 hits is capped")
 *     .obligations(CAP_5)
 *     .rest("POST /collections/docs/points/search", "{'vector':[1,0,0,0],'limit':100}")
 *     .grpc("qdrant.Points/Search", "{'collection_name':'docs','vector':[1,0,0,0],'limit':100}")
 *     .allows(limitAtMost(5));
 * }</pre>
 *
 * <p>Bodies are written with single quotes ({@link Spelling#json}). A wire that cannot express the
 * request is left out with {@link Builder#notOn}, saying why.
 */
public final class Scenario {
  /** What the guard must do with the request. */
  public enum Verdict { ALLOW, REFUSE }

  private final String id;
  private final String intent;
  private final Backend backend;
  private final List<String> obligations;
  private final Map<Wire, Spelling> spellings;
  private final Map<Wire, String> notExpressible;
  private final Map<Wire, String> responses;
  private final Map<String, String> aliases;
  private final boolean described;
  private final Verdict verdict;
  private final @Nullable String reasonFragment;
  private final List<Expectation> expectations;

  private Scenario(Builder b, Verdict verdict, @Nullable String reasonFragment, List<Expectation> expectations) {
    this.id = b.id;
    this.intent = b.intent;
    this.backend = b.backend;
    this.obligations = List.copyOf(b.obligations);
    this.spellings = Map.copyOf(b.spellings);
    this.notExpressible = Map.copyOf(b.notExpressible);
    this.responses = Map.copyOf(b.responses);
    this.aliases = Map.copyOf(b.aliases);
    this.described = b.described;
    this.verdict = verdict;
    this.reasonFragment = reasonFragment;
    this.expectations = List.copyOf(expectations);
  }

  public static Builder qdrant(String id, String intent) {
    return new Builder(id, intent, Backend.QDRANT);
  }

  public static Builder milvus(String id, String intent) {
    return new Builder(id, intent, Backend.MILVUS);
  }

  public String id() {
    return id;
  }

  /** One line saying what the row checks. */
  public String intent() {
    return intent;
  }

  public Backend backend() {
    return backend;
  }

  /** The obligations of the row's allow rule, as policy YAML entries ({@code max_results: 5}). */
  public List<String> obligations() {
    return obligations;
  }

  /** The request as {@code wire} spells it, or {@code null} when the row leaves that wire out. */
  public @Nullable Spelling spelling(Wire wire) {
    return spellings.get(wire);
  }

  public Map<Wire, Spelling> spellings() {
    return spellings;
  }

  /** Why a wire of the backend is left out, by wire. */
  public Map<Wire, String> notExpressible() {
    return notExpressible;
  }

  /** The response the server returns on {@code wire} (JSON in that wire's form), or {@code null}. */
  public @Nullable String response(Wire wire) {
    return responses.get(wire);
  }

  /** Aliases the transport has learned before the request (alias → collection). */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** Whether the transport has seen {@link World#DOCS} described (Milvus: {@link World#MILVUS_FIELDS}). */
  public boolean described() {
    return described;
  }

  public Verdict verdict() {
    return verdict;
  }

  /** A short fragment the refusal must contain, or {@code null} when any refusal will do. */
  public @Nullable String reasonFragment() {
    return reasonFragment;
  }

  /** What must hold of the request an allowed call sends. */
  public List<Expectation> expectations() {
    return expectations;
  }

  /** The policy the row is decided with: fixed rules, and the row's obligations on the allow rule. */
  public String policy() {
    StringBuilder yaml = new StringBuilder("""
        version: 1
        rules:
          - id: no-secret
            collections: [secret]
            effect: deny
          - id: listings
            operations: [list_collections, list_aliases]
            effect: allow
          - id: row
            when: { actor.tenant: "*" }
            collections: [docs, owners, "docs_*"]
            actions: [read, write]
            effect: allow
        """);
    if (!obligations.isEmpty()) {
      yaml.append("    obligations:\n");
      obligations.forEach(o -> yaml.append("      ").append(o).append('\n'));
    }
    return yaml.toString();
  }

  @Override
  public String toString() {
    return id;
  }

  /** Builds a row; {@link #allows} or {@link #refuses} ends it. */
  public static final class Builder {
    private final String id;
    private final String intent;
    private final Backend backend;
    private final List<String> obligations = new ArrayList<>();
    private final Map<Wire, Spelling> spellings = new EnumMap<>(Wire.class);
    private final Map<Wire, String> notExpressible = new EnumMap<>(Wire.class);
    private final Map<Wire, String> responses = new EnumMap<>(Wire.class);
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private boolean described;

    private Builder(String id, String intent, Backend backend) {
      this.id = Objects.requireNonNull(id, "id");
      this.intent = Objects.requireNonNull(intent, "intent");
      this.backend = backend;
    }

    /** The obligations, each a YAML entry of a rule's {@code obligations} map. */
    public Builder obligations(String... entries) {
      obligations.addAll(List.of(entries));
      return this;
    }

    /** The REST spelling: {@code "METHOD /path"} and a single-quoted JSON body (or {@code null}). */
    public Builder rest(String target, @Nullable String body) {
      Wire wire = backend == Backend.QDRANT ? Wire.QDRANT_REST : Wire.MILVUS_REST;
      spellings.put(wire, new Spelling(wire, target, body == null ? null : Spelling.json(body)));
      return this;
    }

    /** The gRPC spelling: a full method name and the message as single-quoted protobuf JSON. */
    public Builder grpc(String method, String message) {
      Wire wire = backend == Backend.QDRANT ? Wire.QDRANT_GRPC : Wire.MILVUS_GRPC;
      spellings.put(wire, new Spelling(wire, method, Spelling.json(message)));
      return this;
    }

    /** Leaves {@code wire} out: it cannot express this request, for {@code reason}. */
    public Builder notOn(Wire wire, String reason) {
      notExpressible.put(wire, reason);
      return this;
    }

    /** The server's response on the REST wire, single-quoted JSON. */
    public Builder restResponse(String body) {
      responses.put(backend == Backend.QDRANT ? Wire.QDRANT_REST : Wire.MILVUS_REST, Spelling.json(body));
      return this;
    }

    /** The server's response on the gRPC wire, single-quoted protobuf JSON. */
    public Builder grpcResponse(String message) {
      responses.put(backend == Backend.QDRANT ? Wire.QDRANT_GRPC : Wire.MILVUS_GRPC, Spelling.json(message));
      return this;
    }

    /** The transport has learned that {@code alias} names {@code collection}. */
    public Builder alias(String alias, String collection) {
      aliases.put(alias, collection);
      return this;
    }

    /** The transport has seen {@link World#DOCS} described, and learned its schema from the response. */
    public Builder described() {
      described = true;
      return this;
    }

    /** The guard must let the request through, sending one that meets {@code expectations}. */
    public Scenario allows(Expectation... expectations) {
      return new Scenario(this, Verdict.ALLOW, null, List.of(expectations));
    }

    /** The guard must refuse the request, with a reason containing {@code fragment} (when not null). */
    public Scenario refuses(@Nullable String fragment) {
      return new Scenario(this, Verdict.REFUSE, fragment, List.of());
    }
  }
}
