package dev.vectorguard.model;

import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.mask.MaskRule;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether a field a request reads (filters, orders, groups, facets or scores by) would reveal
 * what the obligations protect: a masked field, or one outside the allowed output fields. Every
 * backend model asks this one question the same way; the backend only parses the field's
 * spelling into a {@link FieldPath}. Stateless.
 */
public final class FieldExposure {
  private FieldExposure() {}

  /**
   * Why reading {@code field} ({@code how}: "ordering by", "faceting on"...) is refused under
   * {@code obligations}, or {@code null} when it may be read.
   *
   * @param spelled the field as the request spelled it, for the message
   */
  public static @Nullable String refusal(String how, String spelled, FieldPath field, Obligations obligations) {
    for (MaskRule rule : obligations.maskRules()) {
      if (FieldPath.selector(rule.field()).overlaps(field)) {
        return how + " '" + spelled + "' would reveal values of the masked field '" + rule.field() + "'";
      }
    }
    Set<String> allowed = obligations.allowedOutputFields();
    if (allowed != null && allowed.stream().noneMatch(a -> field.within(FieldPath.selector(a)))) {
      return how + " '" + spelled + "' would reveal values of a field outside the allowed output fields";
    }
    return null;
  }

  /**
   * Why filtering on {@code field} is refused under {@code obligations}, or {@code null} when it
   * may be: a filter on a masked field is an oracle for what the mask hides (a range on a redacted
   * salary, a prefix on a hashed email), unless every mask rule that covers exactly this field
   * allows exact lookups and the filter only tests for equality; a filter on a field outside the
   * allowed output fields reveals that field.
   *
   * @param exact whether the filter only tests the field for equality with given values
   */
  public static @Nullable String filterRefusal(String spelled, FieldPath field, boolean exact,
      Obligations obligations) {
    for (MaskRule rule : obligations.maskRules()) {
      FieldPath selector = FieldPath.selector(rule.field());
      if (!selector.overlaps(field)) {
        continue;
      }
      boolean lookup = exact && rule.exactLookups() && field.within(selector);
      if (!lookup) {
        return "filtering on '" + spelled + "' would reveal values of the masked field '" + rule.field() + "'"
            + (rule.exactLookups() && exact ? "" : rule.exactLookups()
                ? " (its rule allows only exact-match lookups)" : "");
      }
    }
    Set<String> allowed = obligations.allowedOutputFields();
    if (allowed != null && allowed.stream().noneMatch(a -> field.within(FieldPath.selector(a)))) {
      return "filtering on '" + spelled + "' would reveal values of a field outside the allowed output fields";
    }
    return null;
  }

  /**
   * The tenant filter whose field {@code field} overlaps (it is the tenant field, inside it, or
   * holds it), or {@code null}. Writing or deleting such a field could move a record out of its
   * tenant.
   */
  public static @Nullable TenantFilter tenantFieldTouched(FieldPath field, Obligations obligations) {
    for (TenantFilter tenant : obligations.tenantFilters()) {
      if (FieldPath.selector(tenant.field()).overlaps(field)) {
        return tenant;
      }
    }
    return null;
  }
}
