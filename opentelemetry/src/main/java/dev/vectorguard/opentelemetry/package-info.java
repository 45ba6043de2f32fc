/**
 * OpenTelemetry tracing and metrics of guarded calls: {@link dev.vectorguard.opentelemetry.VectorGuardTelemetry}
 * is the entry point; everything else is package-private.
 */
@NullMarked
package dev.vectorguard.opentelemetry;

import org.jspecify.annotations.NullMarked;
