/** Audit events, sinks, the hash-chained file trail and its verifier. */
@NullMarked
package dev.vectorguard.audit;

import org.jspecify.annotations.NullMarked;
