package dev.vectorguard.mask;

import org.jspecify.annotations.Nullable;

/**
 * The action applied at one field, with {@code keep} for partial. Not public API.
 *
 * <p>Terminal effects replace the whole value; {@code detect-pii} and {@code partial} are inherited
 * by every string below the selected field, so a container selected by them is masked leaf by leaf.
 */
record Effect(MaskAction action, int keep) {
  static Effect of(MaskRule rule) {
    return new Effect(rule.action(), rule.keep());
  }

  boolean terminal() {
    return action != MaskAction.DETECT_PII && action != MaskAction.PARTIAL;
  }

  /** The effect that reveals less; for two partial effects, the one keeping fewer characters. */
  static @Nullable Effect stronger(@Nullable Effect a, @Nullable Effect b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.action == MaskAction.PARTIAL && b.action == MaskAction.PARTIAL) {
      return a.keep <= b.keep ? a : b;
    }
    return MaskAction.strongest(a.action, b.action) == a.action ? a : b;
  }
}
