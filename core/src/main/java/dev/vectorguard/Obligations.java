package dev.vectorguard;

import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an allowed call must obey: result cap, vector stripping, tenant filters, masks, the output
 * fields it may ask for, and whether listings are filtered. Immutable.
 *
 * <p>{@link #merge(Obligations)} combines the obligations of several matching rules into the most
 * restrictive: the lowest cap, strip over keep, the strongest mask action per field, the
 * intersection of allowed output fields, and every tenant filter (AND-ed). Two tenant filters
 * with different values for one field cannot both hold: {@link #conflictingTenantField()} names
 * that field, and the policy engine denies the call.
 */
public final class Obligations {
  /** No obligation: the call goes through as sent. */
  public static final Obligations NONE = builder().build();

  private final @Nullable Integer maxResults;
  private final boolean stripVectors;
  private final List<TenantFilter> tenantFilters;
  private final List<MaskRule> maskRules;
  private final @Nullable Set<String> allowedOutputFields;
  private final boolean filterListings;

  private Obligations(Builder builder) {
    this.maxResults = builder.maxResults;
    this.stripVectors = builder.stripVectors;
    this.tenantFilters = List.copyOf(new LinkedHashSet<>(builder.tenantFilters));
    this.maskRules = List.copyOf(strongestPerField(builder.maskRules));
    this.allowedOutputFields = builder.allowedOutputFields == null
        ? null : Set.copyOf(builder.allowedOutputFields);
    this.filterListings = builder.filterListings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The most results a call may return, or {@code null} when uncapped. */
  public @Nullable Integer maxResults() {
    return maxResults;
  }

  /** Whether raw vectors are removed from requests' asks and from responses. */
  public boolean stripVectors() {
    return stripVectors;
  }

  /** Tenant filters, all of which must hold. */
  public List<TenantFilter> tenantFilters() {
    return tenantFilters;
  }

  /** Mask rules, at most one per field selector (the strongest). */
  public List<MaskRule> maskRules() {
    return maskRules;
  }

  /** The only payload fields a request may ask for, or {@code null} when any field may be asked for. */
  public @Nullable Set<String> allowedOutputFields() {
    return allowedOutputFields;
  }

  /** Whether collection listings in responses are filtered to what the caller may see. */
  public boolean filterListings() {
    return filterListings;
  }

  /** Whether applying these obligations changes nothing. */
  public boolean isNone() {
    return equals(NONE);
  }

  /**
   * Whether these obligations hide payload values: mask rules, or a restriction of the output
   * fields. Error messages a database returns can quote request and stored values, so under such
   * obligations the adapters withhold them: an error body or status description is replaced by
   * the guard's own, keeping the status and what quotes no value.
   */
  public boolean hidesFields() {
    return !maskRules.isEmpty() || allowedOutputFields != null;
  }

  /**
   * The field of two tenant filters that require different values, or {@code null} when the
   * tenant filters are consistent.
   */
  public @Nullable String conflictingTenantField() {
    Map<String, String> seen = new LinkedHashMap<>();
    for (TenantFilter filter : tenantFilters) {
      String previous = seen.putIfAbsent(filter.field(), filter.value());
      if (previous != null && !previous.equals(filter.value())) {
        return filter.field();
      }
    }
    return null;
  }

  /** The most restrictive combination of this and {@code other}. */
  public Obligations merge(Obligations other) {
    if (other.isNone()) {
      return this;
    }
    if (isNone()) {
      return other;
    }
    Builder merged = builder()
        .stripVectors(stripVectors || other.stripVectors)
        .filterListings(filterListings || other.filterListings);
    if (maxResults == null) {
      merged.maxResults(other.maxResults);
    } else {
      merged.maxResults(other.maxResults == null ? maxResults : Math.min(maxResults, other.maxResults));
    }
    tenantFilters.forEach(merged::tenantFilter);
    other.tenantFilters.forEach(merged::tenantFilter);
    maskRules.forEach(merged::mask);
    other.maskRules.forEach(merged::mask);
    if (allowedOutputFields == null) {
      merged.allowedOutputFields(other.allowedOutputFields);
    } else if (other.allowedOutputFields == null) {
      merged.allowedOutputFields(allowedOutputFields);
    } else {
      Set<String> both = new LinkedHashSet<>(allowedOutputFields);
      both.retainAll(other.allowedOutputFields);
      merged.allowedOutputFields(both);
    }
    return merged.build();
  }

  private static List<MaskRule> strongestPerField(List<MaskRule> rules) {
    Map<String, MaskRule> byField = new LinkedHashMap<>();
    for (MaskRule rule : rules) {
      byField.merge(rule.field(), rule, Obligations::stronger);
    }
    return new ArrayList<>(byField.values());
  }

  private static MaskRule stronger(MaskRule a, MaskRule b) {
    MaskRule strongest;
    if (a.action() == b.action()) {
      // Two partial masks: keeping fewer characters reveals less.
      strongest = a.keep() <= b.keep() ? a : b;
    } else {
      strongest = MaskAction.strongest(a.action(), b.action()) == a.action() ? a : b;
    }
    // Lookups stay allowed only where every rule allows them.
    boolean lookups = a.exactLookups() && b.exactLookups();
    return strongest.exactLookups() == lookups ? strongest
        : new MaskRule(strongest.field(), strongest.action(), strongest.keep(), lookups);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Obligations other
        && Objects.equals(maxResults, other.maxResults)
        && stripVectors == other.stripVectors
        && tenantFilters.equals(other.tenantFilters)
        && maskRules.equals(other.maskRules)
        && Objects.equals(allowedOutputFields, other.allowedOutputFields)
        && filterListings == other.filterListings;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxResults, stripVectors, tenantFilters, maskRules, allowedOutputFields, filterListings);
  }

  @Override
  public String toString() {
    return "Obligations{maxResults=" + maxResults + ", stripVectors=" + stripVectors
        + ", tenantFilters=" + tenantFilters + ", maskRules=" + maskRules
        + ", allowedOutputFields=" + allowedOutputFields + ", filterListings=" + filterListings + '}';
  }

  /** Builds {@link Obligations}; not thread-safe. */
  public static final class Builder {
    private @Nullable Integer maxResults;
    private boolean stripVectors;
    private final List<TenantFilter> tenantFilters = new ArrayList<>();
    private final List<MaskRule> maskRules = new ArrayList<>();
    private @Nullable Set<String> allowedOutputFields;
    private boolean filterListings;

    private Builder() {}

    /** Caps results; {@code null} removes the cap. */
    public Builder maxResults(@Nullable Integer maxResults) {
      if (maxResults != null && maxResults < 1) {
        throw new IllegalArgumentException("maxResults must be at least 1, but was " + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    public Builder stripVectors(boolean stripVectors) {
      this.stripVectors = stripVectors;
      return this;
    }

    public Builder tenantFilter(TenantFilter filter) {
      tenantFilters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    public Builder mask(MaskRule rule) {
      maskRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    public Builder allowedOutputFields(@Nullable Set<String> fields) {
      this.allowedOutputFields = fields == null ? null : new LinkedHashSet<>(fields);
      return this;
    }

    public Builder filterListings(boolean filterListings) {
      this.filterListings = filterListings;
      return this;
    }

    public Obligations build() {
      return new Obligations(this);
    }
  }
}
