package dev.vectorguard.mask;

import java.util.List;

/**
 * Compiles mask rules into {@link MaskPlan}s, caching plans per distinct rule set. Thread-safe.
 * Contract fixed by the foundation; the masking issue implements it.
 */
public final class MaskEngine {
  private final MaskSettings settings;

  private MaskEngine(MaskSettings settings) {
    this.settings = settings;
  }

  public static MaskEngine create(MaskSettings settings) {
    return new MaskEngine(settings);
  }

  /**
   * The plan applying {@code rules} and, when {@code stripVectors}, removing vectors.
   *
   * @throws IllegalArgumentException when a rule cannot be compiled (bad selector, hash without a key)
   */
  public MaskPlan plan(List<MaskRule> rules, boolean stripVectors) {
    throw new UnsupportedOperationException("masking engine not built yet: " + settings);
  }
}
