/**
 * Audit events, sinks, the hash-chained file trail and its verifier.
 *
 * <p>A typical production trail: {@link dev.vectorguard.audit.HashChainFileSink} behind an
 * {@link dev.vectorguard.audit.AsyncAuditSink}, optionally combined with other sinks through
 * {@link dev.vectorguard.audit.CompositeAuditSink}, user sinks wrapped in
 * {@link dev.vectorguard.audit.IsolatedAuditSink}; checked with
 * {@link dev.vectorguard.audit.AuditVerifier} or {@code vectorguard audit verify}.
 */
@NullMarked
package dev.vectorguard.audit;

import org.jspecify.annotations.NullMarked;
