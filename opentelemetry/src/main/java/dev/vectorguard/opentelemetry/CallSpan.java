package dev.vectorguard.opentelemetry;

import dev.vectorguard.CallOutcome;
import dev.vectorguard.CallRefusedException;
import dev.vectorguard.Decision;
import dev.vectorguard.GuardFailureException;
import dev.vectorguard.GuardedCall;
import dev.vectorguard.VectorGuardException;
import dev.vectorguard.mask.MaskCounts;
import dev.vectorguard.observe.CallObserver;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * The span of one guarded call, ended at its refusal or its completion, and its
 * {@code db.client.operation.duration} measurement. Only what the audit trail may hold goes in:
 * rule ids, the refusal as the caller got it, counts of what masking did, never a value.
 */
final class CallSpan implements CallObserver {
  private static final double NANOS_PER_SECOND = 1e9;

  private final Span span;
  private final Attributes low;
  private final DoubleHistogram duration;
  private final long startNanos;

  CallSpan(Span span, Attributes low, DoubleHistogram duration, long startNanos) {
    this.span = span;
    this.low = low;
    this.duration = duration;
    this.startNanos = startNanos;
  }

  @Override
  public void admitted(GuardedCall call) {
    span.setAttribute(DbAttributes.CALL_ID, call.callId());
    putDecision(span, call.decision());
    span.setAttribute(DbAttributes.ENFORCED, call.enforced());
    if (call.approvalId() != null) {
      span.setAttribute(DbAttributes.APPROVAL_ID, call.approvalId());
    }
  }

  @Override
  public void refused(VectorGuardException refusal) {
    end(refuse(span, refusal));
  }

  @Override
  public void completed(GuardedCall call, CallOutcome outcome) {
    putMasked(outcome.masked());
    if (outcome.resultCount() != null) {
      span.setAttribute(DbAttributes.DB_RESPONSE_RETURNED_ROWS, outcome.resultCount().longValue());
    }
    String errorType = null;
    if (outcome.status() != CallOutcome.Status.OK) {
      errorType = outcome.code();
      span.setAttribute(DbAttributes.ERROR_TYPE, errorType);
      // The outcome's error is what call.completed records: withheld where masks hide fields.
      span.setStatus(StatusCode.ERROR, outcome.error() != null ? outcome.error() : outcome.code());
    }
    end(errorType);
  }

  /**
   * Records {@code refusal} on {@code span}: the decision's effect and rules, the
   * {@value DbAttributes#REFUSED_EVENT} event, {@code error.type} and the status. Returns the
   * {@code error.type}.
   */
  static String refuse(Span span, VectorGuardException refusal) {
    span.setAttribute(DbAttributes.CALL_ID, refusal.callId());
    AttributesBuilder event = Attributes.builder();
    String errorType;
    if (refusal instanceof CallRefusedException refused) {
      putDecision(span, refused.decision());
      event.put(DbAttributes.RULES, refused.decision().rules());
      if (refused.approvalId() != null) {
        span.setAttribute(DbAttributes.APPROVAL_ID, refused.approvalId());
        event.put(DbAttributes.APPROVAL_ID, refused.approvalId());
      }
      errorType = DbAttributes.errorType("refused");
    } else {
      String cause = ((GuardFailureException) refusal).failure().id();
      span.setAttribute(DbAttributes.FAILURE, cause);
      event.put(DbAttributes.FAILURE, cause);
      errorType = DbAttributes.errorType(cause);
    }
    // The message the caller got: built by the guard to name rules, operations and collections only.
    event.put(DbAttributes.REASON, String.valueOf(refusal.getMessage()));
    span.addEvent(DbAttributes.REFUSED_EVENT, event.build());
    span.setAttribute(DbAttributes.ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR, String.valueOf(refusal.getMessage()));
    return errorType;
  }

  private static void putDecision(Span span, Decision decision) {
    span.setAttribute(DbAttributes.DECISION, decision.effect().id());
    span.setAttribute(DbAttributes.RULES, decision.rules());
  }

  private void putMasked(MaskCounts masked) {
    span.setAttribute(DbAttributes.MASKED_FIELDS, masked.fieldsMasked());
    masked.fieldsByAction().forEach((action, count) ->
        span.setAttribute(DbAttributes.MASKED_FIELDS_BY_ACTION.get(action), count));
    span.setAttribute(DbAttributes.MASKED_ENTITIES,
        masked.entitiesByType().values().stream().mapToLong(Long::longValue).sum());
    span.setAttribute(DbAttributes.VECTORS_STRIPPED, masked.vectorsStripped());
    span.setAttribute(DbAttributes.MASKED_RECORDS, masked.records());
  }

  private void end(@Nullable String errorType) {
    double seconds = (System.nanoTime() - startNanos) / NANOS_PER_SECOND;
    duration.record(seconds, errorType == null ? low : low.toBuilder().put(DbAttributes.ERROR_TYPE, errorType).build());
    span.end();
  }
}
