package dev.vectorguard;

import java.util.Objects;

/**
 * A filter the guard adds to every read and checks on every write: payload field {@code field}
 * must equal {@code value}. The value comes from verified identity only.
 *
 * @param field the payload field holding the tenant
 * @param value the caller's tenant
 */
public record TenantFilter(String field, String value) {
  public TenantFilter {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    if (field.isBlank()) {
      throw new IllegalArgumentException("tenant filter field must not be blank");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("tenant filter value for '" + field + "' must not be empty");
    }
  }
}
