package dev.vectorguard;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One vector-database call as a dialect classified it: backend, operation, access level, what it
 * addresses, and the request facts. Immutable and independent of who is calling (see
 * {@link Identity}), so the same classification can be decided for any caller.
 *
 * <pre>{@code
 * VectorCall call = VectorCall.builder(Backend.QDRANT, Operation.SEARCH)
 *     .collections(List.of("docs"))
 *     .endpoint("POST /collections/docs/points/search")
 *     .build();
 * }</pre>
 */
public final class VectorCall {
  private final Backend backend;
  private final Operation operation;
  private final AccessLevel access;
  private final Scope scope;
  private final List<String> collections;
  private final @Nullable String database;
  private final RequestFacts facts;
  private final String endpoint;

  private VectorCall(Builder builder) {
    this.backend = builder.backend;
    this.operation = builder.operation;
    this.access = builder.access == null ? builder.operation.defaultAccess() : builder.access;
    this.collections = List.copyOf(builder.collections);
    this.scope = builder.scope != null
        ? builder.scope
        : !collections.isEmpty() ? Scope.COLLECTION
        : builder.database != null ? Scope.DATABASE
        : Scope.GLOBAL;
    if (scope == Scope.COLLECTION && collections.isEmpty()) {
      throw new IllegalArgumentException("a collection-scoped call must name a collection");
    }
    this.database = builder.database;
    this.facts = builder.facts;
    this.endpoint = builder.endpoint;
  }

  /** Starts a call of {@code operation} on {@code backend}; the access level defaults to the operation's. */
  public static Builder builder(Backend backend, Operation operation) {
    return new Builder(Objects.requireNonNull(backend, "backend"),
        Objects.requireNonNull(operation, "operation"));
  }

  public Backend backend() {
    return backend;
  }

  public Operation operation() {
    return operation;
  }

  public AccessLevel access() {
    return access;
  }

  public Scope scope() {
    return scope;
  }

  /** Every collection the call touches, in request order, without duplicates; empty unless {@link Scope#COLLECTION}. */
  public List<String> collections() {
    return collections;
  }

  /** The database the call addresses (Milvus, Chroma), or {@code null} for backends without one. */
  public @Nullable String database() {
    return database;
  }

  public RequestFacts facts() {
    return facts;
  }

  /** The wire-level name of the call ({@code "POST /collections/{c}/points/search"}, {@code "qdrant.Points/Search"}). */
  public String endpoint() {
    return endpoint;
  }

  /** A copy of this call that touches only {@code collection}, for per-collection decisions of batch calls. */
  public VectorCall withOnlyCollection(String collection) {
    Builder builder = toBuilder();
    builder.collections = List.of(collection);
    return builder.build();
  }

  public Builder toBuilder() {
    Builder builder = new Builder(backend, operation);
    builder.access = access;
    builder.scope = scope;
    builder.collections = collections;
    builder.database = database;
    builder.facts = facts;
    builder.endpoint = endpoint;
    return builder;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorCall other
        && backend == other.backend
        && operation == other.operation
        && access == other.access
        && scope == other.scope
        && collections.equals(other.collections)
        && Objects.equals(database, other.database)
        && facts.equals(other.facts)
        && endpoint.equals(other.endpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(backend, operation, access, scope, collections, database, facts, endpoint);
  }

  @Override
  public String toString() {
    return "VectorCall{" + backend.id() + ' ' + operation.id() + ' ' + access.id()
        + ", scope=" + scope + ", collections=" + collections
        + (database == null ? "" : ", database=" + database)
        + ", endpoint=" + endpoint + ", " + facts + '}';
  }

  /** Builds a {@link VectorCall}; not thread-safe. */
  public static final class Builder {
    private final Backend backend;
    private final Operation operation;
    private @Nullable AccessLevel access;
    private @Nullable Scope scope;
    private List<String> collections = List.of();
    private @Nullable String database;
    private RequestFacts facts = RequestFacts.NONE;
    private String endpoint = "";

    private Builder(Backend backend, Operation operation) {
      this.backend = backend;
      this.operation = operation;
    }

    /**
     * Sets the access level. It may be stricter than the operation's default, never weaker.
     *
     * @throws IllegalArgumentException when {@code access} is below the operation's default
     */
    public Builder access(AccessLevel access) {
      Objects.requireNonNull(access, "access");
      if (!access.atLeast(operation.defaultAccess())) {
        throw new IllegalArgumentException("access of " + operation.id() + " must be at least "
            + operation.defaultAccess().id() + ", but was " + access.id());
      }
      this.access = access;
      return this;
    }

    /** Sets the scope explicitly; by default it follows from collections and database. */
    public Builder scope(Scope scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /** Sets the collections touched; duplicates are dropped, order kept. */
    public Builder collections(List<String> collections) {
      for (String collection : collections) {
        if (collection == null || collection.isEmpty()) {
          throw new IllegalArgumentException("collection names must not be null or empty, but were " + collections);
        }
      }
      this.collections = collections.stream().distinct().toList();
      return this;
    }

    public Builder collection(String collection) {
      return collections(List.of(collection));
    }

    public Builder database(@Nullable String database) {
      this.database = database;
      return this;
    }

    public Builder facts(RequestFacts facts) {
      this.facts = Objects.requireNonNull(facts, "facts");
      return this;
    }

    public Builder endpoint(String endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    public VectorCall build() {
      return new VectorCall(this);
    }
  }
}
