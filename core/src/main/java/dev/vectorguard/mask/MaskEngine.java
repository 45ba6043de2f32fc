package dev.vectorguard.mask;

import com.fasterxml.jackson.core.JsonFactory;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Compiles mask rules into {@link MaskPlan}s, caching one plan per distinct (rules, strip) pair so
 * that selectors are compiled once per policy rather than once per call. Thread-safe.
 *
 * <pre>{@code
 * MaskEngine engine = MaskEngine.create(MaskSettings.builder().hashKey(key).build());
 * MaskPlan plan = engine.plan(List.of(MaskRule.of("customer.email", MaskAction.REDACT)), true);
 * MaskCounts counts = plan.maskJson(in, out,
 *     JsonLayout.of(List.of("result.points[*].payload"), List.of("result.points[*].vector")));
 * }</pre>
 */
public final class MaskEngine {
  private final MaskSettings settings;
  private final JsonFactory reader;
  private final Cache<PlanKey, MaskPlan> plans;
  private final Cache<JsonLayout, LayoutNode> layouts;

  private record PlanKey(List<MaskRule> rules, boolean stripVectors) {}

  private MaskEngine(MaskSettings settings) {
    this.settings = settings;
    this.reader = JsonSupport.reader(settings);
    this.plans = Caffeine.newBuilder().maximumSize(settings.planCacheSize()).build();
    this.layouts = Caffeine.newBuilder().maximumSize(64).build();
  }

  public static MaskEngine create(MaskSettings settings) {
    return new MaskEngine(Objects.requireNonNull(settings, "settings"));
  }

  /** The settings, including {@link MaskSettings#onUnparseable()}, which adapters apply on a {@link MaskingException}. */
  public MaskSettings settings() {
    return settings;
  }

  /**
   * The plan applying {@code rules} and, when {@code stripVectors}, removing vectors.
   *
   * @throws IllegalArgumentException when a rule cannot be compiled (bad selector) or applied
   *     ({@link #unsupported})
   */
  public MaskPlan plan(List<MaskRule> rules, boolean stripVectors) {
    Objects.requireNonNull(rules, "rules");
    PlanKey key = new PlanKey(List.copyOf(rules), stripVectors);
    return plans.get(key, k -> new MaskPlan(k.rules(), k.stripVectors(), settings, reader, this::layout));
  }

  /**
   * Why this engine cannot apply {@code rule}, or {@code null} when it can: a {@code hash} rule
   * needs a hash key, a {@code detect-pii} rule at least one detector. {@link #plan} refuses such
   * rules; a guard asks this of every mask rule of its policy when it is built, and of every
   * policy reloaded later, so that the refusal comes at start rather than at a call.
   */
  public @Nullable String unsupported(MaskRule rule) {
    return MaskPlan.unsupported(Objects.requireNonNull(rule, "rule"), settings);
  }

  private LayoutNode layout(JsonLayout layout) {
    return layouts.get(layout, LayoutNode::compile);
  }

  @Override
  public String toString() {
    return "MaskEngine{" + settings + '}';
  }
}
