package dev.vectorguard.approval;

import java.util.Objects;
import java.util.Set;

/**
 * A person (or service) deciding on approval requests: their id as audit records name it
 * ({@code "user:bob"}) and the principals they hold ({@code "group:dba"}). A rule's
 * {@code approvers} name ids or principals; one must match.
 *
 * @param id who decides, never blank
 * @param groups the principals they hold
 */
public record Approver(String id, Set<String> groups) {
  public Approver {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("an approver's id must not be blank");
    }
    groups = Set.copyOf(groups);
  }

  /** Whether this approver is named by, or holds a principal named by, {@code approvers}. */
  public boolean isAmong(java.util.Collection<String> approvers) {
    return approvers.contains(id) || groups.stream().anyMatch(approvers::contains);
  }
}
