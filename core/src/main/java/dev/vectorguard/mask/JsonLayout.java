package dev.vectorguard.mask;

import java.util.List;
import java.util.Objects;

/**
 * Where records and vectors sit in a response body, for {@link MaskPlan#maskJson}.
 *
 * <p>Paths are dot-separated object keys from the document root, where {@code [*]} steps into
 * every element of an array: {@code result.points[*].payload} (Qdrant query), {@code result[*][*].payload}
 * (Qdrant search batch), {@code data[*]} (Milvus REST rows), {@code metadatas[*][*]} (Chroma query).
 * A record path locates an object whose fields the mask rules' selectors are relative to; a vector
 * path locates a value removed when vectors are stripped. The empty path is the document root:
 * {@link #ROOT_RECORD} masks a body that is one record, such as a Milvus {@code $meta} JSON blob.
 *
 * @param recordPaths where the records to mask are
 * @param vectorPaths where the vectors to strip are
 */
public record JsonLayout(List<String> recordPaths, List<String> vectorPaths) {
  /** The whole document is one record; nothing is a vector. */
  public static final JsonLayout ROOT_RECORD = new JsonLayout(List.of(""), List.of());

  public JsonLayout {
    recordPaths = List.copyOf(Objects.requireNonNull(recordPaths, "recordPaths"));
    vectorPaths = List.copyOf(Objects.requireNonNull(vectorPaths, "vectorPaths"));
  }

  public static JsonLayout of(List<String> recordPaths, List<String> vectorPaths) {
    return new JsonLayout(recordPaths, vectorPaths);
  }
}
