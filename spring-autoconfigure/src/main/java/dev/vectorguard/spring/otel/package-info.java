/** OpenTelemetry integration: spans and the {@code db.client.operation.duration} histogram of the guard's calls. */
@NullMarked
package dev.vectorguard.spring.otel;

import org.jspecify.annotations.NullMarked;
