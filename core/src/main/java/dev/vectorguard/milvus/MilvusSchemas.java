package dev.vectorguard.milvus;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The schemas of the Milvus collections the guard saw described, per database, so that a
 * transport whose rows carry no types can keep every vector field out of requests and responses.
 * A binding learns an entry from each describe response that passes through it (under the name
 * asked for, the collection's own name and its aliases) and forgets it whenever the guard sees the
 * collection created, dropped, altered, renamed or an alias of it changed, until the next describe.
 * Changes made by other clients are not seen: a field added since the last describe is unknown,
 * and the rules refuse naming an unknown field under vector stripping. Thread-safe; one book per
 * guarded client.
 */
public final class MilvusSchemas {
  private record Key(String database, String collection) {}

  private final Map<Key, MilvusSchema> schemas = new ConcurrentHashMap<>();

  /** Learns that {@code collection} of {@code database} has {@code schema}; an empty name is ignored. */
  public void learn(String database, String collection, MilvusSchema schema) {
    Objects.requireNonNull(schema, "schema");
    if (!collection.isEmpty()) {
      schemas.put(new Key(database, collection), schema);
    }
  }

  /** Forgets the schema of {@code collection} of {@code database}: it may be about to change. */
  public void forget(String database, String collection) {
    schemas.remove(new Key(database, collection));
  }

  /**
   * The schema of a call that names {@code collections} (a name as sent and the collections known
   * aliases point to), every known one merged; {@code null} when none is known.
   */
  public @Nullable MilvusSchema find(String database, Collection<String> collections) {
    MilvusSchema found = null;
    for (String name : collections) {
      MilvusSchema schema = schemas.get(new Key(database, name));
      if (schema != null) {
        found = found == null ? schema : found.union(schema);
      }
    }
    return found;
  }
}
