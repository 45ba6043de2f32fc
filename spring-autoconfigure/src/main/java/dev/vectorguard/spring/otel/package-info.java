/** OpenTelemetry integration: spans and the {@code db.client.operation.duration} histogram of the guard's calls. */
@NullMarked
@PublicApi
package dev.vectorguard.spring.otel;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
