package dev.vectorguard.mask;

import java.util.Objects;

/**
 * One masking rule of a policy: a field selector and the action applied to what it selects.
 *
 * <p>The selector, checked when the rule is made, is a dot path into a point's payload
 * ({@code customer.email}), where {@code *} matches one level, {@code **} any depth, and
 * {@code []} every array element ({@code contacts[].email}). {@code keep} is the number of trailing characters {@link
 * MaskAction#PARTIAL} keeps, and 0 for every other action.
 *
 * <p>A request may not filter, order, group, facet or score by a masked field: each would reveal
 * what the mask hides (a range on a redacted salary, a prefix match on a hashed email). With
 * {@code exactLookups} the policy author accepts one such oracle: filters that test the field for
 * equality with given values (Qdrant {@code match.value}/{@code any}/{@code except}, Milvus
 * {@code ==}/{@code !=}/{@code in}/{@code not in}, Chroma {@code $eq}/{@code $ne}/{@code $in}/{@code $nin};
 * a negation answers the same question as its equality) are let through — someone who already
 * knows a value may confirm it.
 *
 * @param field the field selector
 * @param action the action
 * @param keep trailing characters kept by {@code partial}
 * @param exactLookups whether equality filters on the field are allowed
 */
public record MaskRule(String field, MaskAction action, int keep, boolean exactLookups) {
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
    // A malformed selector is refused here, when a policy is loaded, rather than when a call is masked.
    FieldMatcher.parse(field);
  }

  /** A rule that allows no lookups on its field. */
  public MaskRule(String field, MaskAction action, int keep) {
    this(field, action, keep, false);
  }

  public static MaskRule of(String field, MaskAction action) {
    return new MaskRule(field, action, 0);
  }
}
