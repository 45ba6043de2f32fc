package dev.vectorguard.chroma;

import dev.vectorguard.Obligations;
import dev.vectorguard.model.FieldExposure;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.util.List;
import java.util.Objects;

/**
 * The rules a Chroma request must satisfy before the guard can make it obey its obligations.
 * Stateless.
 */
public final class ChromaRules {
  /**
   * The pseudo-field a record's document is masked, allowed and filtered as: a mask rule
   * {@code {field: document}} applies to documents, {@code output_fields} without it hide them.
   */
  public static final String DOCUMENT = "document";

  private ChromaRules() {}

  /** How a request reads a record's metadata key or document. */
  public enum ReadUse {
    /** a {@code where} condition, a {@code where_document} one, or a search's {@code filter}. */
    FILTER("filtering on"),
    /** a search's {@code group_by} key: each group shares the key's value. */
    GROUP("grouping by"),
    /** a key a search's {@code group_by} aggregate ranks by ({@code $min_k}, {@code $max_k}). */
    ORDER("ordering by"),
    /** a key a search's {@code rank} scores by ({@code $knn} over a sparse vector key). */
    SCORE("scoring by");

    private final String verb;

    ReadUse(String verb) {
      this.verb = verb;
    }

    /** How the use reads in a refusal ({@code "grouping by"}). */
    public String verb() {
      return verb;
    }
  }

  /**
   * One read of a record by a request.
   *
   * @param use how it reads
   * @param key the metadata key as given (Chroma keys are flat: {@code a.b} is one key), or
   *     {@link #DOCUMENT} for the document
   * @param spelled the key as the request spelled it, for the message ({@code #document})
   * @param exact for a filter, whether it only tests the key for equality with given values
   *     ({@code {"k": v}}, {@code $eq}, {@code $ne}, {@code $in}, {@code $nin}); comparisons,
   *     containment, regular expressions and every document condition are not exact
   */
  public record Read(ReadUse use, String key, String spelled, boolean exact) {
    public Read {
      Objects.requireNonNull(use, "use");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(spelled, "spelled");
    }
  }

  /**
   * Refuses a read that would reveal what {@code obligations} protect: a filter on a masked key or
   * on the document when documents are masked (an oracle for the values the mask hides:
   * {@code {"email": {"$gt": "m"}}}, {@code {"$contains": "ceo"}}), unless every mask on it allows
   * exact lookups and the filter only tests equality; any read of a key outside the allowed output
   * fields (documents too, unless {@link #DOCUMENT} is allowed); any grouping, ordering or scoring
   * by a masked key.
   */
  public static void checkReads(List<Read> reads, Obligations obligations) throws UnenforceableRequestException {
    for (Read read : reads) {
      if (read.key().isEmpty()) {
        throw new UnenforceableRequestException("the request reads an empty metadata key");
      }
      FieldPath field = FieldPath.of(List.of(read.key()));
      String refusal = read.use() == ReadUse.FILTER
          ? FieldExposure.filterRefusal(read.spelled(), field, read.exact(), obligations)
          : FieldExposure.refusal(read.use().verb(), read.spelled(), field, obligations);
      if (refusal != null) {
        throw new UnenforceableRequestException(refusal);
      }
    }
  }

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
