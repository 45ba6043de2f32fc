package dev.vectorguard;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The software identity making calls: a SPIFFE id, a Kubernetes service account, or a name from
 * configuration. Immutable.
 *
 * <p>{@link #verified()} says whether the id and attributes come from a token whose signature was
 * checked; configured workloads are trusted as configuration, and say so in audit records.
 */
public final class Workload {
  private final String id;
  private final Map<String, String> attributes;
  private final boolean verified;

  private Workload(String id, Map<String, String> attributes, boolean verified) {
    if (id.isBlank()) {
      throw new IllegalArgumentException("workload id must not be blank");
    }
    this.id = id;
    this.attributes = Map.copyOf(attributes);
    this.verified = verified;
  }

  /** A workload named in configuration, such as {@code "spiffe://acme.io/ns/prod/sa/rag"}. */
  public static Workload configured(String id) {
    return new Workload(Objects.requireNonNull(id, "id"), Map.of(), false);
  }

  /** A workload established from a verified token; {@code claims} are its verified string claims. */
  public static Workload verified(String id, Map<String, String> claims) {
    return new Workload(Objects.requireNonNull(id, "id"), Objects.requireNonNull(claims, "claims"), true);
  }

  public String id() {
    return id;
  }

  /** Verified claims of the workload's token (empty for configured workloads). */
  public Map<String, String> attributes() {
    return attributes;
  }

  public @Nullable String attribute(String name) {
    return attributes.get(name);
  }

  public boolean verified() {
    return verified;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Workload other
        && id.equals(other.id)
        && attributes.equals(other.attributes)
        && verified == other.verified;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, attributes, verified);
  }

  @Override
  public String toString() {
    return "Workload{" + id + (verified ? ", verified" : ", configured")
        + (attributes.isEmpty() ? "" : ", claims=" + new TreeMap<>(attributes).keySet()) + '}';
  }
}
