/**
 * OpenTelemetry tracing and metrics of guarded calls: {@link dev.vectorguard.opentelemetry.VectorGuardTelemetry}
 * is the entry point; everything else is package-private.
 */
@NullMarked
@PublicApi
package dev.vectorguard.opentelemetry;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
