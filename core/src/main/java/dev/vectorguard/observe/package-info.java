/**
 * The listener SPI through which telemetry (the {@code vectorguard-opentelemetry} module, say)
 * sees each guarded call start, get decided, be refused or end, without the core depending on it.
 */
@NullMarked
package dev.vectorguard.observe;

import org.jspecify.annotations.NullMarked;
