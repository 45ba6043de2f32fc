package dev.vectorguard.milvus;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of one Milvus collection as a describe response showed them: each field's data
 * type, the sub-fields of its struct arrays, and whether it has dynamic fields. A transport whose
 * rows carry no types (REST v2, where binary, float16, bfloat16 and int8 vectors are base64
 * text) needs it to tell a vector from a string. A type the guard does not know is taken to hold
 * vectors, so that a new kind of vector is stripped rather than passed on. Immutable.
 *
 * <pre>{@code
 * MilvusSchema docs = MilvusSchema.builder().field("id", "Int64").field("bits", "BinaryVector")
 *     .dynamicFields(true).build();
 * docs.holdsVectors("bits");   // true
 * }</pre>
 */
public final class MilvusSchema {
  /** The data types whose values are no vectors ({@code schema.proto}'s {@code DataType} names). */
  static final Set<String> SCALAR_TYPES = Set.of("Bool", "Int8", "Int16", "Int32", "Int64", "Float", "Double",
      "String", "VarChar", "Array", "JSON", "Geometry", "Text", "Timestamptz");

  private final Map<String, String> types;
  private final Map<String, Map<String, String>> structs;
  private final boolean dynamic;
  /** The schema's order, which {@link Map#copyOf} does not keep. */
  private final List<String> order;
  private final List<String> structOrder;

  private MilvusSchema(Map<String, String> types, Map<String, Map<String, String>> structs, boolean dynamic) {
    this.types = Map.copyOf(types);
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    structs.forEach((name, subs) -> copy.put(name, Map.copyOf(subs)));
    this.structs = Map.copyOf(copy);
    this.dynamic = dynamic;
    this.order = List.copyOf(types.keySet());
    this.structOrder = List.copyOf(structs.keySet());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether values of the type named {@code type} are vectors: it is no scalar type the guard knows. */
  public static boolean holdsVectorsType(String type) {
    return !SCALAR_TYPES.contains(type);
  }

  /** Whether {@code field} is a schema field whose values are vectors. */
  public boolean holdsVectors(String field) {
    String type = types.get(field);
    return type != null && holdsVectorsType(type);
  }

  /** The schema fields whose values are vectors. */
  public Set<String> vectorFields() {
    Set<String> out = new LinkedHashSet<>();
    order.stream().filter(this::holdsVectors).forEach(out::add);
    return out;
  }

  /** The schema fields and struct arrays, in schema order, whose values are not vectors themselves. */
  public List<String> nonVectorFields() {
    List<String> out = new java.util.ArrayList<>();
    order.stream().filter(f -> !holdsVectors(f)).forEach(out::add);
    out.addAll(structOrder);
    return out;
  }

  /** Whether {@code field} is a schema field or a struct array of this collection. */
  public boolean knows(String field) {
    return types.containsKey(field) || structs.containsKey(field);
  }

  /** The sub-fields of struct array {@code field} whose values are vectors; empty for other fields. */
  public Set<String> structVectorKeys(String field) {
    Map<String, String> subs = structs.getOrDefault(field, Map.of());
    Set<String> out = new LinkedHashSet<>();
    subs.forEach((name, type) -> {
      if (holdsVectorsType(type)) {
        out.add(name);
      }
    });
    return out;
  }

  /** Whether the collection keeps fields outside its schema in the dynamic field {@code $meta}. */
  public boolean dynamicFields() {
    return dynamic;
  }

  /**
   * This schema and {@code other} as one, for a call that may reach either (a name and the
   * collection an alias of it points to): a field holds vectors when it does in either.
   */
  public MilvusSchema union(MilvusSchema other) {
    Builder b = builder().dynamicFields(dynamic || other.dynamic);
    for (MilvusSchema s : List.of(this, other)) {
      s.types.forEach((name, type) -> b.types.merge(name, type, (a, c) -> holdsVectorsType(a) ? a : c));
      s.structs.forEach((name, subs) -> b.structs.merge(name, subs, (a, c) -> {
        Map<String, String> merged = new LinkedHashMap<>(a);
        c.forEach((k, t) -> merged.merge(k, t, (x, y) -> holdsVectorsType(x) ? x : y));
        return merged;
      }));
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MilvusSchema s && types.equals(s.types) && structs.equals(s.structs) && dynamic == s.dynamic;
  }

  @Override
  public int hashCode() {
    return Objects.hash(types, structs, dynamic);
  }

  @Override
  public String toString() {
    return "MilvusSchema{fields=" + types + ", structs=" + structs + ", dynamic=" + dynamic + '}';
  }

  /** Builds a schema; the first type given for a name wins. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> structs = new LinkedHashMap<>();
    private boolean dynamic;

    private Builder() {}

    /** A schema field and its data type name ({@code "BinaryVector"}; a {@code "(dim)"} suffix is ignored). */
    public Builder field(String name, String type) {
      types.putIfAbsent(Objects.requireNonNull(name, "name"), typeName(type));
      return this;
    }

    /** A struct array field and its sub-fields' data types by their short names. */
    public Builder struct(String name, Map<String, String> subFieldTypes) {
      Map<String, String> subs = new LinkedHashMap<>();
      subFieldTypes.forEach((sub, type) -> subs.put(sub, typeName(type)));
      structs.putIfAbsent(Objects.requireNonNull(name, "name"), subs);
      return this;
    }

    public Builder dynamicFields(boolean dynamicFields) {
      this.dynamic = dynamicFields;
      return this;
    }

    public MilvusSchema build() {
      return new MilvusSchema(types, structs, dynamic);
    }

    private static String typeName(String type) {
      String t = Objects.requireNonNull(type, "type").strip();
      int dim = t.indexOf('(');
      return dim < 0 ? t : t.substring(0, dim).strip();
    }
  }
}
