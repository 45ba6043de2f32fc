package dev.vectorguard;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a dialect read from a request that a policy or an obligation may look at. Immutable.
 *
 * <p>Facts are hints for policy and audit; enforcement never trusts them alone: obligations are
 * applied by rewriting the request and masking the response.
 */
public final class RequestFacts {
  /** Facts of a request that carries none of interest (health, listings). */
  public static final RequestFacts NONE = builder().build();

  private final @Nullable Integer limit;
  private final boolean vectorsRequested;
  private final boolean filterPresent;
  private final List<String> outputFields;
  private final List<String> filterFields;

  private RequestFacts(Builder builder) {
    this.limit = builder.limit;
    this.vectorsRequested = builder.vectorsRequested;
    this.filterPresent = builder.filterPresent;
    this.outputFields = List.copyOf(builder.outputFields);
    this.filterFields = List.copyOf(builder.filterFields);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The result limit the request asks for, or {@code null} when it names none. */
  public @Nullable Integer limit() {
    return limit;
  }

  /** Whether the request asks for raw vectors in the response. */
  public boolean vectorsRequested() {
    return vectorsRequested;
  }

  /** Whether the request carries a filter expression. */
  public boolean filterPresent() {
    return filterPresent;
  }

  /** Payload fields the request asks for explicitly; empty means the backend's default. */
  public List<String> outputFields() {
    return outputFields;
  }

  /** Payload fields the request filters, groups, orders or facets on. */
  public List<String> filterFields() {
    return filterFields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestFacts other
        && Objects.equals(limit, other.limit)
        && vectorsRequested == other.vectorsRequested
        && filterPresent == other.filterPresent
        && outputFields.equals(other.outputFields)
        && filterFields.equals(other.filterFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(limit, vectorsRequested, filterPresent, outputFields, filterFields);
  }

  @Override
  public String toString() {
    return "RequestFacts{limit=" + limit + ", vectorsRequested=" + vectorsRequested
        + ", filterPresent=" + filterPresent + ", outputFields=" + outputFields
        + ", filterFields=" + filterFields + '}';
  }

  /** Builds {@link RequestFacts}; not thread-safe. */
  public static final class Builder {
    private @Nullable Integer limit;
    private boolean vectorsRequested;
    private boolean filterPresent;
    private List<String> outputFields = List.of();
    private List<String> filterFields = List.of();

    private Builder() {}

    public Builder limit(@Nullable Integer limit) {
      if (limit != null && limit < 0) {
        throw new IllegalArgumentException("limit must not be negative, but was " + limit);
      }
      this.limit = limit;
      return this;
    }

    public Builder vectorsRequested(boolean vectorsRequested) {
      this.vectorsRequested = vectorsRequested;
      return this;
    }

    public Builder filterPresent(boolean filterPresent) {
      this.filterPresent = filterPresent;
      return this;
    }

    public Builder outputFields(List<String> outputFields) {
      this.outputFields = List.copyOf(outputFields);
      return this;
    }

    public Builder filterFields(List<String> filterFields) {
      this.filterFields = List.copyOf(filterFields);
      return this;
    }

    public RequestFacts build() {
      return new RequestFacts(this);
    }
  }
}
