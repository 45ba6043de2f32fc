package dev.vectorguard.conformance;

import java.util.Objects;
import java.util.Set;

/**
 * What must hold of the request an allowed call actually sends, stated without reference to any
 * wire. Each {@link TransportBinding} checks it on its own encoding of the request; the checks are
 * deliberately strict (an absent field counts as the server's default, and a default that could
 * break the expectation breaks it).
 */
public sealed interface Expectation {

  /**
   * At most {@code max} results can come back: every result-size field the server reads is at
   * most {@code max}, at any depth and under any alias ({@code limit}, Qdrant REST's {@code top},
   * batch items, prefetches, Milvus {@code topk} and sub-searches); groups count
   * {@code limit × group_size} and distance matrices {@code sample × limit}; gets count their ids.
   */
  record LimitAtMost(int max) implements Expectation {}

  /** No part of the request asks for raw vectors (records, lookups, Milvus output fields). */
  record VectorsNotRequested() implements Expectation {}

  /**
   * Every filter the server applies to the records read or written is the conjunction of the
   * tenant condition ({@code field} = {@link World#TENANT}) and the row's own filter, which is kept
   * whole; a read or write with no filter gets one. Point ids selected for a write lie inside that
   * filter, never beside it. {@code field} is {@link World#TENANT_FIELD}, or (Milvus)
   * {@link World#METADATA_TENANT}, a key inside a JSON field, spelled as the guard writes it.
   */
  record TenantFiltered(String field) implements Expectation {
    public TenantFiltered {
      Objects.requireNonNull(field, "field");
    }
  }

  /**
   * Every record written carries {@link World#TENANT} at {@code path}: {@link World#TENANT_FIELD},
   * or (Milvus) {@link World#METADATA_TENANT_KEY} inside the JSON field {@link World#METADATA_FIELD}.
   */
  record WritesCarryTenant(java.util.List<String> path) implements Expectation {
    public WritesCarryTenant {
      path = java.util.List.copyOf(path);
    }
  }

  /**
   * The payload (Qdrant) or output (Milvus) fields asked for lie within {@code allowed}, in lookups
   * too; asking for everything, or leaving it to a default that returns everything, breaks it.
   */
  record FieldsWithin(Set<String> allowed) implements Expectation {
    public FieldsWithin {
      allowed = Set.copyOf(allowed);
    }
  }

  /** The request is sent exactly as the row spelled it. */
  record Unchanged() implements Expectation {}

  /** The response the caller gets (a listing) holds no string equal to {@code value}. */
  record ResponseOmits(String value) implements Expectation {
    public ResponseOmits {
      Objects.requireNonNull(value, "value");
    }
  }

  static Expectation limitAtMost(int max) {
    return new LimitAtMost(max);
  }

  static Expectation vectorsNotRequested() {
    return new VectorsNotRequested();
  }

  static Expectation tenantFiltered() {
    return new TenantFiltered(World.TENANT_FIELD);
  }

  /** {@link TenantFiltered} on {@link World#METADATA_TENANT}. */
  static Expectation metadataTenantFiltered() {
    return new TenantFiltered(World.METADATA_TENANT);
  }

  static Expectation writesCarryTenant() {
    return new WritesCarryTenant(java.util.List.of(World.TENANT_FIELD));
  }

  /** {@link WritesCarryTenant} in {@link World#METADATA_FIELD}'s {@link World#METADATA_TENANT_KEY}. */
  static Expectation writesCarryMetadataTenant() {
    return new WritesCarryTenant(java.util.List.of(World.METADATA_FIELD, World.METADATA_TENANT_KEY));
  }

  static Expectation fieldsWithin(String... allowed) {
    return new FieldsWithin(Set.of(allowed));
  }

  static Expectation unchanged() {
    return new Unchanged();
  }

  static Expectation responseOmits(String value) {
    return new ResponseOmits(value);
  }
}
