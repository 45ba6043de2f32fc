package dev.vectorguard.chroma;

import dev.vectorguard.Obligations;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.Objects;

/**
 * The rules a Chroma request must satisfy before the guard can make it obey its obligations.
 * Stateless.
 */
public final class ChromaRules {
  private ChromaRules() {}

  /**
   * Refuses an action that a tenant filter cannot confine: counting a whole collection, upserts and
   * updates by id (they reach another tenant's record with the same id), and forks (they copy
   * every tenant's records).
   */
  public static void check(ChromaApi api, Obligations obligations) throws UnenforceableRequestException {
    Objects.requireNonNull(api, "api");
    if (obligations.tenantFilters().isEmpty()) {
      return;
    }
    String refusal = switch (api.kind()) {
      case COUNT -> "counting all records of a collection cannot be tenant-filtered; use get with a where filter";
      case UPSERT -> "upsert can overwrite another tenant's record with the same id; use add";
      case UPDATE -> "update changes records by id whatever their tenant";
      case FORK -> "forking copies every tenant's records";
      default -> null;
    };
    if (refusal != null) {
      throw new UnenforceableRequestException(refusal);
    }
  }

  /**
   * Refuses confining a delete that selects nothing ({@code {}}: no ids, no {@code where}, no
   * {@code where_document}): Chroma deletes nothing for it, and the tenant condition alone would
   * delete every record of the tenant. A rewrite never widens a call.
   */
  public static void checkDeleteSelects(boolean selectsSomething) throws UnenforceableRequestException {
    if (!selectsSomething) {
      throw new UnenforceableRequestException("the delete selects no records (no ids, where or where_document), and"
          + " the guard does not widen it to the tenant's records");
    }
  }

  /** Refuses a written record whose metadata lacks the caller's tenant value or holds another. */
  public static void checkTenantValue(Object value, String field, String expected, String what)
      throws UnenforceableRequestException {
    if (value == null) {
      throw new UnenforceableRequestException(what + " lacks the tenant field '" + field + "'");
    }
    if (!expected.equals(value)) {
      throw new UnenforceableRequestException(what + " has a tenant field '" + field
          + "' that differs from the caller's tenant");
    }
  }
}
