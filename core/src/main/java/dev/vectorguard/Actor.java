package dev.vectorguard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Who a workload acts for in one unit of work: an end user, an AI agent, a tenant. Immutable.
 *
 * <p>The application sets the actor with {@link GuardContext#actAs(Actor)} after it has
 * authenticated the end user; Vectorguard treats these attributes as verified by the application.
 * Well-known attributes are {@value #USER}, {@value #AGENT} and {@value #TENANT}; any other name
 * made of letters, digits, {@code _} and {@code -} is allowed.
 *
 * <pre>{@code
 * Actor actor = Actor.builder().user("alice").tenant("acme").build();
 * }</pre>
 */
public final class Actor {
  public static final String USER = "user";
  public static final String AGENT = "agent";
  public static final String TENANT = "tenant";

  private final Map<String, String> attributes;

  private Actor(Map<String, String> attributes) {
    this.attributes = Map.copyOf(attributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An actor with the given attributes. */
  public static Actor of(Map<String, String> attributes) {
    Builder builder = builder();
    attributes.forEach(builder::attribute);
    return builder.build();
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  public @Nullable String attribute(String name) {
    return attributes.get(name);
  }

  public @Nullable String user() {
    return attributes.get(USER);
  }

  public @Nullable String agent() {
    return attributes.get(AGENT);
  }

  public @Nullable String tenant() {
    return attributes.get(TENANT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Actor other && attributes.equals(other.attributes);
  }

  @Override
  public int hashCode() {
    return attributes.hashCode();
  }

  @Override
  public String toString() {
    return "Actor" + new TreeMap<>(attributes);
  }

  /** Builds an {@link Actor}; not thread-safe. */
  public static final class Builder {
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder() {}

    public Builder user(String user) {
      return attribute(USER, user);
    }

    public Builder agent(String agent) {
      return attribute(AGENT, agent);
    }

    public Builder tenant(String tenant) {
      return attribute(TENANT, tenant);
    }

    /**
     * Sets one attribute.
     *
     * @throws IllegalArgumentException when the name is not {@code [A-Za-z0-9_-]+} or the value is empty
     */
    public Builder attribute(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!name.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException(
            "actor attribute names are letters, digits, '_' and '-', but was '" + name + "'");
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException("actor attribute '" + name + "' must not be empty");
      }
      attributes.put(name, value);
      return this;
    }

    public Actor build() {
      return new Actor(attributes);
    }
  }
}
