package dev.vectorguard.qdrant;

import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.model.FieldExposure;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import dev.vectorguard.qdrant.QdrantRequestView.KeyRead;
import dev.vectorguard.qdrant.QdrantRequestView.KeyUse;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules a Qdrant request must satisfy before the guard can make it obey its obligations, the
 * same for every transport. A binding asks {@link #check} before it rewrites anything, and the
 * write rules while it walks a write; each throws {@link UnenforceableRequestException} with the
 * reason the call is refused. Stateless.
 */
public final class QdrantRules {
  /** Qdrant's result size when a read names none. */
  public static final long DEFAULT_LIMIT = 10;
  /** Qdrant's group size when a grouped read names none. */
  public static final long DEFAULT_GROUP_SIZE = 3;
  /** A distance matrix's sample size when the request names none. */
  public static final long DEFAULT_MATRIX_SAMPLE = 10;
  /** A distance matrix's neighbours per sampled point when the request names none. */
  public static final long DEFAULT_MATRIX_LIMIT = 3;

  /** What a {@code with_payload} selector asks for. */
  public enum PayloadAsk {
    /** every field: {@code true}, or no selector (the default of most reads). */
    ALL,
    /** no field: {@code false}. */
    NONE,
    /** the fields listed. */
    INCLUDE,
    /** every field but those listed. */
    EXCLUDE
  }

  private QdrantRules() {}

  /**
   * Refuses a request that could not be served safely under {@code obligations} although the
   * policy allows it: raw data past every mask, reads that a tenant filter cannot confine (by id,
   * lookups, point ids as examples), and payload keys whose reading reveals a masked field or one
   * outside the allowed output fields: filters (unless the mask allows exact lookups and the filter
   * only tests equality), orderings, groupings, facets and score formulas, at any depth.
   *
   * @param view the request's answers; {@code null} for actions whose body the guard does not read
   */
  public static void check(QdrantApi api, @Nullable QdrantRequestView view, Obligations obligations)
      throws UnenforceableRequestException {
    Objects.requireNonNull(api, "api");
    if (obligations.isNone()) {
      return;
    }
    boolean tenant = !obligations.tenantFilters().isEmpty();
    QdrantRequestKind kind = api.kind();
    if (kind == QdrantRequestKind.RAW_DATA
        && (tenant || obligations.stripVectors() || !obligations.maskRules().isEmpty())) {
      throw new UnenforceableRequestException(
          "snapshot downloads return raw collection data, which cannot be masked or tenant-filtered");
    }
    if (tenant && (kind == QdrantRequestKind.POINT || kind == QdrantRequestKind.POINTS_BY_IDS)) {
      throw new UnenforceableRequestException("reading points by id cannot be tenant-filtered;"
          + " scroll with a has_id filter instead");
    }
    if (kind == QdrantRequestKind.CLEAR_PAYLOAD) {
      checkClearPayload(obligations);
    }
    if (view == null) {
      return;
    }
    if (tenant && view.looksUpRecords()) {
      throw new UnenforceableRequestException("with_lookup reads records of another collection without the tenant"
          + " filter");
    }
    if (tenant && view.usesPointIdsAsExamples()) {
      throw new UnenforceableRequestException("a point id used as an example loads that point's vector without the"
          + " tenant filter; send the vector instead");
    }
    for (KeyRead read : view.keyReads()) {
      FieldPath field = QdrantPaths.parse(read.key());
      String refusal = read.use() == KeyUse.FILTER
          ? FieldExposure.filterRefusal(read.key(), field, read.exact(), obligations)
          : FieldExposure.refusal(read.use().verb(), read.key(), field, obligations);
      if (refusal != null) {
        throw new UnenforceableRequestException(refusal);
      }
    }
  }

  /** Refuses clearing payloads (alone or in a batch) under a tenant filter: it removes the tenant field. */
  public static void checkClearPayload(Obligations obligations) throws UnenforceableRequestException {
    if (!obligations.tenantFilters().isEmpty()) {
      throw new UnenforceableRequestException("clearing the payload would remove the tenant field '"
          + obligations.tenantFilters().get(0).field() + "'");
    }
  }

  /**
   * Refuses a payload change under the payload key {@code key} ({@code set_payload}'s
   * {@code key}) that could change a tenant field.
   */
  public static void checkPayloadKey(String key, Obligations obligations) throws UnenforceableRequestException {
    TenantFilter hit = FieldExposure.tenantFieldTouched(QdrantPaths.parse(key), obligations);
    if (hit != null) {
      throw new UnenforceableRequestException("setting the payload key '" + key + "' would change the tenant field '"
          + hit.field() + "'");
    }
  }

  /** Refuses deleting payload keys one of which is, holds or lies inside a tenant field. */
  public static void checkDeletedKeys(List<String> keys, Obligations obligations)
      throws UnenforceableRequestException {
    for (String key : keys) {
      TenantFilter hit = FieldExposure.tenantFieldTouched(QdrantPaths.parse(key), obligations);
      if (hit != null) {
        throw new UnenforceableRequestException("deleting the payload key '" + key
            + "' would remove the tenant field '" + hit.field() + "'");
      }
    }
  }

  /**
   * Refuses a point write whose payload value at a tenant field is missing or not the caller's
   * tenant: a written point must land in, and stay in, the caller's tenant.
   *
   * @param value the payload value at {@code tenant.field()} (a {@code String} for a string
   *     value, anything else for other kinds), or {@code null} when the payload has none
   * @param what the point, for the message ({@code "point 7"})
   */
  public static void checkTenantValue(@Nullable Object value, TenantFilter tenant, String what)
      throws UnenforceableRequestException {
    if (value == null) {
      throw new UnenforceableRequestException(what + " lacks the tenant field '" + tenant.field() + "'");
    }
    if (!tenant.value().equals(value)) {
      throw new UnenforceableRequestException(what + " has a tenant field '" + tenant.field()
          + "' that differs from the caller's tenant");
    }
  }

  /**
   * Refuses a points selector that selects nothing: Qdrant rejects it, and with the tenant
   * condition alone it would select every point of the tenant — a rewrite must never widen a call.
   */
  public static void checkSelectorNotEmpty(boolean empty, String where) throws UnenforceableRequestException {
    if (empty) {
      throw new UnenforceableRequestException("'" + where + "' selects no points, and the guard does not widen it to"
          + " the tenant's points");
    }
  }

  /**
   * The payload fields a read may ask for under {@code allowed} output fields, for a selector that
   * asks {@code ask} with {@code fields}: the allowed ones it asks for, sorted. An empty list means
   * the read must ask for no payload at all. Applied to every selector of a request, lookups'
   * included, so that the response carries nothing the masker would have to remove.
   */
  public static List<String> payloadWithin(PayloadAsk ask, List<String> fields, Set<String> allowed) {
    return switch (ask) {
      case ALL -> allowed.stream().sorted().toList();
      case NONE -> List.of();
      // Compared as parsed paths: "\"title\"" asks for title, "meta" for meta.lang; a key Qdrant
      // cannot parse selects nothing here.
      case INCLUDE -> allowed.stream().filter(a -> anyHolds(fields, a)).sorted().toList();
      case EXCLUDE -> allowed.stream().filter(a -> !anyHolds(fields, a)).sorted().toList();
    };
  }

  /** Whether one of the selector's {@code fields} is the allowed field {@code allowed} or holds it. */
  private static boolean anyHolds(List<String> fields, String allowed) {
    FieldPath field = FieldPath.selector(allowed);
    for (String spelled : fields) {
      try {
        if (field.within(QdrantPaths.parse(spelled))) {
          return true;
        }
      } catch (UnenforceableRequestException e) {
        // not a key Qdrant reads: it selects nothing
      }
    }
    return false;
  }

  /**
   * Whether a read of {@code kind} returns payloads when its request has no {@code with_payload}:
   * scrolls and reads by id do, searches, queries and groups do not (and a lookup does). A
   * selector the request left out is read as this default, so that restricting it never asks for
   * more than the caller would have got.
   */
  public static boolean returnsPayloadByDefault(QdrantRequestKind kind) {
    return kind == QdrantRequestKind.SCROLL || kind == QdrantRequestKind.POINTS_BY_IDS
        || kind == QdrantRequestKind.POINT;
  }

  /**
   * The cap on each read of a batch of {@code entries} reads, so that the call as a whole returns at
   * most {@code max} points, as {@code max_results} promises: each entry gets an equal share.
   *
   * @throws UnenforceableRequestException when the batch has more reads than {@code max}: even one
   *     point each would exceed the cap
   */
  public static Obligations batchEntries(int entries, Obligations obligations) throws UnenforceableRequestException {
    Integer max = obligations.maxResults();
    if (max == null || entries <= 1) {
      return obligations;
    }
    if (entries > max) {
      throw new UnenforceableRequestException("a batch of " + entries + " reads would return more than the "
          + max + " points max_results allows; send at most " + max + " reads per batch");
    }
    return obligations.merge(Obligations.builder().maxResults(max / entries).build());
  }

  /** How many of {@code requested} point ids a read by id may name under a cap of {@code max} results. */
  public static int idsWithin(int requested, int max) {
    return Math.min(requested, max);
  }

  /**
   * The group size and number of groups a grouped read may ask for under a cap of {@code max}
   * results: at most {@code max} hits in all.
   *
   * @return {@code {groupSize, groups}}
   */
  public static long[] groupsWithin(long groupSize, long groups, int max) {
    long size = Math.max(1, Math.min(groupSize, max));
    return new long[] {size, Math.max(1, Math.min(groups, max / size))};
  }

  /**
   * The neighbours per point and sample size a distance matrix may ask for under a cap of
   * {@code max}: it returns {@code sample × limit} pairs (or offsets), so their product is capped.
   *
   * @return {@code {limit, sample}}
   */
  public static long[] matrixWithin(long limit, long sample, int max) {
    return groupsWithin(limit, sample, max);
  }

  /**
   * The limit a prefetch may ask for under a cap of {@code max}: a prefetch chooses the candidates
   * the query scores, and its results never reach the caller beyond the query's own limit, but a
   * cap bounds what every part of a read may make the server read.
   */
  public static long prefetchWithin(long limit, int max) {
    return Math.min(limit, max);
  }
}
