package dev.vectorguard.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One audit record. Immutable.
 *
 * <p>Every event has a {@link #schemaVersion()}, a unique {@link #id()}, a {@link #type()} (one of
 * the constants below), a {@link #callId()} linking the events of one call, a {@link #timestamp()}
 * from the guard's clock, and {@link #data()}: a tree of JSON values (strings, numbers, booleans,
 * lists and maps with string keys), every map's keys sorted so that an event has one canonical
 * form ({@link AuditJson}). The fields each type carries are {@link AuditFields}. Secrets and
 * masked values are never put into an event.
 */
public final class AuditEvent {
  /** The schema version written into every event. */
  public static final int SCHEMA_VERSION = 1;

  /** A call was allowed (or recorded by a monitor-mode policy) and is about to be sent. */
  public static final String CALL_STARTED = "call.started";
  /** An allowed call ended: its outcome, latency and what masking changed. */
  public static final String CALL_COMPLETED = "call.completed";
  /** A call was refused, by the policy or because the guard could not decide; nothing was sent. */
  public static final String CALL_REFUSED = "call.refused";
  /** A policy was loaded and is now in force. */
  public static final String POLICY_LOADED = "policy.loaded";
  /** A policy was rejected; the one in force, if any, stays. */
  public static final String POLICY_REJECTED = "policy.rejected";
  /** A full queue dropped events ({@link AsyncAuditSink} with overflow {@code DROP}). */
  public static final String AUDIT_DROPPED = "audit.dropped";
  /** A new file continued the chain after a file that ended in a partial line ({@link HashChainFileSink}). */
  public static final String AUDIT_RECOVERED = "audit.recovered";
  /** A call that needs approval opened a new approval request ({@link dev.vectorguard.approval.Approvals}). */
  public static final String APPROVAL_REQUESTED = "approval.requested";
  /** An approver approved a request that needs more distinct approvers ({@code min_approvals}). */
  public static final String APPROVAL_VOTED = "approval.voted";
  /** A request got its last needed approval: its grant now holds until it expires. */
  public static final String APPROVAL_APPROVED = "approval.approved";
  /** An approver rejected a pending request. */
  public static final String APPROVAL_REJECTED = "approval.rejected";
  /** An approver revoked a pending request or an unused grant. */
  public static final String APPROVAL_REVOKED = "approval.revoked";
  /** A pending request or a grant ran out of time. */
  public static final String APPROVAL_EXPIRED = "approval.expired";
  /** A call used a single-use grant, which is now spent. */
  public static final String APPROVAL_USED = "approval.used";

  private final String id;
  private final String type;
  private final @Nullable String callId;
  private final Instant timestamp;
  private final Map<String, Object> data;
  /**
   * {@link #canonicalBody()}, once computed: an event is immutable, so its canonical bytes never
   * change, and the calling thread can compute them before a writer thread needs them.
   */
  private volatile byte @Nullable [] canonicalBody;

  private AuditEvent(String id, String type, @Nullable String callId, Instant timestamp, Map<String, Object> data) {
    this.id = id;
    this.type = type;
    this.callId = callId;
    this.timestamp = timestamp;
    this.data = data;
  }

  /**
   * An event.
   *
   * @param data JSON-like values only; copied deeply, map keys sorted, null map values left out
   * @throws IllegalArgumentException when {@code data} holds anything but JSON-like values
   */
  public static AuditEvent of(String id, String type, @Nullable String callId, Instant timestamp, Map<String, ?> data) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) deepCopy(Objects.requireNonNull(data, "data"), "data");
    return new AuditEvent(id, type, callId, timestamp, copy);
  }

  /**
   * An event whose data was built once by {@code data} ({@link AuditData#put} already copied every
   * value into canonical form): the tree is taken as it is, not copied again. {@code data} takes
   * no more puts afterwards.
   */
  public static AuditEvent of(String id, String type, @Nullable String callId, Instant timestamp, AuditData data) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(data, "data");
    return new AuditEvent(id, type, callId, timestamp, data.seal());
  }

  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  public String id() {
    return id;
  }

  public String type() {
    return type;
  }

  /** The call this event belongs to, or {@code null} for policy and sink events. */
  public @Nullable String callId() {
    return callId;
  }

  public Instant timestamp() {
    return timestamp;
  }

  /** The event's payload, unmodifiable, with every map's keys sorted. */
  public Map<String, Object> data() {
    return data;
  }

  /** The value at a dot path into {@link #data()} ({@link AuditFields#DECISION_EFFECT}), or {@code null}. */
  public @Nullable Object get(String path) {
    Object current = data;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }

  /**
   * The UTF-8 bytes of this event's canonical JSON ({@link AuditJson}) without its closing brace:
   * the part of a hash-chained line before {@code ,"prev":…}. Computed on first use and kept;
   * callers must not change the array.
   *
   * @throws IOException when the data cannot be written as JSON
   */
  byte[] canonicalBody() throws IOException {
    byte[] body = canonicalBody;
    if (body == null) {
      // Two threads may both compute it; they compute the same bytes.
      body = AuditJson.body(this);
      canonicalBody = body;
    }
    return body;
  }

  /** {@code value} in canonical form (see {@link #of}), for {@link AuditData}. */
  static Object canonical(Object value, String where) {
    return deepCopy(value, where);
  }

  /**
   * Copies a data tree; {@code where} names it in the error. The path inside the tree is only
   * built when a value is refused, so a copy allocates nothing but the copy.
   */
  private static Object deepCopy(Object value, String where) {
    try {
      return copy(value);
    } catch (NotJson e) {
      throw e.reported(where);
    }
  }

  private static Object copy(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> copy = new TreeMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new NotJson(NotJson.Kind.KEY, null);
        }
        if (entry.getValue() != null) {
          try {
            copy.put(key, copy(entry.getValue()));
          } catch (NotJson e) {
            throw e.under("." + key);
          }
        }
      }
      return Collections.unmodifiableSortedMap(copy);
    }
    if (value instanceof List<?> list) {
      Object[] copy = new Object[list.size()];
      int i = 0;
      for (Object element : list) {
        if (element == null) {
          throw new NotJson(NotJson.Kind.NULL, null);
        }
        try {
          copy[i++] = copy(element);
        } catch (NotJson e) {
          throw e.under("[]");
        }
      }
      return List.of(copy);
    }
    throw new NotJson(NotJson.Kind.VALUE, value.getClass());
  }

  /** A value that is not JSON, found while copying; carries the path below the copied value. */
  private static final class NotJson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Kind { KEY, NULL, VALUE }

    private final Kind kind;
    private final @Nullable Class<?> type;
    private final StringBuilder below = new StringBuilder();

    NotJson(Kind kind, @Nullable Class<?> type) {
      super(null, null, false, false);
      this.kind = kind;
      this.type = type;
    }

    NotJson under(String step) {
      below.insert(0, step);
      return this;
    }

    /** The exception the caller sees, with the same message as before paths were built lazily. */
    RuntimeException reported(String where) {
      String path = where + below;
      return switch (kind) {
        case KEY -> new IllegalArgumentException("audit data keys must be strings, at " + path);
        case NULL -> new NullPointerException(path);
        case VALUE -> new IllegalArgumentException("audit data must be JSON values, but " + path + " was a "
            + java.util.Objects.requireNonNull(type).getName());
      };
    }
  }

  @Override
  public String toString() {
    return "AuditEvent{" + type + ", id=" + id + (callId == null ? "" : ", call=" + callId)
        + ", at=" + timestamp + ", " + data + '}';
  }
}
