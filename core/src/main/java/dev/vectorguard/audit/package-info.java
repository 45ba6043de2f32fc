/**
 * Audit events, sinks, the hash-chained file trail and its verifier.
 *
 * <p>A typical production trail: {@link dev.vectorguard.audit.HashChainFileSink} behind an
 * {@link dev.vectorguard.audit.AsyncAuditSink}, optionally combined with other sinks through
 * {@link dev.vectorguard.audit.CompositeAuditSink}, user sinks wrapped in
 * {@link dev.vectorguard.audit.IsolatedAuditSink}; checked with
 * {@link dev.vectorguard.audit.AuditVerifier} or {@code vectorguard audit verify}.
 *
 * <p>The events are a published contract: their types are the constants of
 * {@link dev.vectorguard.audit.AuditEvent} ({@code CALL_STARTED}, …), the fields of their data the
 * constants of {@link dev.vectorguard.audit.AuditFields} (dot paths for
 * {@link dev.vectorguard.audit.AuditEvent#get(String)}), and {@code audit-event.schema.json} in
 * this package (JSON Schema draft 2020-12) describes a trail's lines for readers in any language.
 */
@NullMarked
@PublicApi
package dev.vectorguard.audit;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
