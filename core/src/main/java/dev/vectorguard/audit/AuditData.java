package dev.vectorguard.audit;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The data of one audit event, built once in its canonical form: every {@link #put} copies its
 * value as {@link AuditEvent#of(String, String, String, java.time.Instant, Map)} would (JSON values
 * only, maps sorted, nulls left out) into the place its dot path names, so that
 * {@link AuditEvent#of(String, String, String, java.time.Instant, AuditData)} takes the tree as it
 * is instead of copying it a second time. Used once: after an event is made from it, it refuses
 * further puts. Not thread-safe.
 *
 * <pre>{@code
 * AuditData data = new AuditData().put("decision.effect", "allow").put("call.collections", List.of("docs"));
 * AuditEvent event = AuditEvent.of(id, AuditEvent.CALL_STARTED, callId, now, data);
 * }</pre>
 */
public final class AuditData {
  /** The keys of each dot path, split once rather than on every event, and its name in errors. */
  private static final Map<String, Path> KEYS = new ConcurrentHashMap<>();

  /** A dot path split into its keys; {@code label} names it in an error ({@code data.<path>}). */
  private record Path(String[] keys, String label) {
    static Path of(String path) {
      return new Path(path.split("\\."), "data." + path);
    }
  }

  private final TreeMap<String, Object> root = new TreeMap<>();
  private boolean used;

  /**
   * Puts a copy of {@code value} at the dot {@code path}, making the objects on the way; a null
   * value is left out.
   *
   * @throws IllegalArgumentException when {@code value} holds anything but JSON-like values, or
   *     the path runs through a value that is not an object
   * @throws IllegalStateException when an event was already made from this data
   */
  public AuditData put(String path, @Nullable Object value) {
    Objects.requireNonNull(path, "path");
    if (used) {
      throw new IllegalStateException("an audit event was already made from this data");
    }
    if (value == null) {
      return this;
    }
    Path split = KEYS.computeIfAbsent(path, Path::of);
    String[] keys = split.keys();
    TreeMap<String, Object> map = root;
    for (int i = 0; i < keys.length - 1; i++) {
      Object next = map.computeIfAbsent(keys[i], key -> new TreeMap<String, Object>());
      if (!(next instanceof TreeMap<?, ?>)) {
        throw new IllegalArgumentException("audit data at " + keys[i] + " is not an object, so " + path
            + " cannot be put");
      }
      @SuppressWarnings("unchecked")
      TreeMap<String, Object> child = (TreeMap<String, Object>) next;
      map = child;
    }
    map.put(keys[keys.length - 1], AuditEvent.canonical(value, split.label()));
    return this;
  }

  /** The tree, made unmodifiable; this data takes no more puts. */
  Map<String, Object> seal() {
    used = true;
    return sealed(root);
  }

  /** Only the objects made by {@link #put} are still open; values were sealed when they were copied in. */
  private static Map<String, Object> sealed(TreeMap<String, Object> map) {
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      if (entry.getValue() instanceof TreeMap<?, ?> open) {
        @SuppressWarnings("unchecked")
        TreeMap<String, Object> child = (TreeMap<String, Object>) open;
        entry.setValue(sealed(child));
      }
    }
    return Collections.unmodifiableSortedMap(map);
  }
}
