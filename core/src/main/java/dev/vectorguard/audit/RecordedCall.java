package dev.vectorguard.audit;

import dev.vectorguard.AccessLevel;
import dev.vectorguard.Actor;
import dev.vectorguard.Backend;
import dev.vectorguard.Effect;
import dev.vectorguard.Identity;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.RequestFacts;
import dev.vectorguard.Scope;
import dev.vectorguard.VectorCall;
import dev.vectorguard.Workload;
import dev.vectorguard.internal.CallEvents;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A decided call as the audit trail recorded it: who called, the classified call and its request
 * facts, and the decision, read back from a {@code call.started} or {@code call.refused} event, so
 * that the call can be decided again, under another policy, exactly as the guard decided it (a
 * policy reads the identity's attributes, the backend, operation, access level, collections and
 * database; see {@link dev.vectorguard.policy.Policy#decide}).
 *
 * <pre>{@code
 * RecordedCall recorded = RecordedCall.of(AuditJson.parse(line));
 * if (recorded != null) {
 *   Decision now = newPolicy.decide(recorded.identity(), recorded.call());
 * }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class RecordedCall {
  private final AuditEvent event;
  private final Identity identity;
  private final VectorCall call;
  private final Effect effect;
  private final List<String> rules;
  private final boolean enforced;
  private final @Nullable Map<String, Object> obligations;

  private RecordedCall(AuditEvent event, Identity identity, VectorCall call, Effect effect, List<String> rules,
      boolean enforced, @Nullable Map<String, Object> obligations) {
    this.event = event;
    this.identity = identity;
    this.call = call;
    this.effect = effect;
    this.rules = rules;
    this.enforced = enforced;
    this.obligations = obligations;
  }

  /**
   * The decided call {@code event} records, or {@code null} when it records none: an event of
   * another type, or a {@code call.refused} of a call that was refused before it was decided (it
   * could not be identified, classified or parsed, or the policy could not be evaluated).
   *
   * @throws IllegalArgumentException when the event claims a decided call but a field the
   *     decision needs is missing or is not what the guard writes, naming the field
   */
  public static @Nullable RecordedCall of(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    boolean started = event.type().equals(AuditEvent.CALL_STARTED);
    if (!started && !event.type().equals(AuditEvent.CALL_REFUSED) || event.get(AuditFields.DECISION) == null
        || event.get(AuditFields.CALL_BACKEND) == null) {
      return null;
    }
    Effect effect = Effect.valueOf(text(event, AuditFields.DECISION_EFFECT, List.of("allow", "deny", "approve"))
        .toUpperCase(Locale.ROOT));
    Workload workload = Boolean.TRUE.equals(event.get(AuditFields.WORKLOAD_VERIFIED))
        ? Workload.verified(text(event, AuditFields.WORKLOAD_ID, null), strings(event, AuditFields.WORKLOAD_CLAIMS))
        : Workload.configured(text(event, AuditFields.WORKLOAD_ID, null));
    Map<String, String> actor = strings(event, AuditFields.ACTOR);
    Identity identity = Identity.of(workload, actor.isEmpty() ? null : Actor.of(actor));
    Object obligations = event.get(AuditFields.OBLIGATIONS);
    @SuppressWarnings("unchecked")
    Map<String, Object> recorded = obligations instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    return new RecordedCall(event, identity, call(event), effect, list(event, AuditFields.DECISION_RULES),
        !Boolean.FALSE.equals(event.get(AuditFields.DECISION_ENFORCED)), recorded);
  }

  /** The {@code obligations} object a {@code call.started} event records for {@code obligations}. */
  public static @Nullable Map<String, Object> recordedObligations(Obligations obligations) {
    Object recorded = CallEvents.obligations(Objects.requireNonNull(obligations, "obligations")).seal()
        .get(AuditFields.OBLIGATIONS);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = recorded instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    return map;
  }

  private static VectorCall call(AuditEvent event) {
    Backend backend = Backend.fromId(text(event, AuditFields.CALL_BACKEND, null));
    Operation operation = Operation.fromId(text(event, AuditFields.CALL_OPERATION, null));
    AccessLevel access = AccessLevel.fromId(text(event, AuditFields.CALL_ACCESS, null));
    if (backend == null || operation == null || access == null) {
      throw new IllegalArgumentException("call.backend, call.operation or call.access is not one the guard writes: "
          + event.get(AuditFields.CALL));
    }
    String scope = text(event, AuditFields.CALL_SCOPE, List.of("collection", "database", "global"));
    Object limit = event.get(AuditFields.FACTS_LIMIT);
    RequestFacts facts = RequestFacts.builder()
        .limit(limit instanceof Number n ? n.intValue() : null)
        .filterPresent(Boolean.TRUE.equals(event.get(AuditFields.FACTS_FILTER_PRESENT)))
        .vectorsRequested(Boolean.TRUE.equals(event.get(AuditFields.FACTS_VECTORS_REQUESTED)))
        .outputFields(list(event, AuditFields.FACTS_OUTPUT_FIELDS))
        .filterFields(list(event, AuditFields.FACTS_FILTER_FIELDS))
        .build();
    Object database = event.get(AuditFields.CALL_DATABASE);
    try {
      return VectorCall.builder(backend, operation).access(access).scope(Scope.valueOf(scope.toUpperCase(Locale.ROOT)))
          .collections(list(event, AuditFields.CALL_COLLECTIONS)).database(database instanceof String d ? d : null)
          .facts(facts).endpoint(text(event, AuditFields.CALL_ENDPOINT, null)).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the recorded call is not one the guard classifies: " + e.getMessage(), e);
    }
  }

  private static String text(AuditEvent event, String path, @Nullable List<String> allowed) {
    if (!(event.get(path) instanceof String value) || allowed != null && !allowed.contains(value)) {
      throw new IllegalArgumentException(path + " must be " + (allowed == null ? "a string" : "one of " + allowed)
          + ", but was " + event.get(path));
    }
    return value;
  }

  private static List<String> list(AuditEvent event, String path) {
    Object value = event.get(path);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items) || !items.stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException(path + " must be an array of strings, but was " + value);
    }
    return items.stream().map(String.class::cast).toList();
  }

  private static Map<String, String> strings(AuditEvent event, String path) {
    Object value = event.get(path);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map) || !map.values().stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException(path + " must be an object of strings, but was " + value);
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put((String) k, (String) v));
    return out;
  }

  /** The event this was read from. */
  public AuditEvent event() {
    return event;
  }

  public String callId() {
    return Objects.requireNonNull(event.callId(), "a call event has a call id");
  }

  public Instant timestamp() {
    return event.timestamp();
  }

  /** Whether the call was sent ({@code call.started}) rather than refused ({@code call.refused}). */
  public boolean sent() {
    return event.type().equals(AuditEvent.CALL_STARTED);
  }

  public Identity identity() {
    return identity;
  }

  public VectorCall call() {
    return call;
  }

  /** The recorded decision's effect. */
  public Effect effect() {
    return effect;
  }

  /** The ids of the rules that made the recorded decision; empty for the default deny. */
  public List<String> rules() {
    return rules;
  }

  /** Whether the recorded decision was enforced ({@code false} under a monitor-mode policy). */
  public boolean enforced() {
    return enforced;
  }

  /**
   * The obligations as the event recorded them ({@link #recordedObligations}), or {@code null}
   * when it recorded none (a deny, or an approval that was not granted).
   */
  public @Nullable Map<String, Object> obligations() {
    return obligations;
  }

  @Override
  public String toString() {
    return "RecordedCall{" + event.callId() + ", " + identity + ", " + call + ", " + effect.id() + ' ' + rules + '}';
  }
}
