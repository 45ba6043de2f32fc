package dev.vectorguard.milvus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.milvus.MilvusExpressions.Confined;
import dev.vectorguard.milvus.MilvusExpressions.FieldRef;
import dev.vectorguard.milvus.MilvusRequestView.Param;
import dev.vectorguard.milvus.MilvusRequestView.Ranker;
import dev.vectorguard.model.FieldExposure;
import dev.vectorguard.model.FieldPath;
import dev.vectorguard.model.UnenforceableRequestException;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The rules a Milvus request must satisfy before the guard can make it obey its obligations, and
 * the rewrites that make it obey them, the same for every transport. A binding asks
 * {@link #check} before it rewrites anything, then {@link #confine} for every expression,
 * {@link #limit} for every result size and {@link #outputFields} for the output fields it
 * sends; each refusal is an {@link UnenforceableRequestException} with the reason. A rewrite only
 * narrows: it never makes a request read or change more than the caller asked for. Stateless.
 */
public final class MilvusRules {
  /** The largest {@code topk}/{@code limit} Milvus accepts ({@code quotaAndLimits.limits.topK}). */
  public static final long MAX_LIMIT = 16_384;
  /** The result size REST v2 search and query use when the body names none ({@code handler_v2.go}). */
  public static final long REST_DEFAULT_LIMIT = 100;
  /** The output field a count query asks for; it reveals no field's values. */
  public static final String COUNT_STAR = "count(*)";
  /** The output field that selects every field, vectors included. */
  public static final String WILDCARD = "*";
  /** The dynamic field, whose keys are output fields of their own ({@code $meta["key"]} or just {@code key}). */
  public static final String DYNAMIC_FIELD = "$meta";
  /**
   * The data types whose values are vectors ({@code schema.proto}'s {@code DataType}, the names
   * REST schemas use too): float, binary, float16, bfloat16, int8 and sparse vectors, and the
   * arrays of vectors a struct array's sub-field holds.
   */
  public static final Set<String> VECTOR_TYPES = Set.of("FloatVector", "BinaryVector", "Float16Vector",
      "BFloat16Vector", "Int8Vector", "SparseFloatVector", "ArrayOfVector");
  /** The database a request addresses when it names none. */
  public static final String DEFAULT_DATABASE = "default";
  /** The search or rank parameter naming the field hits are grouped by. */
  public static final String GROUP_BY_FIELD = "group_by_field";
  /** The parameter naming several group fields, comma-separated (newer servers). */
  public static final String GROUP_BY_FIELDS = "group_by_fields";
  /** The parameter naming the fields results are ordered by ({@code price:desc,id}; newer servers). */
  public static final String ORDER_BY_FIELDS = "order_by_fields";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MilvusRules() {}

  /**
   * Refuses a request that could not be served safely under {@code obligations} although the
   * policy allows it: writes and reads a tenant filter cannot confine (rows by id, searches by
   * primary keys, upserts, bulk imports, other writes), inserted rows that do not carry the
   * caller's tenant, and, where masks or allowed output fields protect fields, every read of a
   * protected field that would reveal it (filters, groupings, orderings and rankers; see
   * {@code checkReads}).
   *
   * @param view the request's answers; {@code null} for actions whose body the guard does not read
   */
  public static void check(MilvusApi api, @Nullable MilvusRequestView view, Obligations obligations)
      throws UnenforceableRequestException {
    Objects.requireNonNull(api, "api");
    if (obligations.isNone()) {
      return;
    }
    List<TenantFilter> tenants = obligations.tenantFilters();
    if (!tenants.isEmpty()) {
      checkConfinable(api);
    }
    if (view == null) {
      return;
    }
    if (!tenants.isEmpty() && view.searchesByPrimaryKeys()) {
      throw new UnenforceableRequestException("a search by primary keys loads those entities' vectors without the"
          + " tenant filter; send the vectors instead");
    }
    if (!obligations.maskRules().isEmpty() || obligations.allowedOutputFields() != null) {
      checkReads(view, obligations);
    }
    if (api.kind() == MilvusRequestKind.INSERT) {
      for (TenantFilter tenant : tenants) {
        FieldPath field = MilvusExpressions.tenantField(tenant.field());
        for (int row = 0; row < view.rowCount(); row++) {
          checkTenantValue(view.rowValue(row, field), tenant, row);
        }
      }
    }
  }

  /**
   * Refuses every part of a request that reads a field which is masked or outside the allowed
   * output fields, since its answer is an oracle for the values the mask or the field list hides
   * ({@code salary > 100000} with {@code count(*)}, {@code email like "ceo%"}): each expression
   * ({@link MilvusExpressions#references}: filters, sub-searches, hybrid requests, deletes, a boost
   * ranker's filter), unless every mask on the field allows exact lookups and the reference only
   * tests equality; grouping ({@code group_by_field}, {@code group_by_fields}), ordering
   * ({@code order_by_fields}) and scoring (a ranker's input fields, a boost's
   * {@code random_score} field) by such a field. An expression or field the guard cannot read is
   * refused too.
   */
  private static void checkReads(MilvusRequestView view, Obligations obligations) throws UnenforceableRequestException {
    for (String expression : view.expressions()) {
      checkExpression(expression, obligations);
    }
    for (Param param : view.params()) {
      String verb = switch (param.key()) {
        case GROUP_BY_FIELD, GROUP_BY_FIELDS -> "grouping by";
        case ORDER_BY_FIELDS -> "ordering by";
        default -> null;
      };
      if (verb == null) {
        continue;
      }
      List<String> fields = param.key().equals(GROUP_BY_FIELD) ? List.of(param.value()) : List.of(param.value().split(","));
      for (String field : fields) {
        String spelled = param.key().equals(ORDER_BY_FIELDS) ? withoutDirection(field) : field.strip();
        if (!spelled.isEmpty()) {
          checkField(verb, spelled, obligations);
        }
      }
    }
    for (Ranker ranker : view.rankers()) {
      for (String input : ranker.inputFields()) {
        checkField("scoring by", input, obligations);
      }
      String filter = ranker.params().get("filter");
      if (filter != null) {
        checkExpression(filter, obligations);
      }
      String random = ranker.params().get("random_score");
      if (random != null) {
        String field = randomScoreField(random);
        if (field != null) {
          checkField("scoring by", field, obligations);
        }
      }
    }
  }

  private static void checkExpression(String expression, Obligations obligations)
      throws UnenforceableRequestException {
    for (FieldRef ref : MilvusExpressions.references(expression)) {
      String refusal = FieldExposure.filterRefusal(ref.spelled(), ref.field(), ref.exact(), obligations);
      if (refusal != null) {
        throw new UnenforceableRequestException(refusal);
      }
    }
  }

  private static void checkField(String verb, String spelled, Obligations obligations)
      throws UnenforceableRequestException {
    String refusal = FieldExposure.refusal(verb, spelled, MilvusExpressions.parseField(spelled), obligations);
    if (refusal != null) {
      throw new UnenforceableRequestException(refusal);
    }
  }

  /** {@code price} of {@code price:desc}, as Milvus splits an {@code order_by_fields} entry. */
  private static String withoutDirection(String entry) {
    String trimmed = entry.strip();
    int colon = trimmed.lastIndexOf(':');
    if (colon >= 0) {
      String direction = trimmed.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      if (direction.equals("asc") || direction.equals("desc")) {
        return trimmed.substring(0, colon).strip();
      }
    }
    return trimmed;
  }

  /**
   * The field a boost ranker's {@code random_score} ({@code {"seed": 7, "field": "id"}}) draws
   * from, or {@code null} for the default (the primary key): equal values get equal scores.
   */
  private static @Nullable String randomScoreField(String json) throws UnenforceableRequestException {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      node = null;
    }
    if (!(node instanceof ObjectNode object)
        || object.has("field") && !object.get("field").isTextual()) {
      throw new UnenforceableRequestException("the boost ranker's random_score is not an object the guard reads");
    }
    return object.has("field") ? object.get("field").textValue() : null;
  }

  private static void checkConfinable(MilvusApi api) throws UnenforceableRequestException {
    switch (api.kind()) {
      case GET_BY_IDS -> throw new UnenforceableRequestException("reading entities by primary key cannot be"
          + " tenant-filtered; query with a filter on the primary key instead");
      // Milvus replaces the row with the same primary key whoever's it is, and has no conditional
      // upsert: another tenant's row could be taken over.
      case UPSERT -> throw new UnenforceableRequestException("a Milvus upsert replaces rows by primary key whatever"
          + " their tenant, so the policy's tenant filter forbids it; insert and delete instead");
      case BULK_IMPORT -> throw new UnenforceableRequestException("a bulk import writes rows from files whose tenant"
          + " field the guard cannot check; use insert");
      case INSERT, DELETE -> { }
      default -> {
        if (api.access() == AccessLevel.WRITE) {
          throw new UnenforceableRequestException(api.id() + " cannot be confined to one tenant; the policy's tenant"
              + " filter forbids it");
        }
      }
    }
  }

  private static void checkTenantValue(@Nullable Object value, TenantFilter tenant, int row)
      throws UnenforceableRequestException {
    if (value == null) {
      throw new UnenforceableRequestException("row #" + row + " lacks the tenant field '" + tenant.field() + "'");
    }
    if (!tenant.value().equals(value)) {
      throw new UnenforceableRequestException("row #" + row + " has a tenant field '" + tenant.field()
          + "' that differs from the caller's tenant");
    }
  }

  /**
   * The expression to send in place of {@code expression} (with the template values to add), or
   * {@code null} when no tenant filter applies. Every expression of a request must pass here:
   * the top level, each sub-search, each hybrid request.
   *
   * @param expression the request's expression, {@code ""} when it has none
   * @param parameters the template parameter names the request binds beside it
   * @throws UnenforceableRequestException for a delete without an expression (the tenant clause
   *     alone would delete every row of the tenant, and Milvus itself refuses an empty one), and as
   *     {@link MilvusExpressions#andTenants} does
   */
  public static @Nullable Confined confine(MilvusRequestKind kind, String expression, Collection<String> parameters,
      Obligations obligations) throws UnenforceableRequestException {
    if (obligations.tenantFilters().isEmpty()) {
      return null;
    }
    if (kind == MilvusRequestKind.DELETE && expression.isBlank()) {
      throw new UnenforceableRequestException("the delete has no filter expression, so it cannot be confined to the"
          + " tenant");
    }
    return MilvusExpressions.andTenants(expression, parameters, obligations.tenantFilters());
  }

  /**
   * The result size ({@code topk}, {@code limit}) to send so that at most the policy's maximum
   * comes back, or {@code null} when the request's own may be sent. A missing, zero or negative
   * size, or one above the maximum, becomes the maximum (and never more than {@link #MAX_LIMIT}).
   *
   * @param requested the size the request names, {@code null} when it names none
   * @param absentMeans what the server reads a missing size as, {@code null} when it reads it as
   *     unbounded
   */
  public static @Nullable Long limit(@Nullable Long requested, @Nullable Long absentMeans, Obligations obligations) {
    Integer max = obligations.maxResults();
    if (max == null) {
      return null;
    }
    long cap = Math.min(max, MAX_LIMIT);
    if (requested == null) {
      return absentMeans != null && absentMeans > 0 && absentMeans <= max ? null : cap;
    }
    return requested <= 0 || requested > max ? cap : null;
  }

  /**
   * The output fields to send in place of {@code requested}, or {@code null} when it may be sent:
   * only allowed output fields (the wildcard becomes the allowed fields, and {@link #COUNT_STAR}
   * stays), and none of {@code vectorFields} when vectors are stripped. Names are compared as
   * Milvus reads them, without surrounding white space.
   *
   * @param requested the output fields as the server reads them: {@code ["*"]} where it reads a
   *     missing list as every field
   * @param vectorFields the fields the request shows to hold vectors (the fields it searches on)
   */
  public static @Nullable List<String> outputFields(List<String> requested, Collection<String> vectorFields,
      Obligations obligations) {
    return outputFields(requested, vectorFields, null, obligations);
  }

  /**
   * The output fields to send in place of {@code requested}, as
   * {@link #outputFields(List, Collection, Obligations)} decides them, and with the collection's
   * {@code schema} known: its vector fields dropped whatever they are named, and under vector
   * stripping the wildcard replaced by the fields that hold no vectors (and {@link #DYNAMIC_FIELD}
   * when the collection has dynamic fields).
   *
   * @param schema the collection's schema as last described, {@code null} when unknown
   */
  public static @Nullable List<String> outputFields(List<String> requested, Collection<String> vectorFields,
      @Nullable MilvusSchema schema, Obligations obligations) {
    Set<String> allowed = obligations.allowedOutputFields();
    boolean strip = obligations.stripVectors();
    if (allowed == null && !strip) {
      return null;
    }
    List<String> names = requested.stream().map(MilvusRules::outputName).toList();
    Set<String> keep = new LinkedHashSet<>();
    if (allowed != null) {
      if (names.contains(WILDCARD)) {
        keep.addAll(new TreeSet<>(allowed));
      } else {
        names.stream().filter(f -> f.equals(COUNT_STAR) || allowed.contains(f)).forEach(keep::add);
      }
    } else {
      for (String name : names) {
        if (name.equals(WILDCARD) && schema != null) {
          keep.addAll(schema.nonVectorFields());
          if (schema.dynamicFields()) {
            keep.add(DYNAMIC_FIELD);
          }
        } else {
          keep.add(name);
        }
      }
    }
    if (strip) {
      vectorFields.stream().map(MilvusRules::outputName).forEach(keep::remove);
      if (schema != null) {
        keep.removeAll(schema.vectorFields());
      }
    }
    List<String> out = List.copyOf(keep);
    return out.equals(requested) ? null : out;
  }

  /**
   * Refuses output fields that, once restricted by {@link #outputFields}, still select every field
   * ({@code *}) while vectors are stripped, for transports that do not learn the collection's schema
   * (gRPC): the response would strip the vector columns by type, but the vectors would still cross
   * the wire. REST learns schemas and asks {@link #untypedOutputRisk} instead.
   *
   * @param sent the output fields that would be sent
   * @param spelled how the request named them, for the message ({@code "outputFields '*'"})
   */
  public static void checkNoWildcardUnderStrip(List<String> sent, Obligations obligations, String spelled)
      throws UnenforceableRequestException {
    if (obligations.stripVectors() && sent.contains(WILDCARD)) {
      throw new UnenforceableRequestException(spelled + " may return vector fields; list the output fields"
          + " explicitly");
    }
  }

  /**
   * Why output fields {@code sent} could bring back vectors that rows without types cannot tell
   * from text (REST v2 returns binary, float16, bfloat16 and int8 vectors as base64 strings), or
   * {@code null} when they cannot: under vector stripping, every field sent must be a field of the
   * collection's known schema that holds no vectors, {@link #COUNT_STAR}, or the dynamic field
   * ({@code $meta}, {@code $meta["key"]}), whose values are JSON. A name the schema does not know
   * may be a field added since it was described. For transports with typed results (gRPC) the
   * response shows every vector column, and this check is not needed.
   *
   * @param sent the output fields the request will send (after {@link #outputFields})
   * @param schema the collection's schema as last described, {@code null} when unknown
   * @param collection the collection's name, for the message
   */
  public static @Nullable String untypedOutputRisk(List<String> sent, @Nullable MilvusSchema schema,
      String collection, Obligations obligations) {
    if (!obligations.stripVectors()) {
      return null;
    }
    for (String raw : sent) {
      String field = outputName(raw);
      if (field.equals(COUNT_STAR) || field.equals(DYNAMIC_FIELD) || field.startsWith(DYNAMIC_FIELD + "[")) {
        continue;
      }
      if (schema == null) {
        return (field.equals(WILDCARD) ? "'*' selects every field, vector fields too"
            : "output field '" + field + "' may hold binary, float16, bfloat16 or int8 vectors, which come back as"
                + " base64 text") + ", and the guard has not seen the schema of '" + collection + "'; describe the"
            + " collection through the guard first";
      }
      if (!schema.knows(field)) {
        return "output field '" + field + "' is not a field of '" + collection + "' as the guard last saw it"
            + " described, so it may be a vector field added since; describe the collection again, or name a"
            + " dynamic field as " + DYNAMIC_FIELD + "[\"" + field + "\"]";
      }
    }
    return null;
  }

  /** An output field's name as Milvus reads it ({@code translateOutputFields} trims white space). */
  static String outputName(String name) {
    return name.strip();
  }

  /**
   * Whether output fields {@code outputFields} ask for vectors: the wildcard, or a field the
   * request searches on ({@code vectorFields}). A request fact policies and audits see.
   */
  public static boolean vectorsRequested(List<String> outputFields, Collection<String> vectorFields) {
    Set<String> vectors = new java.util.HashSet<>();
    vectorFields.forEach(v -> vectors.add(outputName(v)));
    return outputFields.stream().map(MilvusRules::outputName).anyMatch(f -> f.equals(WILDCARD) || vectors.contains(f));
  }

  /** Whether values of the data type named {@code dataType} ({@code "FloatVector"}) are vectors. */
  public static boolean isVectorType(String dataType) {
    return VECTOR_TYPES.contains(dataType);
  }

  /**
   * Refuses moving a collection into another database (a rename's new database): the call is
   * decided on {@code database}, which the collection would leave.
   *
   * @param target the database the request moves the collection to, {@code null} or empty when none
   */
  public static void checkSameDatabase(String database, @Nullable String target)
      throws UnenforceableRequestException {
    if (target != null && !target.isEmpty() && !target.equals(database)) {
      throw new UnenforceableRequestException("renaming a collection into another database ('" + target
          + "') is not supported by the guard");
    }
  }

  /**
   * The database a request addresses: the one it names, else the one its headers name, else
   * {@link #DEFAULT_DATABASE}, as REST v2 resolves it and gRPC does since milvus#50690; gRPC 2.6
   * checked privileges on the header's database only (milvus#50678), which the guard does not
   * follow.
   */
  public static String database(@Nullable String requested, @Nullable String header) {
    if (requested != null && !requested.isEmpty()) {
      return requested;
    }
    return header != null && !header.isEmpty() ? header : DEFAULT_DATABASE;
  }
}
