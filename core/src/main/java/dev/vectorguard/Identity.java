package dev.vectorguard;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the {@link Workload} and, when one is set, the {@link Actor} it acts for.
 * Immutable.
 *
 * <p>Policies address identity through attribute paths: {@code workload} (the workload id),
 * {@code workload.<claim>} (a verified claim) and {@code actor.<name>}. {@link #attribute(String)}
 * resolves them; templates such as {@code ${actor.tenant}} are filled from it and nowhere else.
 */
public final class Identity {
  private final Workload workload;
  private final @Nullable Actor actor;

  private Identity(Workload workload, @Nullable Actor actor) {
    this.workload = Objects.requireNonNull(workload, "workload");
    this.actor = actor;
  }

  public static Identity of(Workload workload, @Nullable Actor actor) {
    return new Identity(workload, actor);
  }

  public static Identity of(Workload workload) {
    return new Identity(workload, null);
  }

  public Workload workload() {
    return workload;
  }

  public @Nullable Actor actor() {
    return actor;
  }

  /**
   * The value at an attribute path ({@code workload}, {@code workload.sub}, {@code actor.tenant}),
   * or {@code null} when the identity has no such attribute.
   */
  public @Nullable String attribute(String path) {
    if (path.equals("workload")) {
      return workload.id();
    }
    if (path.startsWith("workload.")) {
      return workload.attribute(path.substring("workload.".length()));
    }
    if (path.startsWith("actor.")) {
      return actor == null ? null : actor.attribute(path.substring("actor.".length()));
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identity other
        && workload.equals(other.workload)
        && Objects.equals(actor, other.actor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(workload, actor);
  }

  @Override
  public String toString() {
    return "Identity{" + workload + (actor == null ? "" : ", " + actor) + '}';
  }
}
