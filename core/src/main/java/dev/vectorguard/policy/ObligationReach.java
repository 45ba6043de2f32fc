package dev.vectorguard.policy;

import dev.vectorguard.Backend;
import dev.vectorguard.mask.MaskRule;
import org.jspecify.annotations.Nullable;

/**
 * Whether a backend can enforce an obligation as a policy spells it, asked of every backend a
 * rule may apply to by {@link CompiledPolicy#obligationWarnings(ObligationReach)}. A policy that
 * one backend cannot enforce is still valid (each call is refused there, never let through), so
 * the answers are warnings, for {@code vectorguard policy check}. Implementations are stateless.
 */
public interface ObligationReach {
  /** Why {@code backend} cannot filter on the tenant field {@code field}, or {@code null} when it can. */
  @Nullable String tenantField(Backend backend, String field);

  /** Why {@code backend} cannot reach the field {@code mask} names, or {@code null} when it can. */
  @Nullable String mask(Backend backend, MaskRule mask);
}
