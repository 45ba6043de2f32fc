/**
 * Actuator integration: the {@code vectorguard} endpoint, the health indicator and the
 * Micrometer metrics {@code vectorguard.decisions} and {@code vectorguard.call.duration}.
 */
@NullMarked
@PublicApi
package dev.vectorguard.spring.actuate;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
