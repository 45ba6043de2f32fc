/**
 * The listener SPI through which telemetry (the {@code vectorguard-opentelemetry} module, say)
 * sees each guarded call start, get decided, be refused or end, without the core depending on it.
 */
@NullMarked
@PublicApi
package dev.vectorguard.observe;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
