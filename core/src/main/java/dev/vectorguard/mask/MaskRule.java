package dev.vectorguard.mask;

import java.util.Objects;

/**
 * One masking rule of a policy: a field selector and the action applied to what it selects.
 *
 * <p>The selector is a dot path into a point's payload ({@code customer.email}), where {@code *}
 * matches one level, {@code **} any depth, and {@code []} every array element
 * ({@code contacts[].email}). {@code keep} is the number of trailing characters {@link
 * MaskAction#PARTIAL} keeps, and 0 for every other action.
 *
 * @param field the field selector
 * @param action the action
 * @param keep trailing characters kept by {@code partial}
 */
public record MaskRule(String field, MaskAction action, int keep) {
  public MaskRule {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(action, "action");
    if (field.isBlank()) {
      throw new IllegalArgumentException("mask field must not be blank");
    }
    if (keep < 0) {
      throw new IllegalArgumentException("keep must not be negative, but was " + keep);
    }
    if (keep > 0 && action != MaskAction.PARTIAL) {
      throw new IllegalArgumentException("keep applies only to partial, but the action was " + action.id());
    }
  }

  public static MaskRule of(String field, MaskAction action) {
    return new MaskRule(field, action, 0);
  }
}
